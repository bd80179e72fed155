-- measure_alert_rules measures each rule in its own scope and window, from health_metrics:
-- scope filters (app, environment, model, prompt_variant) and windows (rolling minutes/hours
-- ending at the check, today from 00:00 UTC). Checked at 2025-03-12 09:40 UTC.
begin;
select plan(8);

create function pg_temp.ev(p_at timestamptz, p_env text, p_variant text, p_status text default 'ok') returns void language sql as $$
  insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, status, app, environment, prompt_variant)
  values (gen_random_uuid()::text, 'tap-306', p_at, 'openai', 'tap-306-model', 100, p_status, 'tap-306', p_env, p_variant)
$$;

select pg_temp.ev('2025-03-12 09:38Z', 'prod', 'mcp', 'error'),   -- 2 minutes ago
       pg_temp.ev('2025-03-12 09:30Z', 'prod', 'mcp'),            -- 10 minutes ago
       pg_temp.ev('2025-03-12 09:00Z', 'staging', 'mcp', 'error'),
       pg_temp.ev('2025-03-12 08:41Z', 'prod', 'traditional'),    -- 59 minutes ago
       pg_temp.ev('2025-03-12 08:40Z', 'prod', 'mcp'),            -- exactly an hour ago: in [now - 1h, now)
       pg_temp.ev('2025-03-12 00:00Z', 'prod', 'mcp'),            -- first instant of today
       pg_temp.ev('2025-03-11 23:59:59Z', 'prod', 'mcp');         -- yesterday

insert into monitoring.alert_rules (name, metric, warning_threshold, time_window, app, environment, prompt_variant, enabled) values
  ('tap-306-all-hour', 'requests', 1, 'last_hour', 'tap-306', null, null, false),
  ('tap-306-5m', 'requests', 1, 'last_5m', 'tap-306', null, null, false),
  ('tap-306-prod-mcp-hour', 'requests', 1, 'last_hour', 'tap-306', 'prod', 'mcp', false),
  ('tap-306-today', 'requests', 1, 'today', 'tap-306', null, null, false),
  ('tap-306-errors-hour', 'error_rate', 0.5, 'last_hour', 'tap-306', null, null, false),
  ('tap-306-other-app', 'requests', 1, 'last_hour', 'tap-306-nobody', null, null, false);

create temp table m as
  select * from monitoring.measure_alert_rules('2025-03-12 09:40Z',
    array(select id from monitoring.alert_rules where name like 'tap-306-%'));

select is((select requests from m where rule_name = 'tap-306-all-hour'), 5::bigint, 'last hour: 09:38, 09:30, 09:00, 08:41, 08:40');
select is((select requests from m where rule_name = 'tap-306-5m'), 1::bigint, 'last 5 minutes: 09:38');
select is((select requests from m where rule_name = 'tap-306-prod-mcp-hour'), 3::bigint, 'prod + mcp in the last hour: 09:38, 09:30, 08:40');
select is((select requests from m where rule_name = 'tap-306-today'), 6::bigint, 'today (UTC): everything since 00:00, not 23:59:59 yesterday');
select is((select window_from from m where rule_name = 'tap-306-today'), '2025-03-12 00:00Z'::timestamptz, 'today starts at 00:00 UTC');
select is((select value from m where rule_name = 'tap-306-errors-hour'), 0.4::numeric, 'error rate in the last hour: 2 / 5');
select is((select requests || '/' || value from m where rule_name = 'tap-306-other-app'), '0/0',
  'another app''s scope sees none of these events');
select is((select count(*)::int from monitoring.measure_alert_rules('2025-03-12 09:40Z') where rule_name like 'tap-306-%'), 0,
  'without rule ids only enabled rules are measured');

select * from finish();
rollback;
