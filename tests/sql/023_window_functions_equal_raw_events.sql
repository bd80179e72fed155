-- usage_summary and health_metrics for a window equal an aggregate over the raw events of
-- that window: full hours from the rollup, partial hours at the edges from events, and
-- events not rolled up yet (the queue) all count, each once. Filters narrow all three parts.
begin;
select plan(15);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());

insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, cache_read_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'twtest-023-a', 2.5, 1.25, 10, '2020-01-01', true),
       ('openai', 'twtest-023-b', 0.15, null, 0.6, '2020-01-01', true);

create function pg_temp.events(p_prefix text, p_n int, p_start timestamptz, p_hours int) returns void
language sql as $$
  insert into monitoring.usage_events
    (request_id, source, occurred_at, provider, model, input_tokens, cache_read_tokens, output_tokens,
     reasoning_tokens, system_prompt_tokens, tool_calls, tool_failures, status, error_type, latency_ms,
     app, environment, prompt_variant, token_source)
  select p_prefix || g, 'twtest-023', p_start + (random() * p_hours * 3600) * interval '1 second', 'openai',
         'twtest-023-' || chr(97 + (g % 3)),                      -- a, b, c (c unpriced)
         inp, floor(inp * random() * 0.5)::int, outp, floor(outp * random() * 0.3)::int,
         case when g % 5 = 0 then null else 180 + (g % 50) end,
         g % 3, (g % 3) / 2,
         case when g % 17 = 0 then 'error' else 'ok' end,
         case when g % 17 = 0 then 'timeout' end,
         case when g % 13 = 0 then null else floor(exp(random() * 9))::int end,
         'twtest-023', (array['prod', 'staging'])[1 + (g % 2)], (array['mcp', 'traditional'])[1 + (g % 4 = 0)::int],
         (array['provider', 'tokenizer', 'heuristic'])[1 + (g % 3)]
  from (select g, 300 + floor(random() * 3000)::int as inp, floor(random() * 800)::int as outp
        from generate_series(1, p_n) g) s
$$;

-- What the window functions must say, computed from the raw events alone.
create function pg_temp.expected(p_from timestamptz, p_to timestamptz, p_env text default null, p_model text default null,
                                 p_variant text default null) returns jsonb
language sql as $$
  select jsonb_build_object(
    'requests', count(*),
    'priced_requests', count(cost_usd),
    'unpriced_requests', count(*) - count(cost_usd),
    'errors', count(*) filter (where status = 'error'),
    'error_rate', round(count(*) filter (where status = 'error')::numeric / nullif(count(*), 0), 6),
    'input_tokens', coalesce(sum(input_tokens), 0),
    'cache_read_tokens', coalesce(sum(cache_read_tokens), 0),
    'output_tokens', coalesce(sum(output_tokens), 0),
    'reasoning_tokens', coalesce(sum(reasoning_tokens), 0),
    'system_prompt_requests', count(system_prompt_tokens),
    'avg_system_prompt_tokens', round(avg(system_prompt_tokens), 2),
    'avg_tokens_per_request', round(avg(input_tokens + output_tokens), 2),
    'cost_usd', coalesce(sum(cost_usd), 0),
    'tool_calls', coalesce(sum(tool_calls), 0),
    'tool_failures', coalesce(sum(tool_failures), 0),
    'tool_failure_rate', round(sum(tool_failures)::numeric / nullif(sum(tool_calls), 0), 6),
    'token_source_tokenizer', round(count(*) filter (where token_source = 'tokenizer')::numeric / nullif(count(*), 0), 6),
    'latency_requests', count(latency_ms),
    'latency_avg', round(avg(latency_ms), 1),
    'latency_p95', (select round(monitoring.hist_percentile(monitoring.hist_from_sparse(array_agg(b), array_agg(n))::bigint[], 0.95)::numeric, 1)
                    from (select monitoring.latency_bucket(latency_ms) b, count(*) n from monitoring.usage_events
                           where source = 'twtest-023' and occurred_at >= p_from and occurred_at < p_to
                             and latency_ms is not null
                             and (p_env is null or environment = p_env) and (p_model is null or model = p_model)
                             and (p_variant is null or prompt_variant = p_variant)
                           group by 1) x))
  from monitoring.usage_events
  where source = 'twtest-023' and occurred_at >= p_from and occurred_at < p_to
    and (p_env is null or environment = p_env) and (p_model is null or model = p_model)
    and (p_variant is null or prompt_variant = p_variant)
