-- A window that starts and ends inside an hour (issue 17): usage_summary, health_metrics and
-- budget_spend add up the raw events of the two partial edge hours, the rolled-up full hour and
-- the event still in the queue, each once, to the values worked out by hand below.
--
-- Window [10:20, 12:40) on 2026-09-15, app twtest-034; model twtest-034-a is priced at $1 per
-- 1M input and $2 per 1M output tokens, twtest-034-u has no price.
--   e0 10:10      before the window                         (not counted)
--   e1 10:30      start edge, raw    a  in 100 out 10  latency 100 ms
--   e2 11:15      full hour, rolled  a  in 200 out 20  latency 200 ms  error
--   e3 11:50      full hour, queued  a  in 500 out 50  latency 500 ms  tokenizer, tools 2 (1 failed)
--   e4 12:05      end edge, raw      a  in 300 out 30  latency 300 ms  mcp, system prompt 50
--   e5 12:39:59.999  end edge, raw   u  in 400 out 40  no latency
--   e6 12:40      at the window's end                       (not counted)
-- Costs: e1 100 + 20 = 120 micro-USD, e2 240, e3 600, e4 360: 0.00132 USD over 4 priced requests.
-- Latency buckets (bucket b holds [2^((b-1)/3), 2^(b/3)) ms): 100 -> 20, 200 -> 23, 500 -> 27,
-- 300 -> 25. p50: rank 2 of 4 falls at the top of bucket 23: 2^(23/3) = 203.19 -> 203.2.
-- p95: rank 3.8, 0.8 into bucket 27: 2^(26.8/3) = 488.88 -> 488.9; p99: 2^(26.96/3) = 507.29 -> 507.3.
begin;
select plan(12);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());

insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, cache_read_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'twtest-034-a', 1, null, 2, '2020-01-01', true);

create function pg_temp.ev(p_id text, p_at timestamptz, p_model text, p_in int, p_out int, p_latency int,
                           p_status text default 'ok', p_token_source text default 'provider', p_tool_calls int default 0,
                           p_tool_failures int default 0, p_variant text default 'traditional', p_system int default null)
returns void language sql as $$
  insert into monitoring.usage_events
    (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, latency_ms, status, error_type,
     token_source, tool_calls, tool_failures, prompt_variant, system_prompt_tokens, app, environment)
  values (p_id, 'twtest-034', p_at, 'openai', p_model, p_in, p_out, p_latency, p_status,
          case when p_status = 'error' then 'timeout' end, p_token_source, p_tool_calls, p_tool_failures, p_variant,
          p_system, 'twtest-034', 'prod')
$$;

select pg_temp.ev('e0', '2026-09-15 10:10Z', 'twtest-034-a', 1000, 100, 1000);
select pg_temp.ev('e1', '2026-09-15 10:30Z', 'twtest-034-a', 100, 10, 100);
select pg_temp.ev('e2', '2026-09-15 11:15Z', 'twtest-034-a', 200, 20, 200, 'error');
select pg_temp.ev('e4', '2026-09-15 12:05Z', 'twtest-034-a', 300, 30, 300, p_variant => 'mcp', p_system => 50);
select pg_temp.ev('e5', '2026-09-15 12:39:59.999Z', 'twtest-034-u', 400, 40, null);
select pg_temp.ev('e6', '2026-09-15 12:40Z', 'twtest-034-a', 1000, 100, 1000);
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;
-- stored after the rollup ran: still in the queue
select pg_temp.ev('e3', '2026-09-15 11:50Z', 'twtest-034-a', 500, 50, 500, p_token_source => 'tokenizer',
                  p_tool_calls => 2, p_tool_failures => 1);

select is((select count(*)::int from monitoring.usage_rollup_queue q join monitoring.usage_events e on e.id = q.event_id
            where e.source = 'twtest-034'), 1, 'setup: e3 is not rolled up yet');

create temp table s as
select monitoring.usage_summary('2026-09-15 10:20Z', '2026-09-15 12:40Z', 'twtest-034') as j;

