-- The open alerts and the latest weekly report come from monitoring.alerts / monitoring.reports
-- (built by check-alerts and weekly-report) when those tables exist, read as row JSON so their
-- exact columns do not matter; without the tables the keys are JSON null ("not set up yet").
-- The real tables, if installed, are renamed away inside this transaction and come back at rollback.
begin;
select plan(8);

do $$
begin
  if to_regclass('monitoring.alerts') is not null then
    execute 'alter table monitoring.alerts rename to alerts_hidden_by_603';
  end if;
  if to_regclass('monitoring.reports') is not null then
    execute 'alter table monitoring.reports rename to reports_hidden_by_603';
  end if;
end
$$;

create function pg_temp.dash() returns jsonb language sql as $$
  select monitoring.dashboard_data('2026-10-05 00:00Z', '2026-10-06 00:00Z', interval '1 hour', 'twtest-603')
$$;

select is(pg_temp.dash() -> 'alerts', 'null'::jsonb, 'no alerts table: alerts is null');
select is(pg_temp.dash() -> 'report', 'null'::jsonb, 'no reports table: report is null');

create table monitoring.alerts (id int, severity text, status text, title text, last_seen_at timestamptz, resolved_at timestamptz);
select is(pg_temp.dash() -> 'alerts', '[]'::jsonb, 'an empty alerts table: no open alerts');
insert into monitoring.alerts values
  (1, 'WARNING', 'open', 'daily cost', '2026-10-05 12:00Z', null),
  (2, 'CRITICAL', 'open', 'error rate', '2026-10-05 09:00Z', null),
  (3, 'CRITICAL', 'resolved', 'tool failures', '2026-10-05 13:00Z', '2026-10-05 14:00Z'),
  (4, 'WARNING', 'open', 'tokens per request', '2026-10-05 15:00Z', null);
select is((select jsonb_agg(a ->> 'id') from jsonb_array_elements(pg_temp.dash() -> 'alerts') a), '["2", "4", "1"]'::jsonb,
  'open alerts only, critical first, then the most recently seen');

drop table monitoring.alerts;
create table monitoring.alerts (id int, severity text, resolved_at timestamptz);
insert into monitoring.alerts values (1, 'warning', null), (2, 'critical', '2026-10-05 14:00Z');
select is((select jsonb_agg(a ->> 'id') from jsonb_array_elements(pg_temp.dash() -> 'alerts') a), '["1"]'::jsonb,
  'without a status column, open means not resolved');

create table monitoring.reports (week text, app text, generated_at timestamptz, markdown text, html text, report jsonb);
select is(pg_temp.dash() -> 'report', '{}'::jsonb, 'an empty reports table: {} (no report yet)');
insert into monitoring.reports values
  ('2026-W40', 'other-app', '2026-10-05 06:00Z', '# W40 other', '<html>', '{}'),
  ('2026-W40', null, '2026-10-05 06:00Z', '# W40', '<html>40</html>', '{"big": true}'),
  ('2026-W39', 'twtest-603', '2026-09-28 06:00Z', '# W39', '<html>39</html>', '{}');
select is(pg_temp.dash() -> 'report',
  '{"week": "2026-W40", "app": null, "generated_at": "2026-10-05T06:00:00+00:00", "markdown": "# W40"}'::jsonb,
  'the latest week''s report for all apps (not another app''s), without its HTML and JSON forms');
insert into monitoring.reports values ('2026-W40', 'twtest-603', '2026-10-05 07:00Z', '# W40 mine', '<html>', '{}');
select is(pg_temp.dash() -> 'report' ->> 'markdown', '# W40 mine', 'the filtered app''s own report comes first');

select * from finish();
rollback;
