-- Window functions: usage_summary and health_metrics for any [p_from, p_to) and filters.
--
-- Time stays flat as history grows: the full UTC hours inside the window come from
-- monitoring.usage_hourly (an index range on hour), and only the partial hours at the two
-- edges are read from usage_events (two index ranges on occurred_at, at most two hours).
--
-- Events stored but not yet rolled up (the rollup runs every minute) still count: for the
-- full hours the functions add the queued events (monitoring.usage_rollup_queue, which holds
-- the columns needed) to the rollup rows. Everything is read in one statement, so one snapshot:
-- an event is either in the rollup or still in the queue, never both and never neither, even
-- while a rollup runs concurrently. (Calling the rollup first was the alternative; it would
-- make a read function write, and a try-locked call could not promise to have run.) The
-- queue is a minute of traffic in normal operation; if the job stops, these functions stay
-- correct but slow down with the backlog.
--
-- Both are plpgsql with custom plans (plan_cache_mode = force_custom_plan): each call is
-- planned with its actual arguments, so a NULL filter disappears from the plan instead of
-- being tested on every row, and the window's bounds are constants. random_page_cost = 1.1
-- (hosted Supabase's SSD setting) keeps the planner on the hour index when the rollup's rows
-- are not in hour order on disk (after a history import); a sequential scan of a large
-- rollup would make the time grow with history.
--
-- Filters: NULL means all. Rates and shares are fractions in 0..1, NULL when the denominator
-- is 0. cost_usd sums the priced requests (0 when none); unpriced_requests counts the others.

-- UTC hour boundaries, immutable (epoch arithmetic) so they are computed once per query.
create function monitoring.hour_floor(p_at timestamptz)
returns timestamptz
language sql immutable strict parallel safe
as $$ select to_timestamp((floor(extract(epoch from p_at) / 3600) * 3600)::float8) $$;

comment on function monitoring.hour_floor(timestamptz) is 'Start of the UTC hour holding p_at.';

create function monitoring.hour_ceil(p_at timestamptz)
returns timestamptz
language sql immutable strict parallel safe
as $$ select to_timestamp((ceil(extract(epoch from p_at) / 3600) * 3600)::float8) $$;

comment on function monitoring.hour_ceil(timestamptz) is 'p_at when it is a UTC hour boundary, else the start of the next UTC hour.';

-- The window's usage as rollup-shaped rows: rollup rows for full hours (latency_hist set,
-- latency_bucket NULL, tools NULL) and one row per raw event for the edges and the un-rolled
-- tail (latency_hist NULL, latency_bucket and tools as the event has them). `at` is the hour
-- start for full hours (rolled up or still queued) and occurred_at for the raw edge events.
-- Inlined into its callers; a column a caller does not read is not computed.
create function monitoring.usage_window_rows(
  p_from timestamptz,
  p_to timestamptz,
  p_app text default null,
  p_environment text default null,
  p_model text default null,
  p_prompt_variant text default null
)
returns table (
  at timestamptz,
  provider text, model text, app text, environment text, prompt_variant text, status text, error_type text,
  requests bigint, errors bigint, tool_calls bigint, tool_failures bigint,
  input_tokens bigint, cache_read_tokens bigint, cache_write_tokens bigint, cache_write_1h_tokens bigint,
  output_tokens bigint, reasoning_tokens bigint, system_prompt_tokens bigint, system_prompt_requests bigint,
  cost_usd numeric, unpriced_requests bigint, unpriced_input_tokens bigint, unpriced_output_tokens bigint,
  latency_ms_sum bigint, latency_requests bigint, latency_hist integer[], latency_bucket integer,
  token_source_provider bigint, token_source_tokenizer bigint, token_source_heuristic bigint,
  tools jsonb
)
language sql stable
as $$
  select w.*
  from (
    -- full hours: [ceil_hour(p_from), floor_hour(p_to))
    select h.hour as at, h.provider, h.model, h.app, h.environment, h.prompt_variant, h.status, h.error_type,
           h.requests, h.errors, h.tool_calls, h.tool_failures,
           h.input_tokens, h.cache_read_tokens, h.cache_write_tokens, h.cache_write_1h_tokens,
           h.output_tokens, h.reasoning_tokens, h.system_prompt_tokens, h.system_prompt_requests,
           h.cost_usd, h.unpriced_requests, h.unpriced_input_tokens, h.unpriced_output_tokens,
           h.latency_ms_sum, h.latency_requests, h.latency_hist, null::integer,
           h.token_source_provider, h.token_source_tokenizer, h.token_source_heuristic, null::jsonb
    from monitoring.usage_hourly h
    where h.hour >= monitoring.hour_ceil(p_from)
      and h.hour < monitoring.hour_floor(p_to)
    union all
    -- one row per raw event: the queued (not yet rolled up) events of the full hours, at their
    -- hour like the rollup rows (the queue holds the event's columns), and the events of the
    -- partial hours at the start and at the end, at their occurred_at
    select e.at, e.provider, e.model, e.app, e.environment, e.prompt_variant, e.status, e.error_type,
           1, (e.status = 'error')::int, e.tool_calls, e.tool_failures,
           e.input_tokens, e.cache_read_tokens, e.cache_write_tokens, e.cache_write_1h_tokens,
           e.output_tokens, e.reasoning_tokens, coalesce(e.system_prompt_tokens, 0), (e.system_prompt_tokens is not null)::int,
           coalesce(e.cost_usd, 0), (e.cost_usd is null)::int,
           case when e.cost_usd is null then e.input_tokens else 0 end,
           case when e.cost_usd is null then e.output_tokens else 0 end,
           coalesce(e.latency_ms, 0), (e.latency_ms is not null)::int, null::integer[], e.latency_bucket,
           (e.token_source = 'provider')::int, (e.token_source = 'tokenizer')::int, (e.token_source = 'heuristic')::int,
           e.tools
    from (
      select q.hour as at, q.provider, q.model, q.app, q.environment, q.prompt_variant, q.status, q.error_type,
             q.tool_calls, q.tool_failures, q.input_tokens, q.cache_read_tokens, q.cache_write_tokens,
             q.cache_write_1h_tokens, q.output_tokens, q.reasoning_tokens, q.system_prompt_tokens, q.cost_usd,
             q.latency_ms, q.latency_bucket, q.token_source, q.tools
      from monitoring.usage_rollup_queue q
      where q.hour >= monitoring.hour_ceil(p_from)
        and q.hour < monitoring.hour_floor(p_to)
      union all
      select ev.occurred_at, ev.provider, ev.model, ev.app, ev.environment, ev.prompt_variant, ev.status,
             ev.error_type, ev.tool_calls, ev.tool_failures, ev.input_tokens, ev.cache_read_tokens,
             ev.cache_write_tokens, ev.cache_write_1h_tokens, ev.output_tokens, ev.reasoning_tokens,
             ev.system_prompt_tokens, ev.cost_usd, ev.latency_ms, monitoring.latency_bucket(ev.latency_ms),
             ev.token_source, ev.tools
      from (
        select x.* from monitoring.usage_events x
        where x.occurred_at >= p_from
          and x.occurred_at < least(p_to, monitoring.hour_ceil(p_from))
        union all
        select x.* from monitoring.usage_events x
        where x.occurred_at >= greatest(p_from, monitoring.hour_floor(p_to), monitoring.hour_ceil(p_from))
          and x.occurred_at < p_to
      ) ev
    ) e
  ) w
  -- the filters, once for all parts (the planner pushes them down into each part)
  where (p_app is null or w.app = p_app)
    and (p_environment is null or w.environment = p_environment)
    and (p_model is null or w.model = p_model)
    and (p_prompt_variant is null or w.prompt_variant = p_prompt_variant)
$$;

comment on function monitoring.usage_window_rows(timestamptz, timestamptz, text, text, text, text) is
  'The usage of [p_from, p_to) as rollup-shaped rows: usage_hourly rows for the full hours plus one row per raw event for the partial edge hours and for events not yet rolled up; at is the hour start for full hours (rolled up or queued) and occurred_at for the raw edge events, tools the raw event''s per-tool detail (NULL on rollup rows). Building block of usage_summary, health_metrics, baseline_comparison and tool_usage_window; aggregate it, do not read it row by row.';

-- Everything about a window: volume, every token field in total and per request, cost,
-- priced / unpriced, token sources, errors, tools, latency, by model and by prompt variant.
create function monitoring.usage_summary(
  p_from timestamptz,
  p_to timestamptz,
  p_app text default null,
  p_environment text default null,
  p_model text default null,
  p_prompt_variant text default null
)
returns jsonb
language plpgsql stable
set plan_cache_mode = force_custom_plan
set work_mem = '16MB'
set random_page_cost = 1.1
as $$
begin
  return (
  -- One pass over the window's rows (an index range on the rollup, plus the raw edges and the
  -- queue), grouped by model and prompt variant; totals, the by_model and by_prompt_variant
  -- lists and the merged latency histogram are then computed from those few groups.
  with g as (
    select r.provider, r.model, r.prompt_variant,
           sum(r.requests) as requests,
           sum(r.errors) as errors,
           sum(r.tool_calls) as tool_calls,
           sum(r.tool_failures) as tool_failures,
           sum(r.input_tokens) as input_tokens,
           sum(r.cache_read_tokens) as cache_read_tokens,
           sum(r.cache_write_tokens) as cache_write_tokens,
           sum(r.cache_write_1h_tokens) as cache_write_1h_tokens,
           sum(r.output_tokens) as output_tokens,
           sum(r.reasoning_tokens) as reasoning_tokens,
           sum(r.system_prompt_tokens) as system_prompt_tokens,
           sum(r.system_prompt_requests) as system_prompt_requests,
           sum(r.cost_usd) as cost_usd,
           sum(r.unpriced_requests) as unpriced_requests,
           sum(r.unpriced_input_tokens) as unpriced_input_tokens,
           sum(r.unpriced_output_tokens) as unpriced_output_tokens,
           sum(r.latency_ms_sum) as latency_ms_sum,
           sum(r.latency_requests) as latency_requests,
           sum(r.token_source_provider) as token_source_provider,
           sum(r.token_source_tokenizer) as token_source_tokenizer,
           sum(r.token_source_heuristic) as token_source_heuristic,
           -- rollup rows carry histograms, raw rows a bucket number
           array[
           sum(r.latency_hist[1]), sum(r.latency_hist[2]), sum(r.latency_hist[3]), sum(r.latency_hist[4]), sum(r.latency_hist[5]), sum(r.latency_hist[6]), sum(r.latency_hist[7]), sum(r.latency_hist[8]),
           sum(r.latency_hist[9]), sum(r.latency_hist[10]), sum(r.latency_hist[11]), sum(r.latency_hist[12]), sum(r.latency_hist[13]), sum(r.latency_hist[14]), sum(r.latency_hist[15]), sum(r.latency_hist[16]),
           sum(r.latency_hist[17]), sum(r.latency_hist[18]), sum(r.latency_hist[19]), sum(r.latency_hist[20]), sum(r.latency_hist[21]), sum(r.latency_hist[22]), sum(r.latency_hist[23]), sum(r.latency_hist[24]),
           sum(r.latency_hist[25]), sum(r.latency_hist[26]), sum(r.latency_hist[27]), sum(r.latency_hist[28]), sum(r.latency_hist[29]), sum(r.latency_hist[30]), sum(r.latency_hist[31]), sum(r.latency_hist[32]),
           sum(r.latency_hist[33]), sum(r.latency_hist[34]), sum(r.latency_hist[35]), sum(r.latency_hist[36]), sum(r.latency_hist[37]), sum(r.latency_hist[38]), sum(r.latency_hist[39]), sum(r.latency_hist[40]),
           sum(r.latency_hist[41]), sum(r.latency_hist[42]), sum(r.latency_hist[43]), sum(r.latency_hist[44]), sum(r.latency_hist[45]), sum(r.latency_hist[46]), sum(r.latency_hist[47]), sum(r.latency_hist[48]),
           sum(r.latency_hist[49]), sum(r.latency_hist[50]), sum(r.latency_hist[51]), sum(r.latency_hist[52]), sum(r.latency_hist[53]), sum(r.latency_hist[54]), sum(r.latency_hist[55]), sum(r.latency_hist[56]),
           sum(r.latency_hist[57]), sum(r.latency_hist[58]), sum(r.latency_hist[59]), sum(r.latency_hist[60]), sum(r.latency_hist[61]), sum(r.latency_hist[62]), sum(r.latency_hist[63]), sum(r.latency_hist[64])
           ] as rolled_hist,
           monitoring.hist_build(r.latency_bucket, 1) filter (where r.latency_bucket is not null) as raw_hist
    from monitoring.usage_window_rows(p_from, p_to, p_app, p_environment, p_model, p_prompt_variant) r
    group by r.provider, r.model, r.prompt_variant
  ), t as (
    select coalesce(sum(g.requests), 0) as requests,
           coalesce(sum(g.errors), 0) as errors,
           coalesce(sum(g.tool_calls), 0) as tool_calls,
           coalesce(sum(g.tool_failures), 0) as tool_failures,
           coalesce(sum(g.input_tokens), 0) as input_tokens,
           coalesce(sum(g.cache_read_tokens), 0) as cache_read_tokens,
           coalesce(sum(g.cache_write_tokens), 0) as cache_write_tokens,
           coalesce(sum(g.cache_write_1h_tokens), 0) as cache_write_1h_tokens,
           coalesce(sum(g.output_tokens), 0) as output_tokens,
           coalesce(sum(g.reasoning_tokens), 0) as reasoning_tokens,
           coalesce(sum(g.system_prompt_tokens), 0) as system_prompt_tokens,
           coalesce(sum(g.system_prompt_requests), 0) as system_prompt_requests,
           coalesce(sum(g.cost_usd), 0) as cost_usd,
           coalesce(sum(g.unpriced_requests), 0) as unpriced_requests,
           coalesce(sum(g.unpriced_input_tokens), 0) as unpriced_input_tokens,
           coalesce(sum(g.unpriced_output_tokens), 0) as unpriced_output_tokens,
           coalesce(sum(g.latency_ms_sum), 0) as latency_ms_sum,
           coalesce(sum(g.latency_requests), 0) as latency_requests,
           coalesce(sum(g.token_source_provider), 0) as token_source_provider,
           coalesce(sum(g.token_source_tokenizer), 0) as token_source_tokenizer,
           coalesce(sum(g.token_source_heuristic), 0) as token_source_heuristic
    from g
  ), hist as (
    select array_agg(coalesce(x.n, 0)::bigint order by b.i) as h
    from generate_series(1, 64) b(i)
    left join (
      select u.i, sum(u.n) as n
      from (select gg.rolled_hist as hist from g gg
            union all
            select gg.raw_hist::bigint[] from g gg) a
      cross join lateral unnest(a.hist) with ordinality u(n, i)
      group by u.i
    ) x on x.i = b.i
    where exists (select from g)
  ), m as (
    select g.provider, g.model,
           sum(g.requests) as requests, sum(g.errors) as errors,
           sum(g.input_tokens) as input_tokens, sum(g.cache_read_tokens) as cache_read_tokens,
           sum(g.output_tokens) as output_tokens, sum(g.reasoning_tokens) as reasoning_tokens,
           sum(g.cost_usd) as cost_usd, sum(g.unpriced_requests) as unpriced_requests
    from g
    group by g.provider, g.model
  ), v as (
    select g.prompt_variant,
           sum(g.requests) as requests, sum(g.errors) as errors,
           sum(g.input_tokens) as input_tokens, sum(g.output_tokens) as output_tokens,
           sum(g.system_prompt_tokens) as system_prompt_tokens, sum(g.system_prompt_requests) as system_prompt_requests,
           sum(g.tool_calls) as tool_calls, sum(g.tool_failures) as tool_failures,
           sum(g.cost_usd) as cost_usd, sum(g.unpriced_requests) as unpriced_requests
    from g
    group by g.prompt_variant
  )
  select jsonb_build_object(
    'from', p_from,
    'to', p_to,
    'filters', jsonb_build_object('app', p_app, 'environment', p_environment, 'model', p_model,
                                  'prompt_variant', p_prompt_variant),
    'requests', t.requests,
    'priced_requests', t.requests - t.unpriced_requests,
    'unpriced_requests', t.unpriced_requests,
    'unpriced_share', round(t.unpriced_requests::numeric / nullif(t.requests, 0), 6),
    'unpriced_input_tokens', t.unpriced_input_tokens,
    'unpriced_output_tokens', t.unpriced_output_tokens,
    'errors', t.errors,
    'error_rate', round(t.errors::numeric / nullif(t.requests, 0), 6),
    'input_tokens', t.input_tokens,
    'uncached_input_tokens', t.input_tokens - t.cache_read_tokens - t.cache_write_tokens,
    'cache_read_tokens', t.cache_read_tokens,
    'cache_write_tokens', t.cache_write_tokens,
    'cache_write_1h_tokens', t.cache_write_1h_tokens,
    'output_tokens', t.output_tokens,
    'reasoning_tokens', t.reasoning_tokens,
    'total_tokens', t.input_tokens + t.output_tokens,
    'system_prompt_tokens', t.system_prompt_tokens,
    'system_prompt_requests', t.system_prompt_requests,
    'avg_system_prompt_tokens', round(t.system_prompt_tokens::numeric / nullif(t.system_prompt_requests, 0), 2),
    'avg_tokens_per_request', round((t.input_tokens + t.output_tokens)::numeric / nullif(t.requests, 0), 2),
    'per_request', jsonb_build_object(
      'input_tokens', round(t.input_tokens::numeric / nullif(t.requests, 0), 2),
      'uncached_input_tokens', round((t.input_tokens - t.cache_read_tokens - t.cache_write_tokens)::numeric / nullif(t.requests, 0), 2),
      'cache_read_tokens', round(t.cache_read_tokens::numeric / nullif(t.requests, 0), 2),
      'cache_write_tokens', round(t.cache_write_tokens::numeric / nullif(t.requests, 0), 2),
      'cache_write_1h_tokens', round(t.cache_write_1h_tokens::numeric / nullif(t.requests, 0), 2),
      'output_tokens', round(t.output_tokens::numeric / nullif(t.requests, 0), 2),
      'reasoning_tokens', round(t.reasoning_tokens::numeric / nullif(t.requests, 0), 2),
      'total_tokens', round((t.input_tokens + t.output_tokens)::numeric / nullif(t.requests, 0), 2),
      'system_prompt_tokens', round(t.system_prompt_tokens::numeric / nullif(t.system_prompt_requests, 0), 2),
      'tool_calls', round(t.tool_calls::numeric / nullif(t.requests, 0), 4)),
    'cost_usd', t.cost_usd,
    'cost_per_request', round(t.cost_usd / nullif(t.requests - t.unpriced_requests, 0), 8),
    'token_source', jsonb_build_object(
      'provider', round(t.token_source_provider::numeric / nullif(t.requests, 0), 6),
      'tokenizer', round(t.token_source_tokenizer::numeric / nullif(t.requests, 0), 6),
      'heuristic', round(t.token_source_heuristic::numeric / nullif(t.requests, 0), 6)),
    'tool_calls', t.tool_calls,
    'tool_failures', t.tool_failures,
    'tool_failure_rate', round(t.tool_failures::numeric / nullif(t.tool_calls, 0), 6),
    'latency_ms', jsonb_build_object(
      'requests', t.latency_requests,
      'avg', round(t.latency_ms_sum::numeric / nullif(t.latency_requests, 0), 1),
      'p50', round(monitoring.hist_percentile(hist.h, 0.50)::numeric, 1),
      'p95', round(monitoring.hist_percentile(hist.h, 0.95)::numeric, 1),
      'p99', round(monitoring.hist_percentile(hist.h, 0.99)::numeric, 1)),
    'by_model', coalesce((
      select jsonb_agg(jsonb_build_object(
               'provider', m.provider, 'model', m.model, 'requests', m.requests,
               'input_tokens', m.input_tokens, 'cache_read_tokens', m.cache_read_tokens,
               'output_tokens', m.output_tokens, 'reasoning_tokens', m.reasoning_tokens,
               'total_tokens', m.input_tokens + m.output_tokens,
               'avg_tokens_per_request', round((m.input_tokens + m.output_tokens)::numeric / nullif(m.requests, 0), 2),
               'cost_usd', m.cost_usd,
               'cost_share', round(m.cost_usd / nullif(t.cost_usd, 0), 6),
               'unpriced_requests', m.unpriced_requests,
               'errors', m.errors,
               'error_rate', round(m.errors::numeric / nullif(m.requests, 0), 6))
             order by m.cost_usd desc, m.requests desc, m.provider, m.model)
      from m), '[]'::jsonb),
    'by_prompt_variant', coalesce((
      select jsonb_agg(jsonb_build_object(
               'prompt_variant', v.prompt_variant, 'requests', v.requests,
               'input_tokens', v.input_tokens, 'output_tokens', v.output_tokens,
               'total_tokens', v.input_tokens + v.output_tokens,
               'avg_tokens_per_request', round((v.input_tokens + v.output_tokens)::numeric / nullif(v.requests, 0), 2),
               'system_prompt_requests', v.system_prompt_requests,
               'avg_system_prompt_tokens', round(v.system_prompt_tokens::numeric / nullif(v.system_prompt_requests, 0), 2),
               'tool_calls', v.tool_calls, 'tool_failures', v.tool_failures,
               'tool_failure_rate', round(v.tool_failures::numeric / nullif(v.tool_calls, 0), 6),
               'cost_usd', v.cost_usd,
               'cost_per_request', round(v.cost_usd / nullif(v.requests - v.unpriced_requests, 0), 8),
               'unpriced_requests', v.unpriced_requests,
               'errors', v.errors,
               'error_rate', round(v.errors::numeric / nullif(v.requests, 0), 6))
             order by v.requests desc, v.prompt_variant nulls last)
      from v), '[]'::jsonb)
  )
  from t left join hist on true
  );