select is((select jsonb_build_object(
             'requests', j -> 'requests', 'priced_requests', j -> 'priced_requests',
             'unpriced_requests', j -> 'unpriced_requests', 'unpriced_share', j -> 'unpriced_share',
             'unpriced_input_tokens', j -> 'unpriced_input_tokens', 'unpriced_output_tokens', j -> 'unpriced_output_tokens',
             'errors', j -> 'errors', 'error_rate', j -> 'error_rate',
             'input_tokens', j -> 'input_tokens', 'output_tokens', j -> 'output_tokens', 'total_tokens', j -> 'total_tokens',
             'avg_tokens_per_request', j -> 'avg_tokens_per_request',
             'system_prompt_requests', j -> 'system_prompt_requests', 'avg_system_prompt_tokens', j -> 'avg_system_prompt_tokens',
             'tool_calls', j -> 'tool_calls', 'tool_failures', j -> 'tool_failures', 'tool_failure_rate', j -> 'tool_failure_rate')
           from s),
          '{"requests": 5, "priced_requests": 4, "unpriced_requests": 1, "unpriced_share": 0.200000,
            "unpriced_input_tokens": 400, "unpriced_output_tokens": 40, "errors": 1, "error_rate": 0.200000,
            "input_tokens": 1500, "output_tokens": 150, "total_tokens": 1650, "avg_tokens_per_request": 330.00,
            "system_prompt_requests": 1, "avg_system_prompt_tokens": 50.00,
            "tool_calls": 2, "tool_failures": 1, "tool_failure_rate": 0.500000}'::jsonb,
          'usage_summary: counts and tokens of e1..e5');
select is((select (j ->> 'cost_usd')::numeric from s), 0.00132, 'usage_summary: cost of the four priced requests');
select is((select (j ->> 'cost_per_request')::numeric from s), 0.00033, 'usage_summary: cost per priced request');
select is((select j -> 'token_source' from s),
          '{"provider": 0.800000, "tokenizer": 0.200000, "heuristic": 0.000000}'::jsonb, 'usage_summary: token sources');
select is((select j -> 'latency_ms' from s),
          '{"requests": 4, "avg": 275.0, "p50": 203.2, "p95": 488.9, "p99": 507.3}'::jsonb,
          'usage_summary: latency over the four requests that reported it, percentiles from the merged histogram');
select is((select jsonb_agg(jsonb_build_object('model', m -> 'model', 'requests', m -> 'requests', 'errors', m -> 'errors',
                                                'cost_usd', (m ->> 'cost_usd')::numeric,
                                                'unpriced_requests', m -> 'unpriced_requests'))
             from s, jsonb_array_elements(j -> 'by_model') m),
          '[{"model": "twtest-034-a", "requests": 4, "errors": 1, "cost_usd": 0.00132, "unpriced_requests": 0},
            {"model": "twtest-034-u", "requests": 1, "errors": 0, "cost_usd": 0, "unpriced_requests": 1}]'::jsonb,
          'usage_summary: by_model');
select is((select jsonb_agg(jsonb_build_object('prompt_variant', v -> 'prompt_variant', 'requests', v -> 'requests',
                                                'system_prompt_requests', v -> 'system_prompt_requests'))
             from s, jsonb_array_elements(j -> 'by_prompt_variant') v),
          '[{"prompt_variant": "traditional", "requests": 4, "system_prompt_requests": 0},
            {"prompt_variant": "mcp", "requests": 1, "system_prompt_requests": 1}]'::jsonb,
          'usage_summary: by_prompt_variant');

select is(monitoring.health_metrics('2026-09-15 10:20Z', '2026-09-15 12:40Z', 'twtest-034') - 'from' - 'to' - 'cost_usd',
          '{"requests": 5, "errors": 1, "error_rate": 0.200000, "tool_calls": 2, "tool_failures": 1,
            "tool_failure_rate": 0.500000, "system_prompt_requests": 1, "avg_system_prompt_tokens": 50.00,
            "input_tokens": 1500, "output_tokens": 150, "total_tokens": 1650, "avg_tokens_per_request": 330.00,
            "priced_requests": 4, "unpriced_requests": 1, "unpriced_share": 0.200000}'::jsonb,
          'health_metrics: the same window');
select is((monitoring.health_metrics('2026-09-15 10:20Z', '2026-09-15 12:40Z', 'twtest-034') ->> 'cost_usd')::numeric,
          0.00132, 'health_metrics: cost');
select is(monitoring.health_metrics('2026-09-15 12:05Z', '2026-09-15 12:39Z', 'twtest-034') ->> 'requests', '1',
          'health_metrics: a window inside one hour holds only its own events (e4)');

select is((select jsonb_agg(jsonb_build_object('requests', b.requests, 'cost_usd', b.cost_usd, 'tokens', b.tokens,
                                                'unpriced_requests', b.unpriced_requests, 'unpriced_tokens', b.unpriced_tokens))
             from monitoring.budget_spend('{"app": "twtest-034"}', '2026-09-15 10:20Z', '2026-09-15 12:40Z') b),
          '[{"requests": 5, "cost_usd": 0.00132, "tokens": 1650, "unpriced_requests": 1, "unpriced_tokens": 440}]'::jsonb,
          'budget_spend: the app''s spend in the same window');

select * from finish();
rollback;
