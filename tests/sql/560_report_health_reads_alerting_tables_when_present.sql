-- The report's alerts-and-health section reads monitoring.health_checks and monitoring.alerts
-- when they exist and says "available": false when they do not. The test replaces whatever
-- the alerting migrations created with minimal tables holding only the columns the report
-- relies on (inside the transaction; everything is rolled back).
begin;
select plan(9);
set local client_min_messages = warning;

drop table if exists monitoring.alerts cascade;
drop table if exists monitoring.health_checks cascade;

select is(monitoring.report_health('2025-03-03', '2025-03-10') #> '{checks,available}', 'false'::jsonb, 'no health_checks table: not available');
select is(monitoring.report_health('2025-03-03', '2025-03-10') #> '{alerts,available}', 'false'::jsonb, 'no alerts table: not available');

create table monitoring.health_checks (checked_at timestamptz, score smallint, status text, checks jsonb);
create table monitoring.alerts (rule_name text, severity text, first_seen_at timestamptz, last_seen_at timestamptz,
                                resolved_at timestamptz, occurrences int, value numeric, message text);
insert into monitoring.health_checks values
  ('2025-03-02 23:55Z', 10, 'critical', '[]'),  -- the week before: not counted
  ('2025-03-04 10:00Z', 50, 'critical', '[{"rule": "error_rate", "severity": "CRITICAL", "passed": false, "message": "error rate 9%"}]'),
  ('2025-03-05 10:00Z', 100, 'healthy', '[{"rule": "error_rate", "severity": "INFO", "passed": true}]'),
  ('2025-03-09 23:55Z', 80, 'warning', '[{"rule": "tokens_per_request", "severity": "WARNING", "passed": false, "message": "650 > 600"}]');
insert into monitoring.alerts values
  ('error_rate', 'CRITICAL', '2025-03-04 10:00Z', '2025-03-04 10:00Z', '2025-03-05 10:20Z', 1, 0.09, 'error rate 9%'),
  ('tokens_per_request', 'WARNING', '2025-03-09 23:55Z', '2025-03-09 23:55Z', null, 1, 650, '650 > 600'),
  ('old', 'WARNING', '2025-02-01 00:00Z', '2025-02-01 00:00Z', '2025-02-02 00:00Z', 3, 1, 'long gone');

select is(monitoring.report_health('2025-03-03', '2025-03-10') #> '{checks,count}', '3'::jsonb, 'three checks in the week');
select is(monitoring.report_health('2025-03-03', '2025-03-10') #> '{checks,latest}',
          '{"checked_at": "2025-03-09T23:55:00+00:00", "score": 80, "status": "warning"}'::jsonb, 'the latest check');
select is((monitoring.report_health('2025-03-03', '2025-03-10') #>> '{checks,avg_score}')::numeric, 76.7, 'average (50 + 100 + 80) / 3 = 76.7');
select is(monitoring.report_health('2025-03-03', '2025-03-10') #> '{checks,failing_rules}',
          '[{"rule": "error_rate", "failed_checks": 1, "worst_severity": "CRITICAL", "last_value": null, "last_message": "error rate 9%"},
            {"rule": "tokens_per_request", "failed_checks": 1, "worst_severity": "WARNING", "last_value": null, "last_message": "650 > 600"}]'::jsonb,
          'failing rules, worst first');
select is(monitoring.report_health('2025-03-03', '2025-03-10') #> '{alerts,active}', '2'::jsonb, 'two alerts active in the week');
select is((monitoring.report_health('2025-03-03', '2025-03-10') -> 'alerts') - 'list' - 'available',
          '{"active": 2, "opened": 2, "resolved": 1, "open_at_end": 1, "critical": 1, "warning": 1}'::jsonb, 'opened, resolved, open at the end');
select is((monitoring.weekly_report_data('2025-03-03T00:00:00Z', 'h6-pgtap-health') -> 'executive') -> 'health_score', '80'::jsonb,
          'the executive summary shows the latest score');

select * from finish();
rollback;