$$;

-- The same keys, read from usage_summary.
create function pg_temp.actual(p_from timestamptz, p_to timestamptz, p_env text default null, p_model text default null,
                               p_variant text default null) returns jsonb
language sql as $$
  select jsonb_build_object(
    'requests', s -> 'requests', 'priced_requests', s -> 'priced_requests', 'unpriced_requests', s -> 'unpriced_requests',
    'errors', s -> 'errors', 'error_rate', s -> 'error_rate', 'input_tokens', s -> 'input_tokens',
    'cache_read_tokens', s -> 'cache_read_tokens', 'output_tokens', s -> 'output_tokens',
    'reasoning_tokens', s -> 'reasoning_tokens', 'system_prompt_requests', s -> 'system_prompt_requests',
    'avg_system_prompt_tokens', s -> 'avg_system_prompt_tokens', 'avg_tokens_per_request', s -> 'avg_tokens_per_request',
    'cost_usd', s -> 'cost_usd', 'tool_calls', s -> 'tool_calls', 'tool_failures', s -> 'tool_failures',
    'tool_failure_rate', s -> 'tool_failure_rate', 'token_source_tokenizer', s -> 'token_source' -> 'tokenizer',
    'latency_requests', s -> 'latency_ms' -> 'requests', 'latency_avg', s -> 'latency_ms' -> 'avg',
    'latency_p95', s -> 'latency_ms' -> 'p95')
  from monitoring.usage_summary(p_from, p_to, 'twtest-023', p_env, p_model, p_variant) s
$$;

select setseed(0.023);
select pg_temp.events('a', 4000, '2026-09-10 06:00Z', 10);
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;
-- stored after the rollup ran: still in the queue
select pg_temp.events('tail', 600, '2026-09-10 07:00Z', 8);

select cmp_ok((select count(*)::int from monitoring.usage_rollup_queue q join monitoring.usage_events e on e.id = q.event_id
                where e.source = 'twtest-023'), '=', 600, 'setup: 600 events are not rolled up yet');

select is(pg_temp.actual('2026-09-10 08:20Z', '2026-09-10 13:40Z'), pg_temp.expected('2026-09-10 08:20Z', '2026-09-10 13:40Z'),
          'window with partial edge hours and an un-rolled tail = raw events');
select is(pg_temp.actual('2026-09-10 08:00Z', '2026-09-10 14:00Z'), pg_temp.expected('2026-09-10 08:00Z', '2026-09-10 14:00Z'),
          'window on hour boundaries = raw events');
select is(pg_temp.actual('2026-09-10 09:10Z', '2026-09-10 09:50Z'), pg_temp.expected('2026-09-10 09:10Z', '2026-09-10 09:50Z'),
          'window inside one hour = raw events');
select is(pg_temp.actual('2026-09-10 09:10Z', '2026-09-10 10:50Z'), pg_temp.expected('2026-09-10 09:10Z', '2026-09-10 10:50Z'),
          'window across one hour boundary, no full hour = raw events');
select is(pg_temp.actual('2026-09-10 05:30Z', '2026-09-10 16:30Z', 'prod', null, 'mcp'),
          pg_temp.expected('2026-09-10 05:30Z', '2026-09-10 16:30Z', 'prod', null, 'mcp'),
          'filters on environment and prompt variant apply to every part');
