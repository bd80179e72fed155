-- monitoring.usage_window_totals: the usage of a window summed per rollup key, for the window
-- functions that only add numbers up (issue 17, "windows that end inside an hour").
--
-- Why: monitoring.usage_window_rows (20261124001700) returns one row per raw event for the
-- partial hours at the window's edges. At 1M events a day an edge hour holds ~42,000 events,
-- and a window ending at HH:37 took usage_summary 0.38-0.44 s and health_metrics 0.14 s,
-- against 0.10 s and 0.03 s for the same window ending at HH:00 (a day of 1M events/day on the
-- local stack, EXPLAIN ANALYZE). Where the time went, per raw event: the projection of every
-- event column through two levels of subqueries (the tools jsonb included), a call of
-- monitoring.latency_bucket (a SQL function whose pinned search_path stops inlining, so it
-- runs through the function manager for every event, even for callers that never read the
-- bucket), then the caller's ~25 aggregates and a plpgsql hist_put call per event.
--
-- What changes: the raw events (and the queued events of the full hours) are grouped here, at
-- the rollup's grain plus the latency bucket, exactly as the rollup's drain does it
-- (20261202050500: count/sum per key and bucket, then monitoring.hist_build(bucket, n) per
-- key), and everything (rollup rows included) is summed per rollup key. The callers get a few
-- hundred rows instead of tens of thousands. The bucket is computed inline,
-- width_bucket(latency_ms::float8, monitoring.latency_bucket_bounds()), which is
-- monitoring.latency_bucket's body (the bounds are folded to a constant when the query is
-- planned). Only the columns the rollup keeps are read; tools is not.
--
-- Exact: every total is a sum of the same integers and numerics (numeric addition is exact in
-- any order), and the merged histogram holds the same counts per bucket, so the percentiles
-- read from it are the same.
--
-- Left unpinned (no SET clause) like usage_window_rows and for the same reason (pinned, a day's
-- totals took 143-155 ms instead of 37-47 ms; tests/lint/security_advisor_test.ts lists it): a SQL function
-- without SET is inlined into its caller's query, planned with the caller's values (the
-- callers are plpgsql with custom plans, so NULL filters drop out of the plan, the edge bounds
-- are constants and the partitions of usage_events are pruned at plan time), and the outputs a
-- caller does not read are not computed (health_metrics merges no histogram).
-- latency_hist is bigint[64] (a window's sum can outgrow an integer), merged element-wise
-- with 64 sums: measured on a day of rollup rows (8,068 rows, 522 keys), 25 ms against 96 ms
-- for monitoring.hist_merge, whose plpgsql loop costs ~8 us per histogram.

create function monitoring.usage_window_totals(
  p_from timestamptz,
  p_to timestamptz,
  p_app text default null,
  p_environment text default null,
  p_model text default null,
  p_prompt_variant text default null
)
returns table (
  provider text, model text, app text, environment text, prompt_variant text, status text, error_type text,
  requests bigint, errors bigint, tool_calls bigint, tool_failures bigint,
  input_tokens bigint, cache_read_tokens bigint, cache_write_tokens bigint, cache_write_1h_tokens bigint,
  output_tokens bigint, reasoning_tokens bigint, system_prompt_tokens bigint, system_prompt_requests bigint,
  cost_usd numeric, unpriced_requests bigint, unpriced_input_tokens bigint, unpriced_output_tokens bigint,
  latency_ms_sum bigint, latency_requests bigint, latency_hist bigint[],
  token_source_provider bigint, token_source_tokenizer bigint, token_source_heuristic bigint
)
language sql stable
as $$
  select w.provider, w.model, w.app, w.environment, w.prompt_variant, w.status, w.error_type,
         sum(w.requests)::bigint, sum(w.errors)::bigint, sum(w.tool_calls)::bigint, sum(w.tool_failures)::bigint,
         sum(w.input_tokens)::bigint, sum(w.cache_read_tokens)::bigint, sum(w.cache_write_tokens)::bigint,
         sum(w.cache_write_1h_tokens)::bigint, sum(w.output_tokens)::bigint, sum(w.reasoning_tokens)::bigint,
         sum(w.system_prompt_tokens)::bigint, sum(w.system_prompt_requests)::bigint,
         sum(w.cost_usd), sum(w.unpriced_requests)::bigint, sum(w.unpriced_input_tokens)::bigint,
         sum(w.unpriced_output_tokens)::bigint, sum(w.latency_ms_sum)::bigint, sum(w.latency_requests)::bigint,
         -- the histograms merged element-wise (64 sums: ~4x faster than a plpgsql merge per row)
         array[
           sum(w.latency_hist[1]), sum(w.latency_hist[2]), sum(w.latency_hist[3]), sum(w.latency_hist[4]), sum(w.latency_hist[5]), sum(w.latency_hist[6]), sum(w.latency_hist[7]), sum(w.latency_hist[8]),
           sum(w.latency_hist[9]), sum(w.latency_hist[10]), sum(w.latency_hist[11]), sum(w.latency_hist[12]), sum(w.latency_hist[13]), sum(w.latency_hist[14]), sum(w.latency_hist[15]), sum(w.latency_hist[16]),
           sum(w.latency_hist[17]), sum(w.latency_hist[18]), sum(w.latency_hist[19]), sum(w.latency_hist[20]), sum(w.latency_hist[21]), sum(w.latency_hist[22]), sum(w.latency_hist[23]), sum(w.latency_hist[24]),
           sum(w.latency_hist[25]), sum(w.latency_hist[26]), sum(w.latency_hist[27]), sum(w.latency_hist[28]), sum(w.latency_hist[29]), sum(w.latency_hist[30]), sum(w.latency_hist[31]), sum(w.latency_hist[32]),
           sum(w.latency_hist[33]), sum(w.latency_hist[34]), sum(w.latency_hist[35]), sum(w.latency_hist[36]), sum(w.latency_hist[37]), sum(w.latency_hist[38]), sum(w.latency_hist[39]), sum(w.latency_hist[40]),
           sum(w.latency_hist[41]), sum(w.latency_hist[42]), sum(w.latency_hist[43]), sum(w.latency_hist[44]), sum(w.latency_hist[45]), sum(w.latency_hist[46]), sum(w.latency_hist[47]), sum(w.latency_hist[48]),
           sum(w.latency_hist[49]), sum(w.latency_hist[50]), sum(w.latency_hist[51]), sum(w.latency_hist[52]), sum(w.latency_hist[53]), sum(w.latency_hist[54]), sum(w.latency_hist[55]), sum(w.latency_hist[56]),
           sum(w.latency_hist[57]), sum(w.latency_hist[58]), sum(w.latency_hist[59]), sum(w.latency_hist[60]), sum(w.latency_hist[61]), sum(w.latency_hist[62]), sum(w.latency_hist[63]), sum(w.latency_hist[64])
         ],
         sum(w.token_source_provider)::bigint, sum(w.token_source_tokenizer)::bigint,
         sum(w.token_source_heuristic)::bigint
  from (
    -- full hours from the rollup: [hour_ceil(p_from), hour_floor(p_to))
    select h.provider, h.model, h.app, h.environment, h.prompt_variant, h.status, h.error_type,
           h.requests, h.errors, h.tool_calls, h.tool_failures,
           h.input_tokens, h.cache_read_tokens, h.cache_write_tokens, h.cache_write_1h_tokens,
           h.output_tokens, h.reasoning_tokens, h.system_prompt_tokens, h.system_prompt_requests,
           h.cost_usd, h.unpriced_requests, h.unpriced_input_tokens, h.unpriced_output_tokens,
           h.latency_ms_sum, h.latency_requests, h.latency_hist,
           h.token_source_provider, h.token_source_tokenizer, h.token_source_heuristic
    from monitoring.usage_hourly h
    where h.hour >= monitoring.hour_ceil(p_from)
      and h.hour < monitoring.hour_floor(p_to)
      and (p_app is null or h.app = p_app)
      and (p_environment is null or h.environment = p_environment)
      and (p_model is null or h.model = p_model)
      and (p_prompt_variant is null or h.prompt_variant = p_prompt_variant)
    union all
    -- raw events (queued events of the full hours, events of the partial edge hours), summed
    -- per key and latency bucket, then per key with the histogram built (as the drain does)
    select b.provider, b.model, b.app, b.environment, b.prompt_variant, b.status, b.error_type,
           sum(b.requests)::bigint, sum(b.errors)::bigint, sum(b.tool_calls)::bigint, sum(b.tool_failures)::bigint,
           sum(b.input_tokens)::bigint, sum(b.cache_read_tokens)::bigint, sum(b.cache_write_tokens)::bigint,
           sum(b.cache_write_1h_tokens)::bigint, sum(b.output_tokens)::bigint, sum(b.reasoning_tokens)::bigint,
           sum(b.system_prompt_tokens)::bigint, sum(b.system_prompt_requests)::bigint,
           sum(b.cost_usd), sum(b.unpriced_requests)::bigint, sum(b.unpriced_input_tokens)::bigint,
           sum(b.unpriced_output_tokens)::bigint, sum(b.latency_ms_sum)::bigint, sum(b.latency_requests)::bigint,
           monitoring.hist_build(b.bucket, b.latency_requests),
           sum(b.token_source_provider)::bigint, sum(b.token_source_tokenizer)::bigint,
           sum(b.token_source_heuristic)::bigint
    from (
      select e.provider, e.model, e.app, e.environment, e.prompt_variant, e.status, e.error_type, e.bucket,
             count(*) as requests,
             count(*) filter (where e.status = 'error') as errors,
             sum(e.tool_calls) as tool_calls,
             sum(e.tool_failures) as tool_failures,
             sum(e.input_tokens) as input_tokens,
             sum(e.cache_read_tokens) as cache_read_tokens,
             sum(e.cache_write_tokens) as cache_write_tokens,
             sum(e.cache_write_1h_tokens) as cache_write_1h_tokens,
             sum(e.output_tokens) as output_tokens,
             sum(e.reasoning_tokens) as reasoning_tokens,
             coalesce(sum(e.system_prompt_tokens), 0) as system_prompt_tokens,
             count(e.system_prompt_tokens) as system_prompt_requests,
             coalesce(sum(e.cost_usd), 0) as cost_usd,
             count(*) filter (where e.cost_usd is null) as unpriced_requests,
             coalesce(sum(e.input_tokens) filter (where e.cost_usd is null), 0) as unpriced_input_tokens,
             coalesce(sum(e.output_tokens) filter (where e.cost_usd is null), 0) as unpriced_output_tokens,
             coalesce(sum(e.latency_ms), 0) as latency_ms_sum,
             count(e.latency_ms) as latency_requests,
             count(*) filter (where e.token_source = 'provider') as token_source_provider,
             count(*) filter (where e.token_source = 'tokenizer') as token_source_tokenizer,
             count(*) filter (where e.token_source = 'heuristic') as token_source_heuristic
      from (
        select q.provider, q.model, q.app, q.environment, q.prompt_variant, q.status, q.error_type,
               q.latency_bucket as bucket, q.tool_calls, q.tool_failures, q.input_tokens, q.cache_read_tokens,
               q.cache_write_tokens, q.cache_write_1h_tokens, q.output_tokens, q.reasoning_tokens,
               q.system_prompt_tokens, q.cost_usd, q.latency_ms, q.token_source
        from monitoring.usage_rollup_queue q
        where q.hour >= monitoring.hour_ceil(p_from)
          and q.hour < monitoring.hour_floor(p_to)
        union all
        select x.provider, x.model, x.app, x.environment, x.prompt_variant, x.status, x.error_type,
               width_bucket(x.latency_ms::float8, monitoring.latency_bucket_bounds()), x.tool_calls,
               x.tool_failures, x.input_tokens, x.cache_read_tokens, x.cache_write_tokens, x.cache_write_1h_tokens,
               x.output_tokens, x.reasoning_tokens, x.system_prompt_tokens, x.cost_usd, x.latency_ms, x.token_source
        from monitoring.usage_events x
        where x.occurred_at >= p_from
          and x.occurred_at < least(p_to, monitoring.hour_ceil(p_from))
        union all
        select x.provider, x.model, x.app, x.environment, x.prompt_variant, x.status, x.error_type,
               width_bucket(x.latency_ms::float8, monitoring.latency_bucket_bounds()), x.tool_calls,
               x.tool_failures, x.input_tokens, x.cache_read_tokens, x.cache_write_tokens, x.cache_write_1h_tokens,
               x.output_tokens, x.reasoning_tokens, x.system_prompt_tokens, x.cost_usd, x.latency_ms, x.token_source
        from monitoring.usage_events x
        where x.occurred_at >= greatest(p_from, monitoring.hour_floor(p_to), monitoring.hour_ceil(p_from))
          and x.occurred_at < p_to
      ) e
      where (p_app is null or e.app = p_app)
        and (p_environment is null or e.environment = p_environment)
        and (p_model is null or e.model = p_model)
        and (p_prompt_variant is null or e.prompt_variant = p_prompt_variant)
      group by e.provider, e.model, e.app, e.environment, e.prompt_variant, e.status, e.error_type, e.bucket
    ) b
    group by b.provider, b.model, b.app, b.environment, b.prompt_variant, b.status, b.error_type
  ) w
  group by w.provider, w.model, w.app, w.environment, w.prompt_variant, w.status, w.error_type
$$;

comment on function monitoring.usage_window_totals(timestamptz, timestamptz, text, text, text, text) is
  'The usage of [p_from, p_to) summed per rollup key (provider, model, app, environment, prompt_variant, status, error_type): usage_hourly for the full hours plus the queued and the partial-edge-hour raw events, grouped in the query (one row per key, latency_hist a bigint[64] histogram). Same numbers as aggregating usage_window_rows; for callers that only add up (usage_summary, health_metrics, budget_spend). Filters: NULL = all.';

revoke all on function
  monitoring.usage_window_totals(timestamptz, timestamptz, text, text, text, text)
  from public, anon, authenticated;
grant execute on function
  monitoring.usage_window_totals(timestamptz, timestamptz, text, text, text, text)
  to service_role;
