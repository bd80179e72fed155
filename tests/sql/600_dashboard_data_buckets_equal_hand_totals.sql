-- monitoring.dashboard_data draws from the engine's numbers: every hourly bucket of a window
-- holds exactly that hour's usage (rolled-up and still-queued events alike), worked out by
-- hand below; the summary is monitoring.usage_summary; system-prompt averages per hour and
-- prompt variant; latency p50/p95 per model from the merged histogram; filters narrow it all.
begin;
select plan(16);

-- The shared usage, costs worked out by hand: tests/sql/support/dashboard_usage.sql.
select tokenwatch_test.load_dashboard_usage();

create temp table d on commit drop as
select monitoring.dashboard_data('2026-10-05 00:00Z', '2026-10-06 00:00Z', interval '1 hour', 'twtest-600') as j;

select is(jsonb_array_length((select j -> 'buckets' from d)), 24, '24 hourly buckets');
select is((select count(*)::int from d, jsonb_array_elements(j -> 'buckets') b where (b ->> 'requests')::int = 0
             and b -> 'error_rate' = 'null'::jsonb and b -> 'tool_success_rate' = 'null'::jsonb
             and (b ->> 'input_tokens')::int = 0), 21, 'the 21 hours without requests are zero, their rates null');
select is((select j -> 'buckets' -> 10 from d),
  '{"t": "2026-10-05T10:00:00+00:00", "requests": 2, "errors": 0, "input_tokens": 2200, "cache_read_tokens": 200,
    "output_tokens": 500, "system_prompt_tokens": 398, "cost_usd": 0.0031, "tool_calls": 3, "tool_failures": 1,
    "error_rate": 0, "tool_success_rate": 0.666667}'::jsonb,
  '10:00: e1 + e2 (the other app''s x1 left out), tool success 2 of 3');
select is((select j -> 'buckets' -> 13 from d),
  '{"t": "2026-10-05T13:00:00+00:00", "requests": 1, "errors": 1, "input_tokens": 5400, "cache_read_tokens": 0,
    "output_tokens": 100, "system_prompt_tokens": 5200, "cost_usd": 0.0177, "tool_calls": 0, "tool_failures": 0,
    "error_rate": 1, "tool_success_rate": null}'::jsonb,
  '13:00: the failed request; no tool calls, so no success rate');
select is((select j -> 'buckets' -> 17 from d),
  '{"t": "2026-10-05T17:00:00+00:00", "requests": 3, "errors": 0, "input_tokens": 2400, "cache_read_tokens": 0,
    "output_tokens": 300, "system_prompt_tokens": 600, "cost_usd": 0.003, "tool_calls": 3, "tool_failures": 0,
    "error_rate": 0, "tool_success_rate": 1}'::jsonb,
  '17:00: the three events still in the rollup queue count');
select is((select j -> 'summary' from d),
  monitoring.usage_summary('2026-10-05 00:00Z', '2026-10-06 00:00Z', 'twtest-600'),
  'summary is usage_summary for the same window and filters');
select is((select (j -> 'summary' ->> 'total_tokens')::int from d), 10900, 'total tokens 10,000 in + 900 out');
select is((select (j -> 'summary' ->> 'cost_usd')::numeric from d), 0.0238, 'cost 0.0013 + 0.0018 + 0.0177 + 3 × 0.001');
select is((select sum((b ->> 'input_tokens')::int)::int from d, jsonb_array_elements(j -> 'buckets') b), 10000,
  'the buckets add up to the summary');
select is((select j -> 'system_prompt' from d),
  '[{"t": "2026-10-05T10:00:00+00:00", "prompt_variant": "mcp", "requests_reporting": 2, "avg_system_prompt_tokens": 199.00},
    {"t": "2026-10-05T17:00:00+00:00", "prompt_variant": "mcp", "requests_reporting": 3, "avg_system_prompt_tokens": 200.00},
    {"t": "2026-10-05T13:00:00+00:00", "prompt_variant": "traditional", "requests_reporting": 1, "avg_system_prompt_tokens": 5200.00}]'::jsonb,
  'system-prompt averages only where reported, per variant: (198 + 200) / 2, (190 + 210 + 200) / 3, 5200');
select is((select j -> 'band' from d),
  '{"baseline": "mcp", "system_prompt_tokens": 198, "tolerance": 20, "low": 178, "high": 218}'::jsonb, 'the mcp band 198 ± 20');
select is((select j -> 'latency' -> 0 from d),
  jsonb_build_object('provider', 'openai', 'model', 'twtest-600-a', 'requests', 5,
    'p50_ms', round(monitoring.hist_percentile(monitoring.hist_from_sparse(
        array(select monitoring.latency_bucket(x) from unnest(array[400, 800, 300, 500, 700]) x), array[1, 1, 1, 1, 1]::bigint[])::bigint[], 0.5)::numeric, 1),
    'p95_ms', round(monitoring.hist_percentile(monitoring.hist_from_sparse(
        array(select monitoring.latency_bucket(x) from unnest(array[400, 800, 300, 500, 700]) x), array[1, 1, 1, 1, 1]::bigint[])::bigint[], 0.95)::numeric, 1)),
  'latency of model a: percentiles of its five requests'' histogram');
select is((select j -> 'latency' -> 1 ->> 'model' from d) || ' ' || (select j -> 'latency' -> 1 ->> 'requests' from d), 'twtest-600-b 1',
  'then model b with its one request');
select is((select jsonb_build_array(j -> 'summary' -> 'requests', j -> 'buckets' -> 10 -> 'input_tokens', j -> 'buckets' -> 17 -> 'input_tokens')
           from (select monitoring.dashboard_data('2026-10-05 00:00Z', '2026-10-06 00:00Z', interval '1 hour', 'twtest-600', 'staging') as j) f),
  '[3, 0, 2400]'::jsonb, 'filtering on environment narrows buckets and summary alike');
select ok((select j -> 'options' -> 'app' from d) @> '["twtest-600", "twtest-600-other"]'::jsonb
          and (select j -> 'options' -> 'model' from d) @> '["twtest-600-a", "twtest-600-b"]'::jsonb,
  'filter options list every app and model of the window, whatever the filter');
select is((select jsonb_array_length(j -> 'buckets') from (
  select monitoring.dashboard_data('2026-09-05 00:00Z', '2026-10-05 00:00Z', interval '1 day', 'twtest-600') as j) m), 30,
  'a 30-day window in daily buckets has 30 of them');

select * from finish();
rollback;
