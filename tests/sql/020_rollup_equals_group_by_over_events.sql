-- After random inserts, late events for hours already rolled up, and retried duplicates,
-- usage_hourly and tool_usage_hourly equal a GROUP BY over the raw events, field by field.
begin;
select plan(7);

-- Hold the rollup lock for the whole test so the pg_cron job cannot run in between
-- (refresh_usage_rollups re-enters a lock its own session holds).
select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());

insert into monitoring.model_prices
  (provider, model_pattern, input_per_mtok, cache_read_per_mtok, cache_write_per_mtok, cache_write_1h_per_mtok,
   output_per_mtok, effective_from, custom)
values ('openai', 'twtest-020-a', 2.5, 1.25, null, null, 10, '2020-01-01', true),
       ('anthropic', 'twtest-020-b', 3, 0.3, 3.75, 6, 15, '2020-01-01', true);
-- twtest-020-c has no price.

-- p_n random events in [p_start, p_start + p_hours), request ids p_prefix || n
create function pg_temp.random_events(p_prefix text, p_n int, p_start timestamptz, p_hours int) returns void
language sql as $$
  insert into monitoring.usage_events
    (request_id, source, occurred_at, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
     cache_write_1h_tokens, output_tokens, reasoning_tokens, system_prompt_tokens, tool_calls, tool_failures,
     status, error_type, latency_ms, conversation_id, user_id, app, environment, prompt_variant, token_source, tools)
  select p_prefix || g, 'twtest-020', p_start + (random() * p_hours * 3600) * interval '1 second',
         case m when 1 then 'openai' when 2 then 'anthropic' else 'acme' end,
         'twtest-020-' || chr(96 + m),
         inp, floor(inp * r1 * 0.5)::int, cw, floor(cw * r2)::int, outp, floor(outp * r3)::int,
         case when r4 < 0.2 then null else 150 + floor(r4 * 100)::int end,
         tc, tf,
         case when r5 < 0.1 then 'error' else 'ok' end,
         case when r5 < 0.05 then 'rate_limit' when r5 < 0.1 then 'timeout' end,
         case when r6 < 0.1 then null else floor(exp(r6 * 10))::int end,
         'conv-' || (g % 37), 'user-' || (g % 11),
         'twtest-020-' || (array['x', 'y'])[1 + (g % 2)],
         (array['prod', null])[1 + (g % 3 = 0)::int],
         (array['mcp', 'traditional', null])[1 + (g % 3)],
         (array['provider', 'provider', 'tokenizer', 'heuristic'])[1 + (g % 4)],
         case when tc = 0 then null
              else jsonb_build_array(jsonb_build_object('name', (array['search', 'fetch', 'calc'])[1 + (g % 3)],
                                                        'calls', tc, 'failures', tf)) end
  from (
    select g, 1 + (g % 3) as m,
           400 + floor(random() * 5000)::int as inp,
           floor(random() * 60)::int as cw,
           floor(random() * 1500)::int as outp,
           random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6,
           (g % 4) as tc, (g % 4) / 2 as tf
    from generate_series(1, p_n) g
  ) s
$$;

select setseed(0.2020);
select pg_temp.random_events('a', 3000, '2026-10-05 06:00Z', 10);
select is((monitoring.refresh_usage_rollups() ->> 'ran')::boolean, true, 'first rollup runs');

-- late events for hours already rolled up, and new hours
select pg_temp.random_events('late', 800, '2026-10-05 04:00Z', 8);
-- retried duplicates: same (source, request_id), different values and times
insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app)
select 'a' || g, 'twtest-020', '2026-10-05 12:00Z', 'openai', 'twtest-020-a', 99999, 99999, 'twtest-020-x'
from generate_series(1, 500) g
on conflict do nothing;
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;

select is((select count(*)::int from monitoring.usage_events where source = 'twtest-020'), 3800,
          'the retried duplicates were not stored');

