-- monitoring.usage_summary redefined for issue 17 ("windows that end inside an hour"): it reads
-- monitoring.usage_window_totals (20261203030000), the window already summed per rollup key,
-- instead of aggregating monitoring.usage_window_rows (one row per raw event of the partial
-- edge hours). Starts from 20261202010400 (search_path pinned as there); what changed: a CTE
-- `r` holds the totals rows (materialized: read twice), `g` groups them, the histograms
-- (rolled_hist, raw_hist) are gone from `g` and `hist` merges r.latency_hist (bigint[64]).
-- The JSON is the same, number for number (tests/sql/034_window_ending_mid_hour_exact.sql).
-- Measured: see 20261203030000's header and the issue-17 report.

create or replace function monitoring.usage_summary(
  p_from timestamptz,
  p_to timestamptz,
  p_app text default null,
  p_environment text default null,
  p_model text default null,
  p_prompt_variant text default null
)
returns jsonb
language plpgsql stable
set search_path = ''
set plan_cache_mode = force_custom_plan
set work_mem = '16MB'
set random_page_cost = 1.1
as $$
begin
  return (
  -- The window summed per rollup key (usage_window_totals: an index range on the rollup, plus
  -- the raw edges and the queue grouped in the query), a few hundred rows; grouped by model and
  -- prompt variant for the totals and the by_model and by_prompt_variant lists, and their
  -- histograms merged for the latency percentiles.
  with r as materialized (
    select * from monitoring.usage_window_totals(p_from, p_to, p_app, p_environment, p_model, p_prompt_variant)
  ), g as (
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
           sum(r.token_source_heuristic) as token_source_heuristic
    from r
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
      from r a
      cross join lateral unnest(a.latency_hist) with ordinality u(n, i)
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

