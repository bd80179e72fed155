-- monitoring.usage_window_rows redefined for issue 17 ("windows that end inside an hour"): the
-- latency bucket of each raw edge event is computed inline,
-- width_bucket(latency_ms::float8, monitoring.latency_bucket_bounds()), which is the body of
-- monitoring.latency_bucket (strict, like width_bucket: NULL latency, NULL bucket). That
-- function's pinned search_path (20261201040000) stops it being inlined, so it ran through the
-- function manager once per raw event, for every caller, even those that never read the
-- bucket; the bounds are an immutable call without arguments, folded to a constant when the
-- query is planned. Measured on a day ending at 13:37 with 1M events a day (41,746 raw edge
-- events), interleaved: 150-286 ms before, 54-91 ms after. The callers that only add up now
-- read monitoring.usage_window_totals (20261203030000); this one stays for those that need one
-- row per event (baseline_comparison prices each at its own occurred_at; tool_usage_window
-- reads tools; weekly_report_data). Starts from 20261124001700; that expression is the only
-- change (still unpinned, as 20261201040000 explains; no SET clause).

create or replace function monitoring.usage_window_rows(
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
             ev.system_prompt_tokens, ev.cost_usd, ev.latency_ms,
             -- monitoring.latency_bucket's body, inline (its pinned search_path stops inlining)
             width_bucket(ev.latency_ms::float8, monitoring.latency_bucket_bounds()),
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
  'The usage of [p_from, p_to) as rollup-shaped rows: usage_hourly rows for the full hours plus one row per raw event for the partial edge hours and for events not yet rolled up; at is the hour start for full hours (rolled up or queued) and occurred_at for the raw edge events, tools the raw event''s per-tool detail (NULL on rollup rows). For callers that need one row per raw event (baseline_comparison, tool_usage_window, weekly_report_data); to add a window up, read monitoring.usage_window_totals. Aggregate it, do not read it row by row.';
