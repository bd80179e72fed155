-- The cost chart: at least seven UTC days ending with the window's last day, each day's cost
-- and its 7-day average (that day and the six before, / 7, as v_daily_usage_cost defines it,
-- counting days without usage as $0), and the monthly projection = the last 7 days × 4.3.
begin;
select plan(7);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());

insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, cache_read_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'twtest-600-a', 1, 0.5, 2, '2020-01-01', true),
       ('anthropic', 'twtest-600-b', 3, null, 15, '2020-01-01', true);

-- Costs by hand ($/1M: a = 1 in, 0.5 cache read, 2 out; b = 3 in, 15 out):
--   e1 (800 + 200 * 0.5 + 200 * 2) / 1e6 = 0.0013   e2 (1200 + 300 * 2) / 1e6 = 0.0018
--   e3 (5400 * 3 + 100 * 15) / 1e6 = 0.0177        e4..e6 (800 + 100 * 2) / 1e6 = 0.001 each
--   e0 (1000) / 1e6 = 0.001 (three days earlier)   x1 is another app.
insert into monitoring.usage_events
  (request_id, source, occurred_at, provider, model, input_tokens, cache_read_tokens, output_tokens,
   system_prompt_tokens, tool_calls, tool_failures, status, error_type, latency_ms, app, environment, prompt_variant)
values
  ('e0', 'twtest-600', '2026-10-02 12:00Z', 'openai', 'twtest-600-a', 1000, 0, 0, 198, 0, 0, 'ok', null, 350, 'twtest-600', 'prod', 'mcp'),
  ('e1', 'twtest-600', '2026-10-05 10:10Z', 'openai', 'twtest-600-a', 1000, 200, 200, 198, 2, 0, 'ok', null, 400, 'twtest-600', 'prod', 'mcp'),
  ('e2', 'twtest-600', '2026-10-05 10:20Z', 'openai', 'twtest-600-a', 1200, 0, 300, 200, 1, 1, 'ok', null, 800, 'twtest-600', 'prod', 'mcp'),
  ('e3', 'twtest-600', '2026-10-05 13:30Z', 'anthropic', 'twtest-600-b', 5400, 0, 100, 5200, 0, 0, 'error', 'rate_limit', 1500, 'twtest-600', 'prod', 'traditional'),
  ('x1', 'twtest-600', '2026-10-05 10:30Z', 'openai', 'twtest-600-a', 999, 0, 1, 198, 0, 0, 'ok', null, 100, 'twtest-600-other', 'prod', 'mcp');
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;
-- Stored after the rollup ran: still queued, and must count all the same.
insert into monitoring.usage_events
  (request_id, source, occurred_at, provider, model, input_tokens, cache_read_tokens, output_tokens,
   system_prompt_tokens, tool_calls, tool_failures, status, error_type, latency_ms, app, environment, prompt_variant)
values
  ('e4', 'twtest-600', '2026-10-05 17:05Z', 'openai', 'twtest-600-a', 800, 0, 100, 190, 1, 0, 'ok', null, 300, 'twtest-600', 'staging', 'mcp'),
  ('e5', 'twtest-600', '2026-10-05 17:15Z', 'openai', 'twtest-600-a', 800, 0, 100, 210, 1, 0, 'ok', null, 500, 'twtest-600', 'staging', 'mcp'),
  ('e6', 'twtest-600', '2026-10-05 17:25Z', 'openai', 'twtest-600-a', 800, 0, 100, 200, 1, 0, 'ok', null, 700, 'twtest-600', 'staging', 'mcp');

create temp table d on commit drop as
select monitoring.dashboard_data('2026-10-05 00:00Z', '2026-10-06 00:00Z', interval '1 hour', 'twtest-600') as j;

select is((select jsonb_agg(x ->> 'day' order by x ->> 'day') from d, jsonb_array_elements(j -> 'daily_cost') x),
  '["2026-09-29", "2026-09-30", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05"]'::jsonb,
  'a 24-hour window still gets seven days, ending with its own');
select is((select j -> 'daily_cost' -> 3 from d),
  '{"day": "2026-10-02", "cost_usd": 0.001, "cost_usd_7d_avg": 0.000143, "requests": 1, "unpriced_requests": 0}'::jsonb,
  'Oct 2: e0 alone; average 0.001 / 7');
select is((select j -> 'daily_cost' -> 6 from d),
  '{"day": "2026-10-05", "cost_usd": 0.0238, "cost_usd_7d_avg": 0.003543, "requests": 6, "unpriced_requests": 0}'::jsonb,
  'Oct 5: six requests, $0.0238; average (0.001 + 0.0238) / 7');
select is((select j -> 'daily_cost' -> 4 ->> 'cost_usd_7d_avg' from d)::numeric, 0.000143,
  'a day without usage still carries the average of the days before it');
select is((select j -> 'projection' from d),
  '{"from_day": "2026-09-29", "to_day": "2026-10-05", "last_7_days_usd": 0.0248, "monthly_usd": 0.10664}'::jsonb,
  'projection: (0.001 + 0.0238) × 4.3');
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;
select is(
  (select round(sum(v.cost_usd_7d_avg), 6) from monitoring.v_daily_usage_cost v where v.app = 'twtest-600' and v.day = '2026-10-05'),
  (select (j -> 'daily_cost' -> 6 ->> 'cost_usd_7d_avg')::numeric from d),
  'the same 7-day average as v_daily_usage_cost once everything is rolled up');
select is((select jsonb_array_length(j -> 'daily_cost') from (
  select monitoring.dashboard_data('2026-09-06 00:00Z', '2026-10-06 00:00Z', interval '1 day', 'twtest-600') as j) m), 30,
  'a 30-day window: 30 days');

select * from finish();
rollback;
