-- The analytics views exist, run with the caller's rights (security_invoker), say what they
-- answer (comment on view), and give the expected answers on a small known data set.
begin;
select plan(12);

select is(
  (select array_agg(v order by v) from unnest(array[
     'v_hourly_token_usage', 'v_daily_usage_cost', 'v_cost_by_model', 'v_tool_execution_distribution',
     'v_tool_failure_rate', 'v_error_patterns', 'v_savings_by_day', 'v_system_prompt_band',
     'v_latency_percentiles', 'v_top_conversations', 'v_unpriced_usage']) v
    where to_regclass('monitoring.' || v) is null),
  null, 'all eleven analytics views exist');

select is(
  (select array_agg(c.relname::text order by 1) from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'monitoring' and c.relkind = 'v'
      and not coalesce(c.reloptions @> array['security_invoker=true'], false)),
  null, 'every view in monitoring is security_invoker');

select is(
  (select array_agg(c.relname::text order by 1) from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'monitoring' and c.relkind in ('v', 'r') and obj_description(c.oid, 'pg_class') is null
      and c.relname not like 'pg\_%'),
  null, 'every table and view in monitoring has a comment');

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'twtest-026', 1, 1, '2020-01-01', true);

-- Day 1 (Aug 3): 10 mcp requests of 300 + 100 tokens, system prompt 198, 100..1000 ms, 1 tool call each,
-- every 5th failing; 2 traditional requests of 5200 + 200 tokens; 1 timeout error.
insert into monitoring.usage_events
  (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, system_prompt_tokens, latency_ms,
   tool_calls, tool_failures, tools, status, error_type, conversation_id, app, environment, prompt_variant)
select 'm' || g, 'twtest-026', '2026-08-03 10:00Z'::timestamptz + g * interval '1 minute', 'openai', 'twtest-026',
       300, 100, 198, 100 * g, 1, (g % 5 = 0)::int,
       jsonb_build_array(jsonb_build_object('name', 'search', 'calls', 1, 'failures', (g % 5 = 0)::int)),
       'ok', null, 'conv-small', 'twtest-026', 'prod', 'mcp'
from generate_series(1, 10) g
union all
select 't' || g, 'twtest-026', '2026-08-03 11:00Z'::timestamptz + g * interval '1 minute', 'openai', 'twtest-026',
       5200, 200, 5200, 2000, 0, 0, null, 'ok', null, 'conv-big', 'twtest-026', 'prod', 'traditional'
from generate_series(1, 2) g
union all
select 'e1', 'twtest-026', '2026-08-03 12:00Z', 'openai', 'twtest-026', 300, 0, 240, 30000, 0, 0, null,
       'error', 'timeout', 'conv-small', 'twtest-026', 'prod', 'mcp';
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;

select results_eq(
  $$select baseline, requests, total_tokens, tokens_saved, token_savings_rate
      from monitoring.v_savings_by_day where app = 'twtest-026' and prompt_variant = 'mcp' order by baseline$$,
  $$values ('mcp'::text, 11::numeric, 4300::numeric, 100::numeric, round(1 - 4300 / 4400.0, 6)),
           ('traditional', 11, 4300, 55100, round(1 - 4300 / 59400.0, 6))$$,
  'savings: 11 mcp requests against 400 and 5,400 tokens per request');

select results_eq(
  $$select hour, avg_system_prompt_tokens, band_low, band_high, band_status
      from monitoring.v_system_prompt_band where app = 'twtest-026' and prompt_variant = 'mcp' order by hour$$,
  $$values ('2026-08-03 10:00Z'::timestamptz, 198.00, 178, 218, 'in_band'),
           ('2026-08-03 12:00Z'::timestamptz, 240.00, 178, 218, 'above')$$,
  'system prompt band: 198 in band, 240 above');

select results_eq(
  $$select tool_name, calls, failures, failure_rate from monitoring.v_tool_failure_rate
     where app = 'twtest-026' order by tool_name$$,
  $$values ('(all tools)'::text, 10::numeric, 2::numeric, 0.2::numeric), ('search', 10, 2, 0.2)$$,
  'tool failure rate: 2 of 10 calls failed');

select results_eq(
  $$select error_type, errors, requests, error_rate from monitoring.v_error_patterns where app = 'twtest-026'$$,
  $$values ('timeout'::text, 1::numeric, 11::numeric, round(1 / 11.0, 6))$$,
  'error patterns: 1 timeout among the 11 mcp requests of its slice');

select results_eq(
  $$select conversation_id, requests::int, total_tokens::int, rank_by_tokens::int, rank_by_cost::int
      from monitoring.v_top_conversations where day = '2026-08-03' and app = 'twtest-026' order by rank_by_tokens$$,
  $$values ('conv-big'::text, 2, 10800, 1, 1), ('conv-small', 11, 4300, 2, 2)$$,
  'top conversations of the day by tokens and by cost');

select ok(
  (select p50_ms between 645.0 and 812.8 and p99_ms between 26007.9 and 32768 and requests = 13
     from monitoring.v_latency_percentiles where model = 'twtest-026' and day = '2026-08-03'),
  'latency percentiles of 100..1000, 2000, 2000, 30000 ms: p50 in the bucket of the 7th value (700 ms: [645, 813)), p99 in 30000''s bucket');

select results_eq(
  $$select requests, total_tokens, cost_usd from monitoring.v_daily_usage_cost
     where app = 'twtest-026' and prompt_variant = 'traditional'$$,
  $$values (2::numeric, 10800::numeric, 0.0108::numeric)$$,
  'daily usage and cost');

insert into monitoring.usage_events
  (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app, environment, prompt_variant)
values ('d2', 'twtest-026', '2026-08-05 10:00Z', 'openai', 'twtest-026', 700000, 0, 'twtest-026', 'prod', 'traditional');
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;
select results_eq(
  $$select day, cost_usd_7d_avg from monitoring.v_daily_usage_cost
     where app = 'twtest-026' and prompt_variant = 'traditional' order by day$$,
  $$values ('2026-08-03'::date, 0.0108 / 7), ('2026-08-05'::date, (0.0108 + 0.7) / 7)$$,
  '7-day moving average: the days'' sum over 7, missing days count as 0');

select results_eq(
  $$select model, requests, cost_usd, share_of_day_cost from monitoring.v_cost_by_model
     where model = 'twtest-026' and day = '2026-08-03'$$,
  $$select 'twtest-026'::text, 13::numeric, 0.0151::numeric,
           round(0.0151 / (select sum(cost_usd) from monitoring.usage_hourly where hour >= '2026-08-03' and hour < '2026-08-04'), 6)$$,
  'cost by model: 4,300 + 10,800 tokens at 1 USD / 1M = 0.0151 USD');

select * from finish();
rollback;