select is(pg_temp.actual('2026-09-10 08:20Z', '2026-09-10 13:40Z', null, 'twtest-023-c'),
          pg_temp.expected('2026-09-10 08:20Z', '2026-09-10 13:40Z', null, 'twtest-023-c'),
          'model filter, unpriced model');

do $$ begin perform monitoring.refresh_usage_rollups(); end $$;
select is(pg_temp.actual('2026-09-10 08:20Z', '2026-09-10 13:40Z'), pg_temp.expected('2026-09-10 08:20Z', '2026-09-10 13:40Z'),
          'after the tail is rolled up: the same numbers');

select is(
  (select sum((m ->> 'requests')::int)::int from jsonb_array_elements(monitoring.usage_summary('2026-09-10', '2026-09-11', 'twtest-023') -> 'by_model') m),
  4600, 'by_model adds up to every request');
select is(
  (select jsonb_object_agg(v ->> 'prompt_variant', v -> 'requests')
     from jsonb_array_elements(monitoring.usage_summary('2026-09-10', '2026-09-11', 'twtest-023') -> 'by_prompt_variant') v),
  (select jsonb_object_agg(prompt_variant, n) from (select prompt_variant, count(*) n from monitoring.usage_events
     where source = 'twtest-023' group by 1) x),
  'by_prompt_variant counts each variant''s requests');

select is(
  (select jsonb_build_object('requests', h -> 'requests', 'errors', h -> 'errors', 'error_rate', h -> 'error_rate',
           'tool_failure_rate', h -> 'tool_failure_rate', 'avg_system_prompt_tokens', h -> 'avg_system_prompt_tokens',
           'avg_tokens_per_request', h -> 'avg_tokens_per_request', 'cost_usd', h -> 'cost_usd',
           'unpriced_requests', h -> 'unpriced_requests')
     from monitoring.health_metrics('2026-09-10 08:20Z', '2026-09-10 13:40Z', 'twtest-023') h),
  (select jsonb_build_object('requests', e -> 'requests', 'errors', e -> 'errors', 'error_rate', e -> 'error_rate',
           'tool_failure_rate', e -> 'tool_failure_rate', 'avg_system_prompt_tokens', e -> 'avg_system_prompt_tokens',
           'avg_tokens_per_request', e -> 'avg_tokens_per_request', 'cost_usd', e -> 'cost_usd',
           'unpriced_requests', e -> 'unpriced_requests')
     from pg_temp.expected('2026-09-10 08:20Z', '2026-09-10 13:40Z') e),
  'health_metrics = raw events');

select is(monitoring.health_metrics('2001-01-01', '2001-01-02', 'twtest-023') - 'from' - 'to',
  '{"requests": 0, "errors": 0, "error_rate": null, "tool_calls": 0, "tool_failures": 0, "tool_failure_rate": null,
    "system_prompt_requests": 0, "avg_system_prompt_tokens": null, "input_tokens": 0, "output_tokens": 0,
    "total_tokens": 0, "avg_tokens_per_request": null, "cost_usd": 0, "priced_requests": 0,
    "unpriced_requests": 0, "unpriced_share": null}'::jsonb,
  'an empty window: zero counts, NULL rates');
select is(monitoring.usage_summary('2001-01-01', '2001-01-02', 'twtest-023') -> 'latency_ms',
          '{"requests": 0, "avg": null, "p50": null, "p95": null, "p99": null}'::jsonb, 'an empty window: no latency');
select is(jsonb_typeof(monitoring.usage_summary('2001-01-01', '2001-01-02', 'twtest-023') -> 'by_model'), 'array',
          'by_model is an array even when empty');
select is((monitoring.usage_summary('2026-09-10', '2026-09-11', 'twtest-023') ->> 'from')::timestamptz, '2026-09-10'::timestamptz,
          'the summary echoes its window');

select * from finish();
rollback;