end
$$;

comment on function monitoring.usage_summary(timestamptz, timestamptz, text, text, text, text) is
  'Usage of [p_from, p_to) as JSON (filters: app, environment, model, prompt_variant; NULL = all): requests, priced/unpriced, errors, every token field in total and per request, cost, token sources, tools, latency p50/p95/p99, by_model and by_prompt_variant. Rates are fractions 0..1, NULL when undefined.';

-- The numbers the health checks need, for a window.
create function monitoring.health_metrics(
  p_from timestamptz,
  p_to timestamptz,
  p_app text default null,
  p_environment text default null,
  p_model text default null,
  p_prompt_variant text default null
)
returns jsonb
language plpgsql stable
set plan_cache_mode = force_custom_plan
set random_page_cost = 1.1
as $$
begin
  return (
  select jsonb_build_object(
    'from', p_from,
    'to', p_to,
    'requests', t.requests,
    'errors', t.errors,
    'error_rate', round(t.errors::numeric / nullif(t.requests, 0), 6),
    'tool_calls', t.tool_calls,
    'tool_failures', t.tool_failures,
    'tool_failure_rate', round(t.tool_failures::numeric / nullif(t.tool_calls, 0), 6),
    'system_prompt_requests', t.system_prompt_requests,
    'avg_system_prompt_tokens', round(t.system_prompt_tokens::numeric / nullif(t.system_prompt_requests, 0), 2),
    'input_tokens', t.input_tokens,
    'output_tokens', t.output_tokens,
    'total_tokens', t.input_tokens + t.output_tokens,
    'avg_tokens_per_request', round((t.input_tokens + t.output_tokens)::numeric / nullif(t.requests, 0), 2),
    'cost_usd', t.cost_usd,
    'priced_requests', t.requests - t.unpriced_requests,
    'unpriced_requests', t.unpriced_requests,
    'unpriced_share', round(t.unpriced_requests::numeric / nullif(t.requests, 0), 6))
  from (
    select coalesce(sum(r.requests), 0) as requests,
           coalesce(sum(r.errors), 0) as errors,
           coalesce(sum(r.tool_calls), 0) as tool_calls,
           coalesce(sum(r.tool_failures), 0) as tool_failures,
           coalesce(sum(r.input_tokens), 0) as input_tokens,
           coalesce(sum(r.output_tokens), 0) as output_tokens,
           coalesce(sum(r.system_prompt_tokens), 0) as system_prompt_tokens,
           coalesce(sum(r.system_prompt_requests), 0) as system_prompt_requests,
           coalesce(sum(r.cost_usd), 0) as cost_usd,
           coalesce(sum(r.unpriced_requests), 0) as unpriced_requests
    from monitoring.usage_window_rows(p_from, p_to, p_app, p_environment, p_model, p_prompt_variant) r
  ) t
  );
end
$$;

comment on function monitoring.health_metrics(timestamptz, timestamptz, text, text, text, text) is
  'Health inputs for [p_from, p_to) as JSON: requests, errors, error_rate, tool_calls, tool_failures, tool_failure_rate, avg_system_prompt_tokens (over requests that reported it), avg_tokens_per_request (input + output), cost_usd, priced/unpriced requests. Rates 0..1, NULL when undefined.';

revoke all on function
  monitoring.hour_floor(timestamptz), monitoring.hour_ceil(timestamptz),
  monitoring.usage_window_rows(timestamptz, timestamptz, text, text, text, text),
  monitoring.usage_summary(timestamptz, timestamptz, text, text, text, text),
  monitoring.health_metrics(timestamptz, timestamptz, text, text, text, text)
  from public, anon, authenticated;
grant execute on function
  monitoring.hour_floor(timestamptz), monitoring.hour_ceil(timestamptz),
  monitoring.usage_window_rows(timestamptz, timestamptz, text, text, text, text),
  monitoring.usage_summary(timestamptz, timestamptz, text, text, text, text),
  monitoring.health_metrics(timestamptz, timestamptz, text, text, text, text)
  to service_role;
