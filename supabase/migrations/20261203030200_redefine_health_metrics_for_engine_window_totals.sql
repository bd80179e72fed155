-- monitoring.health_metrics redefined for issue 17 ("windows that end inside an hour"): it sums
-- monitoring.usage_window_totals (20261203030000), the window already summed per rollup key,
-- instead of monitoring.usage_window_rows (one row per raw event of the partial edge hours).
-- Starts from 20261124001700 with search_path = '' as 20261201040000 set it (create or replace
-- resets SET clauses, so it is restated); the FROM line is the only other change. The numbers
-- are the same (tests/sql/034_window_ending_mid_hour_exact.sql).

create or replace function monitoring.health_metrics(
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
    from monitoring.usage_window_totals(p_from, p_to, p_app, p_environment, p_model, p_prompt_variant) r
  ) t
  );
end
$$;

