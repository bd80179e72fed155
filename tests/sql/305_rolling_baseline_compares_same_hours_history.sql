-- A rolling-baseline rule compares the last complete hour with the same hour on each of the
-- previous 7 days (from usage_hourly, plus events not yet rolled up), averaging the days.
--
-- Price: 1,000 USD per 1M tokens = $0.001 per token. Checked at 2025-03-12 09:40 UTC:
--   current window  [2025-03-12 08:00, 09:00)
--   history         the same hour on 03-11 (day 1) ... 03-05 (day 7)
--   day costs       $0.70, $0.70, $1.40, $0.70, $0.70, $0 (no traffic), $0.70 = $4.90 / 7 = $0.70
--   current cost    $1.00 + $1.45 = $2.45 → 2.45 / 0.70 = 3.5x
-- Events just outside the compared hours (07:59:59, 09:00:00, and 09:10 of the current hour,
-- and day 8) must not count.
begin;
select plan(7);

insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'tap-305-model', 1000, 1000, '2020-01-01Z', true);

create function pg_temp.ev(p_at timestamptz, p_tokens int) returns void language sql as $$
  insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, app)
  values (gen_random_uuid()::text, 'tap-305', p_at, 'openai', 'tap-305-model', p_tokens, 'tap-305')
$$;

select pg_temp.ev('2025-03-11 08:10Z', 700), pg_temp.ev('2025-03-10 08:59:59Z', 700), pg_temp.ev('2025-03-09 08:00Z', 1400),
       pg_temp.ev('2025-03-08 08:30Z', 700), pg_temp.ev('2025-03-07 08:30Z', 700), pg_temp.ev('2025-03-05 08:30Z', 700);
-- outside: the hour before and after on day 1, day 8
select pg_temp.ev('2025-03-11 07:59:59Z', 90000), pg_temp.ev('2025-03-11 09:00Z', 90000), pg_temp.ev('2025-03-04 08:30Z', 90000);
-- history in the rollup, the current hour still queued: both count
select monitoring.refresh_usage_rollups();
select pg_temp.ev('2025-03-12 08:00Z', 1000), pg_temp.ev('2025-03-12 08:59:59.999Z', 1450), pg_temp.ev('2025-03-12 09:10Z', 90000);

insert into monitoring.alert_rules (name, metric, comparison, warning_threshold, critical_threshold, time_window, history_days, app, enabled)
values ('tap-305', 'cost_usd', 'above_rolling_baseline', 3, 5, 'last_hour', 7, 'tap-305', false);

create temp table m as
  select * from monitoring.measure_alert_rules('2025-03-12 09:40Z', array[(select id from monitoring.alert_rules where name = 'tap-305')]);

select is((select window_from from m), '2025-03-12 08:00Z'::timestamptz, 'the window starts at the last complete hour');
select is((select window_to from m), '2025-03-12 09:00Z'::timestamptz, 'and ends at the current hour');
select is((select value from m), 2.45::numeric, 'current hour: $1.00 + $1.45');
select is((select history from m), '[0.7, 0.7, 1.4, 0.7, 0.7, 0, 0.7]'::jsonb, 'the same hour on days 1..7, no traffic = $0');
select is((select reference from m), 0.7::numeric, 'history average $4.90 / 7 = $0.70');
select is((select compared from m), 3.5::numeric, '2.45 / 0.70 = 3.5x (above the 3x WARNING, not the 5x CRITICAL)');
select is((select requests from m), 2::bigint, 'two requests in the compared hour');

select * from finish();
rollback;
