-- Savings against the baselines, per prompt variant over the window, with the definitions of
-- v_savings_by_day: tokens saved = requests × baseline tokens per request - tokens used,
-- system-prompt savings = 1 - average / baseline, cost saved estimated at the actual cost per
-- priced token. Every variant against every baseline, the busiest variant first.
begin;
select plan(6);

-- The shared usage, costs worked out by hand: tests/sql/support/dashboard_usage.sql.
select tokenwatch_test.load_dashboard_usage();

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
