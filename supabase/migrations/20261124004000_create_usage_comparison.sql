-- Usage against the baselines, per-tool usage for a window, and the whole track-usage answer.
--
-- Builds on the window functions (monitoring.usage_window_rows, usage_summary): the same
-- split of a window [p_from, p_to) into full UTC hours read from the rollups plus raw events
-- for the two partial edge hours and for events still queued for the rollup, so these answers
-- agree with usage_summary to the token and stay fast as history grows.
--
-- Dollars saved against the traditional design: for each request that reported its
-- system-prompt tokens,
--     (traditional system_prompt_tokens - the request's own system_prompt_tokens)
--       x the request's own model input price (uncached, USD per 1M) / 1,000,000
-- summed. The price is monitoring.price_for(model, at): `at` is the request's occurred_at for
-- the raw events of the two partial edge hours, and the start of the hour for full hours
-- (rolled up or still queued alike, so the answer does not change when the rollup runs); a
-- price change that takes effect in the middle of an hour applies from the next full hour on
-- in this estimate.
-- Requests whose model has no price are left out and counted as unpriced; requests that did
-- not report system-prompt tokens are left out and counted as unknown. A request whose own
-- system prompt is longer than the reference counts negative.
--
-- Baselines: `mcp` is the target design and `traditional` the reference (monitoring.baselines;
-- edit their numbers there). A prompt variant whose name equals a baseline's name is compared
-- with that baseline's band and tokens per request.

-- ---------------------------------------------------------------------------------------
-- Per-tool usage of a window
-- ---------------------------------------------------------------------------------------

create function monitoring.tool_usage_window(
  p_from timestamptz,
  p_to timestamptz,
  p_app text default null,
  p_environment text default null,
  p_model text default null,
  p_prompt_variant text default null
)
returns table (tool_name text, requests bigint, calls bigint, failures bigint)
language sql stable
as $$
  select x.tool_name, sum(x.requests)::bigint, sum(x.calls)::bigint, sum(x.failures)::bigint
  from (
    -- full hours from the rollup
    select t.tool_name, t.requests, t.calls, t.failures
    from monitoring.tool_usage_hourly t
    where t.hour >= (select monitoring.hour_ceil(p_from))
      and t.hour < (select monitoring.hour_floor(p_to))
      and (p_app is null or t.app = p_app)
      and (p_environment is null or t.environment = p_environment)
      and (p_model is null or t.model = p_model)
      and (p_prompt_variant is null or t.prompt_variant = p_prompt_variant)
    union all
    -- per-tool detail of the raw edge events and of the queued events of the full hours (the
    -- window's rollup rows carry no tools and drop out of the plan)
    select tl.tool ->> 'name', 1, (tl.tool ->> 'calls')::bigint, coalesce((tl.tool ->> 'failures')::bigint, 0)
    from monitoring.usage_window_rows(p_from, p_to, p_app, p_environment, p_model, p_prompt_variant) e
    cross join lateral jsonb_array_elements(e.tools) tl(tool)
    where e.tools is not null
  ) x
  group by x.tool_name
$$;

comment on function monitoring.tool_usage_window(timestamptz, timestamptz, text, text, text, text) is
  'Per tool (from usage_events.tools) in [p_from, p_to): requests that listed it, calls, failed calls. Rolled-up hours plus raw edge and queued events, like usage_window_rows.';

-- ---------------------------------------------------------------------------------------
-- Comparison with the baselines
-- ---------------------------------------------------------------------------------------

create function monitoring.baseline_comparison(
  p_from timestamptz,
  p_to timestamptz,
  p_app text default null,
  p_environment text default null,
  p_model text default null,
  p_prompt_variant text default null,
  p_summary jsonb default null
)
returns jsonb
language sql stable
as $$
  with s as (
    select coalesce(p_summary,
                    monitoring.usage_summary(p_from, p_to, p_app, p_environment, p_model, p_prompt_variant)) as j
  ), tgt as (
    select b.name, b.system_prompt_tokens, b.tolerance, b.tokens_per_request,
           b.system_prompt_tokens - coalesce(b.tolerance, 0) as band_low,
           b.system_prompt_tokens + coalesce(b.tolerance, 0) as band_high
    from monitoring.baselines b where b.name = 'mcp'
  ), ref as (
    select b.name, b.system_prompt_tokens, b.tokens_per_request
    from monitoring.baselines b where b.name = 'traditional'
  ), grouped as (
    select w.at, w.model, w.prompt_variant,
           sum(w.system_prompt_tokens) as sys_tokens, sum(w.system_prompt_requests) as sys_requests
    from monitoring.usage_window_rows(p_from, p_to, p_app, p_environment, p_model, p_prompt_variant) w
    where w.system_prompt_requests > 0
    group by w.at, w.model, w.prompt_variant
  ), priced as (
    select g.prompt_variant, g.sys_tokens, g.sys_requests, p.input_per_mtok
    from grouped g
    left join lateral (select pf.input_per_mtok from monitoring.price_for(g.model, g.at) pf) p on true
  ), money as (
    -- one row per prompt variant plus the total (grouping sets); v_total marks the total row
    select grouping(pr.prompt_variant) = 1 as v_total, pr.prompt_variant,
           sum(pr.sys_requests) filter (where pr.input_per_mtok is not null) as counted,
           sum(pr.sys_requests) filter (where pr.input_per_mtok is null) as unpriced,
           sum(((select ref.system_prompt_tokens from ref) * pr.sys_requests - pr.sys_tokens) * pr.input_per_mtok)
             filter (where pr.input_per_mtok is not null) * 0.000001 as saved_usd,
           sum(((select ref.system_prompt_tokens from ref) * pr.sys_requests) * pr.input_per_mtok)
             filter (where pr.input_per_mtok is not null) * 0.000001 as reference_cost_usd,
           sum(pr.sys_tokens * pr.input_per_mtok)
             filter (where pr.input_per_mtok is not null) * 0.000001 as actual_cost_usd,
           sum((pr.sys_tokens - (select tgt.system_prompt_tokens from tgt) * pr.sys_requests) * pr.input_per_mtok)
             filter (where pr.input_per_mtok is not null) * 0.000001 as excess_usd
    from priced pr
    group by grouping sets ((pr.prompt_variant), ())
  ), total as (
    select coalesce(m.counted, 0) as counted, coalesce(m.unpriced, 0) as unpriced,
           m.saved_usd, m.reference_cost_usd, m.actual_cost_usd, m.excess_usd
    from (select 1) one left join money m on m.v_total
  ), t as (
    select (s.j ->> 'requests')::bigint as requests,
           (s.j ->> 'system_prompt_tokens')::bigint as sys_tokens,
           (s.j ->> 'system_prompt_requests')::bigint as sys_requests,
           (s.j ->> 'total_tokens')::bigint as total_tokens
    from s
  ), variants as (
    select v.value as j,
           v.value ->> 'prompt_variant' as prompt_variant,
           (v.value ->> 'requests')::bigint as requests,
           (v.value ->> 'total_tokens')::bigint as total_tokens,
           (v.value ->> 'system_prompt_requests')::bigint as sys_requests,
           (v.value ->> 'avg_system_prompt_tokens')::numeric as avg_sys,
           v.ordinality
    from s, jsonb_array_elements(s.j -> 'by_prompt_variant') with ordinality v
  ), target_variant as (
    select v.* from variants v, tgt where v.prompt_variant = tgt.name
  )
  select jsonb_build_object(
    'target', (select jsonb_build_object('name', tgt.name, 'system_prompt_tokens', tgt.system_prompt_tokens,
                                         'tolerance', tgt.tolerance, 'band_low', tgt.band_low, 'band_high', tgt.band_high,
                                         'tokens_per_request', tgt.tokens_per_request) from tgt),
    'reference', (select jsonb_build_object('name', ref.name, 'system_prompt_tokens', ref.system_prompt_tokens,
                                            'tokens_per_request', ref.tokens_per_request) from ref),
    'promised_savings_rate', (select round(1 - tgt.system_prompt_tokens::numeric / nullif(ref.system_prompt_tokens, 0), 6)
                              from tgt, ref),
    'overall', jsonb_build_object(
      'requests', t.requests,
      'system_prompt_requests', t.sys_requests,
      'avg_system_prompt_tokens', round(t.sys_tokens::numeric / nullif(t.sys_requests, 0), 2),
      'system_prompt_savings_rate',
        (select round(1 - t.sys_tokens::numeric / nullif(t.sys_requests * ref.system_prompt_tokens, 0), 6) from ref),
      'avg_tokens_per_request', round(t.total_tokens::numeric / nullif(t.requests, 0), 2),
      'token_savings_rate',
        (select round(1 - t.total_tokens::numeric / nullif(t.requests * ref.tokens_per_request, 0), 6) from ref)),
    'target_check', (
      select jsonb_build_object(
        'prompt_variant', tgt.name,
        'requests', coalesce(tv.requests, 0),
        'system_prompt_requests', coalesce(tv.sys_requests, 0),
        'avg_system_prompt_tokens', tv.avg_sys,
        'delta_tokens', tv.avg_sys - tgt.system_prompt_tokens,
        'band_status', case
          when tv.avg_sys is null then null
          when tv.avg_sys > tgt.band_high then 'above'
          when tv.avg_sys < tgt.band_low then 'below'
          else 'in_band' end,
        'met', case when tv.avg_sys is null then null else tv.avg_sys <= tgt.band_high end,
        'system_prompt_savings_rate',
          (select round(1 - tv.avg_sys_exact / nullif(ref.system_prompt_tokens, 0), 6) from ref),
        'savings_rate_delta',
          (select round((1 - tv.avg_sys_exact / nullif(ref.system_prompt_tokens, 0))
                        - (1 - tgt.system_prompt_tokens::numeric / nullif(ref.system_prompt_tokens, 0)), 6) from ref),
        'avg_tokens_per_request', round(tv.total_tokens::numeric / nullif(tv.requests, 0), 2),
        'tokens_per_request_met',
          case when coalesce(tv.requests, 0) = 0 then null
               else tv.total_tokens::numeric / tv.requests <= tgt.tokens_per_request end)
      from tgt
      left join (
        select v.*, (
          select sum(w.sys_tokens)::numeric / nullif(sum(w.sys_requests), 0) from grouped w
          where w.prompt_variant = v.prompt_variant) as avg_sys_exact
        from target_variant v
      ) tv on true),
    'by_prompt_variant', coalesce((
      select jsonb_agg(jsonb_build_object(
               'prompt_variant', v.prompt_variant,
               'requests', v.requests,
               'system_prompt_requests', v.sys_requests,
               'avg_system_prompt_tokens', v.avg_sys,
               'system_prompt_savings_rate',
                 (select round(1 - sum(g.sys_tokens)::numeric
                                   / nullif(sum(g.sys_requests) * (select ref.system_prompt_tokens from ref), 0), 6)
                  from grouped g where g.prompt_variant is not distinct from v.prompt_variant),
               'avg_tokens_per_request', round(v.total_tokens::numeric / nullif(v.requests, 0), 2),
               'token_savings_rate',
                 (select round(1 - v.total_tokens::numeric / nullif(v.requests * ref.tokens_per_request, 0), 6) from ref),
               'baseline', (select b.name from monitoring.baselines b where b.name = v.prompt_variant),
               'dollars_saved_usd', case when coalesce(m.counted, 0) > 0 then m.saved_usd end,
               'excess_over_target_usd', case when coalesce(m.counted, 0) > 0 then m.excess_usd end,
               'requests_counted', coalesce(m.counted, 0),
               'unpriced_requests_excluded', coalesce(m.unpriced, 0))
             order by v.ordinality)
      from variants v
      left join money m on not m.v_total and m.prompt_variant is not distinct from v.prompt_variant), '[]'::jsonb),
    'dollars_saved', jsonb_build_object(
      'usd', case when total.counted > 0 then total.saved_usd end,
      'requests_counted', total.counted,
      'unpriced_requests_excluded', total.unpriced,
      'unknown_system_prompt_requests', t.requests - t.sys_requests,
      'system_prompt_tokens_saved',
        (select ref.system_prompt_tokens * t.sys_requests - t.sys_tokens from ref),
      'reference_system_prompt_cost_usd', case when total.counted > 0 then total.reference_cost_usd end,
      'actual_system_prompt_cost_usd', case when total.counted > 0 then total.actual_cost_usd end)
  )
  from s, t, total
$$;

comment on function monitoring.baseline_comparison(timestamptz, timestamptz, text, text, text, text, jsonb) is
  'Usage of [p_from, p_to) against the baselines: the mcp target (band, tokens per request) and the traditional reference; average system-prompt tokens and savings rates overall, for the target''s prompt variant (target_check: band_status, met, delta) and per prompt variant; dollars saved against sending the traditional system prompt with every request at each request''s own input price. p_summary: the window''s usage_summary when the caller has it already.';

-- ---------------------------------------------------------------------------------------
-- The track-usage answer
-- ---------------------------------------------------------------------------------------

-- The fields of a day's usage_summary that a per-day list shows (track_usage's by_day, the
-- weekly report's per_day).
create function monitoring.usage_day_fields(p_summary jsonb)
returns jsonb
language sql immutable parallel safe
as $$
  select jsonb_build_object(
    'requests', p_summary -> 'requests',
    'errors', p_summary -> 'errors',
    'error_rate', p_summary -> 'error_rate',
    'input_tokens', p_summary -> 'input_tokens',
    'cache_read_tokens', p_summary -> 'cache_read_tokens',
    'output_tokens', p_summary -> 'output_tokens',
    'total_tokens', p_summary -> 'total_tokens',
    'avg_tokens_per_request', p_summary -> 'avg_tokens_per_request',
    'avg_system_prompt_tokens', p_summary -> 'avg_system_prompt_tokens',
    'tool_calls', p_summary -> 'tool_calls',
    'tool_failures', p_summary -> 'tool_failures',
    'tool_failure_rate', p_summary -> 'tool_failure_rate',
    'cost_usd', p_summary -> 'cost_usd',
    'priced_requests', p_summary -> 'priced_requests',
    'unpriced_requests', p_summary -> 'unpriced_requests')
$$;

comment on function monitoring.usage_day_fields(jsonb) is
  'The per-day fields (requests, errors, tokens, averages, tools, cost, priced/unpriced) picked from a usage_summary: the rows of track_usage.by_day and of the weekly report''s per_day.';

create function monitoring.track_usage(
  p_from timestamptz,
  p_to timestamptz,
  p_app text default null,
  p_environment text default null,
  p_model text default null,
  p_prompt_variant text default null
)
returns jsonb
language sql stable
as $$
  with s as (
    select monitoring.usage_summary(p_from, p_to, p_app, p_environment, p_model, p_prompt_variant) as j
  )
  select s.j || jsonb_build_object(
    'data_as_of', now(),
    'by_day', coalesce((
      select jsonb_agg(jsonb_build_object(
               'day', (d.day_start at time zone 'UTC')::date,
               'from', greatest(d.day_start, p_from),
               'to', least(d.day_start + interval '1 day', p_to)) || monitoring.usage_day_fields(x.j)
             order by d.day_start)
      from generate_series(date_trunc('day', p_from, 'UTC'), p_to - interval '1 microsecond', interval '1 day') d(day_start)
      cross join lateral (
        -- offset 0 keeps the subquery from being flattened, so each day's summary is computed once
        select monitoring.usage_summary(greatest(d.day_start, p_from), least(d.day_start + interval '1 day', p_to),
                                        p_app, p_environment, p_model, p_prompt_variant) as j
        offset 0) x
    ), '[]'::jsonb),
    'baselines', monitoring.baseline_comparison(p_from, p_to, p_app, p_environment, p_model, p_prompt_variant, s.j))
  from s
$$;

comment on function monitoring.track_usage(timestamptz, timestamptz, text, text, text, text) is
  'The track-usage answer for [p_from, p_to) and filters, in one snapshot: usage_summary (every token field in total and per request, cost, by model, by prompt variant, token sources, unpriced share), by_day (per UTC day, clipped to the window) and baselines (monitoring.baseline_comparison).';

revoke all on function
  monitoring.usage_day_fields(jsonb),
  monitoring.tool_usage_window(timestamptz, timestamptz, text, text, text, text),
  monitoring.baseline_comparison(timestamptz, timestamptz, text, text, text, text, jsonb),
  monitoring.track_usage(timestamptz, timestamptz, text, text, text, text)
  from public, anon, authenticated;
grant execute on function
  monitoring.usage_day_fields(jsonb),
  monitoring.tool_usage_window(timestamptz, timestamptz, text, text, text, text),
  monitoring.baseline_comparison(timestamptz, timestamptz, text, text, text, text, jsonb),
  monitoring.track_usage(timestamptz, timestamptz, text, text, text, text)
  to service_role;