select results_eq(
  $$select hour, provider, model, app, environment, prompt_variant, status, error_type,
           requests, errors, tool_calls, tool_failures, input_tokens, cache_read_tokens, cache_write_tokens,
           cache_write_1h_tokens, output_tokens, reasoning_tokens, system_prompt_tokens, system_prompt_requests,
           cost_usd, unpriced_requests, unpriced_input_tokens, unpriced_output_tokens, latency_ms_sum,
           latency_requests, token_source_provider, token_source_tokenizer, token_source_heuristic
      from monitoring.usage_hourly where app like 'twtest-020-%'
     order by hour, provider, model, app, environment nulls first, prompt_variant nulls first, status, error_type nulls first$$,
  $$select date_trunc('hour', occurred_at, 'UTC'), provider, model, app, environment, prompt_variant, status, error_type,
           count(*), count(*) filter (where status = 'error'), sum(tool_calls), sum(tool_failures),
           sum(input_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(cache_write_1h_tokens),
           sum(output_tokens), sum(reasoning_tokens), coalesce(sum(system_prompt_tokens), 0), count(system_prompt_tokens),
           coalesce(sum(cost_usd), 0), count(*) filter (where cost_usd is null),
           coalesce(sum(input_tokens) filter (where cost_usd is null), 0),
           coalesce(sum(output_tokens) filter (where cost_usd is null), 0),
           coalesce(sum(latency_ms), 0), count(latency_ms),
           count(*) filter (where token_source = 'provider'), count(*) filter (where token_source = 'tokenizer'),
           count(*) filter (where token_source = 'heuristic')
      from monitoring.usage_events where source = 'twtest-020'
     group by 1, 2, 3, 4, 5, 6, 7, 8
     order by 1, 2, 3, 4, 5 nulls first, 6 nulls first, 7, 8 nulls first$$,
  'usage_hourly = GROUP BY over the events, every field');

select bag_eq(
  $$select h.hour, h.model, h.app, h.environment, h.prompt_variant, h.status, h.error_type, (u.i - 1)::int, u.n::bigint
      from monitoring.usage_hourly h, unnest(h.latency_hist) with ordinality u(n, i)
     where h.app like 'twtest-020-%' and u.n > 0$$,
  $$select date_trunc('hour', occurred_at, 'UTC'), model, app, environment, prompt_variant, status, error_type,
           monitoring.latency_bucket(latency_ms), count(*)
      from monitoring.usage_events where source = 'twtest-020' and latency_ms is not null
     group by 1, 2, 3, 4, 5, 6, 7, 8$$,
  'latency histograms = per-bucket counts over the events');

select results_eq(
  $$select hour, tool_name, app, environment, model, prompt_variant, requests, calls, failures
      from monitoring.tool_usage_hourly where app like 'twtest-020-%'
     order by hour, tool_name, app, environment nulls first, model, prompt_variant nulls first$$,
  $$select date_trunc('hour', e.occurred_at, 'UTC'), t.x ->> 'name', e.app, e.environment, e.model, e.prompt_variant,
           count(*), sum((t.x ->> 'calls')::bigint)::bigint, sum((t.x ->> 'failures')::bigint)::bigint
      from monitoring.usage_events e, jsonb_array_elements(e.tools) t(x)
     where e.source = 'twtest-020'
     group by 1, 2, 3, 4, 5, 6
     order by 1, 2, 3, 4 nulls first, 5, 6 nulls first$$,
  'tool_usage_hourly = GROUP BY over the events'' tools');

select is((select count(*)::int from monitoring.usage_rollup_queue q
            join monitoring.usage_events e on e.id = q.event_id where e.source = 'twtest-020'),
          0, 'no event of the test is left in the queue');

select cmp_ok((select count(*)::int from monitoring.usage_hourly
                where app like 'twtest-020-%' and hour < '2026-10-05 06:00Z'), '>', 0,
              'late events created rows for hours before the first batch');

select * from finish();
rollback;
