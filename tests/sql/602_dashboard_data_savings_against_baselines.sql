-- Savings against the baselines, per prompt variant over the window, with the definitions of
-- v_savings_by_day: tokens saved = requests × baseline tokens per request - tokens used,
-- system-prompt savings = 1 - average / baseline, cost saved estimated at the actual cost per
-- priced token. Every variant against every baseline, the busiest variant first.
begin;
select plan(6);

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

select is((select jsonb_agg((x ->> 'prompt_variant') || '/' || (x ->> 'baseline')) from d, jsonb_array_elements(j -> 'savings') x),
  '["mcp/mcp", "mcp/traditional", "traditional/mcp", "traditional/traditional"]'::jsonb,
  'each variant against each baseline, mcp (5 requests) first');
select is((select j -> 'savings' -> 1 from d),
  '{"prompt_variant": "mcp", "baseline": "traditional", "requests": 5, "total_tokens": 5400,
    "avg_tokens_per_request": 1080.00, "baseline_tokens_per_request": 5400, "tokens_saved": 21600,
    "token_savings_rate": 0.800000, "avg_system_prompt_tokens": 199.60, "baseline_system_prompt_tokens": 5200,
    "system_prompt_savings_rate": 0.961615, "cost_usd": 0.0061, "cost_saved_usd_est": 0.024400}'::jsonb,
  'mcp vs traditional: 5 × 5400 - 5400 tokens saved, 1 - 199.6 / 5200 of the system prompt, $0.0061 × 27000 / 5400 - $0.0061');
select is((select j -> 'savings' -> 0 from d) - 'prompt_variant' - 'baseline' - 'requests' - 'total_tokens' - 'avg_tokens_per_request'
           - 'cost_usd' - 'avg_system_prompt_tokens' - 'baseline_system_prompt_tokens',
  '{"baseline_tokens_per_request": 400, "tokens_saved": -3400, "token_savings_rate": -1.700000,
    "system_prompt_savings_rate": -0.008081, "cost_saved_usd_est": -0.003841}'::jsonb,
  'mcp vs its own baseline: 2000 - 5400 tokens, i.e. it used more than promised');
select is((select j -> 'savings' -> 3 from d) - 'prompt_variant' - 'baseline' - 'avg_system_prompt_tokens' - 'baseline_system_prompt_tokens',
  '{"requests": 1, "total_tokens": 5500, "avg_tokens_per_request": 5500.00, "baseline_tokens_per_request": 5400,
    "tokens_saved": -100, "token_savings_rate": -0.018519, "system_prompt_savings_rate": 0.000000,
    "cost_usd": 0.0177, "cost_saved_usd_est": -0.000322}'::jsonb,
  'traditional vs traditional: 100 tokens over, system prompt exactly on its baseline');
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;
select is((select sum(v.tokens_saved)::int from monitoring.v_savings_by_day v
            where v.app = 'twtest-600' and v.day = '2026-10-05' and v.prompt_variant = 'mcp' and v.baseline = 'traditional'),
  21600, 'the same tokens saved as v_savings_by_day summed over environments');
select is((select j -> 'savings' from (
  select monitoring.dashboard_data('2026-10-05 00:00Z', '2026-10-06 00:00Z', interval '1 hour', 'no-such-app') as j) e),
  '[]'::jsonb, 'no requests: no savings rows');

select * from finish();
rollback;
