-- An outbox row is about exactly one thing: an alert (alert_id, an alert event, a severity) or
-- a weekly report (report_id, event weekly_report, no severity). A report's key is unique like
-- an alert's, and deleting the report deletes its notifications.
begin;
select plan(9);

insert into monitoring.alerts (id, fingerprint, rule_name, metric, severity, message, first_seen_at, last_seen_at)
  overriding system value values (-321, repeat('ef', 32), 'r', 'error_rate', 'CRITICAL', 'm', now(), now());
insert into monitoring.notification_channels (id, name, kind, secret_name, url, reports)
  overriding system value values (-321, 'tap-321', 'webhook', 'tap_321_secret', 'http://127.0.0.1:9/', true);
insert into monitoring.reports (id, week, period_start, period_end, app, report, markdown, html, data_as_of)
  overriding system value values (-321, '2025-W03', '2025-01-13T00:00:00Z', '2025-01-20T00:00:00Z', 'tap-321',
    '{"kind": "weekly"}', '# r', '<p>r</p>', '2025-01-20T06:00:00Z');

create function pg_temp.queue(p_alert bigint, p_report bigint, p_event text, p_severity text, p_key text)
returns void language sql as $$
  insert into monitoring.notifications (alert_id, report_id, channel_id, event, severity, idempotency_key, message, max_attempts)
  values (p_alert, p_report, -321, p_event, p_severity, p_key, '{}', 8)
$$;

select lives_ok($$select pg_temp.queue(null, -321, 'weekly_report', null, 'tokenwatch:report:weekly:2025-W03:app:tap-321:channel:-321')$$,
  'a report notification: report_id, event weekly_report, no severity');
select lives_ok($$select pg_temp.queue(-321, null, 'opened', 'CRITICAL', 'tokenwatch:alert:-321:1:opened:channel:-321')$$,
  'an alert notification as before');
select throws_ok($$select pg_temp.queue(null, -321, 'weekly_report', null, 'tokenwatch:report:weekly:2025-W03:app:tap-321:channel:-321')$$,
  '23505', null, 'the same report key again is refused');
select throws_ok($$select pg_temp.queue(-321, -321, 'opened', 'CRITICAL', 'k-both')$$, '23514', null,
  'not about an alert and a report at once');
select throws_ok($$select pg_temp.queue(null, null, 'weekly_report', null, 'k-none')$$, '23514', null,
  'not about nothing');
select throws_ok($$select pg_temp.queue(null, -321, 'opened', null, 'k-report-opened')$$, '23514', null,
  'a report row carries event weekly_report');
select throws_ok($$select pg_temp.queue(null, -321, 'weekly_report', 'WARNING', 'k-report-severity')$$, '23514', null,
  'a report row has no severity');
select throws_ok($$select pg_temp.queue(-321, null, 'weekly_report', 'CRITICAL', 'k-alert-report-event')$$, '23514', null,
  'an alert row carries an alert event');

delete from monitoring.reports where id = -321;
select is((select count(*)::int from monitoring.notifications where channel_id = -321 and report_id is not null), 0,
  'deleting a report deletes its notifications');

select * from finish();
rollback;
