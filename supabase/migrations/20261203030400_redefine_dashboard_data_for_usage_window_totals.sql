-- monitoring.dashboard_data redefined for issue 17 ("windows that end inside an hour"): its three
-- reads of the window (the chart's buckets, the cost chart's days, and the window for latency
-- and prompt variants) sum monitoring.usage_window_totals (20261203030000) instead of
-- monitoring.usage_window_rows, whose one row per raw event of a partial edge hour (~42,000 at
-- 1M events a day; a dashboard window ends now, inside an hour) made every read slow. Starts from
-- 20261202010500 (search_path, timezone and jit settings as there); what changed: bucket_rows and
-- w select the columns they use from the totals (so no histogram is merged for the buckets), and
-- lat_rolled / lat_raw / lat become lat_rolled (requests per model), lat_b (the totals'
-- histograms summed per model and bucket) and lat: the totals' histograms already hold the raw
-- events. Everything else is 20261202010500's; the numbers are the same (tests/sql/600-604).

create or replace function monitoring.dashboard_data(
  p_from timestamptz,
  p_to timestamptz,
  p_bucket interval,
  p_app text default null,
  p_environment text default null,
  p_model text default null,
  p_prompt_variant text default null
)
returns jsonb
language plpgsql
stable
set search_path = ''
set timezone to 'UTC'
-- The row estimates of the per-bucket lateral calls are far too high (generate_series guesses
-- 1,000 rows), which would trigger JIT compilation: ~200 ms to save microseconds.
set jit to off
as $$
declare
  v_buckets numeric;
  v_days integer;
  v_last_day date;
  v_first_day date;
  v_result jsonb;
  v_alerts jsonb;
  v_report jsonb;
begin
  if p_from is null or p_to is null or p_bucket is null or p_to <= p_from or p_bucket <= interval '0' then
    raise exception 'dashboard_data: need p_from < p_to and a positive p_bucket (got %, %, %)', p_from, p_to, p_bucket
      using errcode = '22023';
  end if;
  v_buckets := extract(epoch from p_to - p_from) / extract(epoch from p_bucket);
  if v_buckets <> trunc(v_buckets) or v_buckets > 1000 then
    raise exception 'dashboard_data: [%, %) is not a whole number of % buckets (at most 1000)', p_from, p_to, p_bucket
      using errcode = '22023';
  end if;

  -- The cost chart: the UTC days up to the one holding the window's last instant, at least 7.
  v_days := greatest(7, ceil(extract(epoch from p_to - p_from) / 86400)::integer);
  v_last_day := ((p_to - interval '1 microsecond') at time zone 'UTC')::date;
  v_first_day := v_last_day - (v_days - 1);

  with b as (
    select g as t0, g + p_bucket as t1
    from generate_series(p_from, p_to - p_bucket, p_bucket) g
  ), bucket_rows as (
    -- only the columns read below, so that the totals compute nothing else (no histograms)
    select b.t0, r.prompt_variant, r.requests, r.errors, r.tool_calls, r.tool_failures, r.input_tokens,
           r.cache_read_tokens, r.output_tokens, r.system_prompt_tokens, r.system_prompt_requests, r.cost_usd
    from b
    left join lateral monitoring.usage_window_totals(b.t0, b.t1, p_app, p_environment, p_model, p_prompt_variant) r on true
  ), per_bucket as (
    select br.t0,
           coalesce(sum(br.requests), 0) as requests,
           coalesce(sum(br.errors), 0) as errors,
           coalesce(sum(br.tool_calls), 0) as tool_calls,
           coalesce(sum(br.tool_failures), 0) as tool_failures,
           coalesce(sum(br.input_tokens), 0) as input_tokens,
           coalesce(sum(br.cache_read_tokens), 0) as cache_read_tokens,
           coalesce(sum(br.output_tokens), 0) as output_tokens,
           coalesce(sum(br.system_prompt_tokens), 0) as system_prompt_tokens,
           coalesce(sum(br.cost_usd), 0) as cost_usd
    from bucket_rows br
    group by br.t0
  ), sp as (
    select br.t0, br.prompt_variant,
           sum(br.system_prompt_requests) as requests_reporting,
           round(sum(br.system_prompt_tokens)::numeric / sum(br.system_prompt_requests), 2) as avg_system_prompt_tokens
    from bucket_rows br
    where br.requests is not null
    group by br.t0, br.prompt_variant
    having sum(br.system_prompt_requests) > 0
  ), d as (
    select g::date as day
    from generate_series(v_first_day - 6, v_last_day, interval '1 day') g
  ), per_day as (
    select d.day,
           coalesce(sum(r.cost_usd), 0) as cost_usd,
           coalesce(sum(r.requests), 0) as requests,
           coalesce(sum(r.unpriced_requests), 0) as unpriced_requests
    from d
    left join lateral monitoring.usage_window_totals(
      d.day::timestamp at time zone 'UTC', (d.day + 1)::timestamp at time zone 'UTC',
      p_app, p_environment, p_model, p_prompt_variant) r on true
    group by d.day
  ), daily as (
    select pd.day, pd.cost_usd, pd.requests, pd.unpriced_requests,
           sum(pd.cost_usd) over (order by pd.day rows between 6 preceding and current row) / 7 as cost_usd_7d_avg
    from per_day pd
  ), w as materialized (
    -- the window summed per rollup key (raw edge and queued events included, histograms merged)
    select t.provider, t.model, t.prompt_variant, t.requests, t.input_tokens, t.output_tokens,
           t.unpriced_input_tokens, t.unpriced_output_tokens, t.system_prompt_tokens, t.system_prompt_requests,
           t.cost_usd, t.latency_requests, t.latency_hist
    from monitoring.usage_window_totals(p_from, p_to, p_app, p_environment, p_model, p_prompt_variant) t
  ), lat_rolled as (
    select w.provider, w.model, sum(w.latency_requests) as requests
    from w
    group by w.provider, w.model
    having sum(w.latency_requests) > 0
  ), lat_b as (
    -- the key rows' histograms (bigint[64]) summed per model, element by element
    select w.provider, w.model, u.i, sum(u.n)::bigint as n
    from w
    cross join lateral unnest(w.latency_hist) with ordinality u(n, i)
    group by w.provider, w.model, u.i
  ), lat as materialized (
    select lr.provider, lr.model, lr.requests,
           (select array_agg(b.n order by b.i) from lat_b b where b.provider = lr.provider and b.model = lr.model) as hist
    from lat_rolled lr
  ), variants as (
    select w.prompt_variant,
           sum(w.requests) as requests,
           sum(w.input_tokens + w.output_tokens) as total_tokens,
           sum(w.input_tokens + w.output_tokens - w.unpriced_input_tokens - w.unpriced_output_tokens) as priced_tokens,
           sum(w.system_prompt_tokens) as system_prompt_tokens,
           sum(w.system_prompt_requests) as system_prompt_requests,
           sum(w.cost_usd) as cost_usd
    from w
    group by w.prompt_variant
  ), tools as (
    select t.tool_name, sum(t.calls) as calls, sum(t.failures) as failures
    from monitoring.tool_usage_hourly t
    where t.hour >= p_from and t.hour < p_to
      and (p_app is null or t.app = p_app)
      and (p_environment is null or t.environment = p_environment)
      and (p_model is null or t.model = p_model)
      and (p_prompt_variant is null or t.prompt_variant = p_prompt_variant)
    group by t.tool_name
  ), dims as (
    select h.app, h.environment, h.model, h.prompt_variant
    from monitoring.usage_hourly h
    where h.hour >= p_from and h.hour < p_to
  )
  select jsonb_build_object(
    'window', jsonb_build_object(
      'from', p_from, 'to', p_to, 'bucket_seconds', extract(epoch from p_bucket)::integer,
      'first_day', v_first_day, 'last_day', v_last_day),
    'filters', jsonb_build_object('app', p_app, 'environment', p_environment, 'model', p_model,
                                  'prompt_variant', p_prompt_variant),
    'summary', monitoring.usage_summary(p_from, p_to, p_app, p_environment, p_model, p_prompt_variant),
    'buckets', (
      select jsonb_agg(jsonb_build_object(
               't', pb.t0,
               'requests', pb.requests,
               'errors', pb.errors,
               'input_tokens', pb.input_tokens,
               'cache_read_tokens', pb.cache_read_tokens,
               'output_tokens', pb.output_tokens,
               'system_prompt_tokens', pb.system_prompt_tokens,
               'cost_usd', pb.cost_usd,
               'tool_calls', pb.tool_calls,
               'tool_failures', pb.tool_failures,
               'error_rate', round(pb.errors::numeric / nullif(pb.requests, 0), 6),
               'tool_success_rate', round(1 - pb.tool_failures::numeric / nullif(pb.tool_calls, 0), 6))
             order by pb.t0)
      from per_bucket pb),
    'system_prompt', coalesce((
      select jsonb_agg(jsonb_build_object(
               't', sp.t0, 'prompt_variant', sp.prompt_variant,
               'requests_reporting', sp.requests_reporting,
               'avg_system_prompt_tokens', sp.avg_system_prompt_tokens)
             order by sp.prompt_variant nulls last, sp.t0)
      from sp), '[]'::jsonb),
    'band', (
      select jsonb_build_object(
               'baseline', b.name,
               'system_prompt_tokens', b.system_prompt_tokens,
               'tolerance', b.tolerance,
               'low', b.system_prompt_tokens - coalesce(b.tolerance, 0),
               'high', b.system_prompt_tokens + coalesce(b.tolerance, 0))
      from monitoring.baselines b
      where b.name = 'mcp'),
    'daily_cost', (
      select jsonb_agg(jsonb_build_object(
               'day', dl.day, 'cost_usd', dl.cost_usd, 'cost_usd_7d_avg', round(dl.cost_usd_7d_avg, 6),
               'requests', dl.requests, 'unpriced_requests', dl.unpriced_requests)
             order by dl.day)
      from daily dl
      where dl.day >= v_first_day),
    'projection', (
      select jsonb_build_object(
               'from_day', v_last_day - 6,
               'to_day', v_last_day,
               'last_7_days_usd', sum(dl.cost_usd),
               'monthly_usd', round(sum(dl.cost_usd) * 4.3, 6))
      from daily dl
      where dl.day > v_last_day - 7),
    'latency', coalesce((
      select jsonb_agg(jsonb_build_object(
               'provider', l.provider, 'model', l.model, 'requests', l.requests,
               'p50_ms', round(monitoring.hist_percentile(l.hist, 0.50)::numeric, 1),
               'p95_ms', round(monitoring.hist_percentile(l.hist, 0.95)::numeric, 1))
             order by l.requests desc, l.provider, l.model)
      from lat l), '[]'::jsonb),
    'baselines', coalesce((
      select jsonb_agg(jsonb_build_object(
               'name', b.name, 'system_prompt_tokens', b.system_prompt_tokens, 'tolerance', b.tolerance,
               'tokens_per_request', b.tokens_per_request)
             order by b.system_prompt_tokens, b.name)
      from monitoring.baselines b), '[]'::jsonb),
    'savings', coalesce((
      select jsonb_agg(jsonb_build_object(
               'prompt_variant', v.prompt_variant,
               'baseline', b.name,
               'requests', v.requests,
               'total_tokens', v.total_tokens,
               'avg_tokens_per_request', round(v.total_tokens::numeric / nullif(v.requests, 0), 2),
               'baseline_tokens_per_request', b.tokens_per_request,
               'tokens_saved', v.requests * b.tokens_per_request - v.total_tokens,
               'token_savings_rate', round(1 - v.total_tokens::numeric / nullif(v.requests * b.tokens_per_request, 0), 6),
               'avg_system_prompt_tokens', round(v.system_prompt_tokens::numeric / nullif(v.system_prompt_requests, 0), 2),
               'baseline_system_prompt_tokens', b.system_prompt_tokens,
               'system_prompt_savings_rate', round(1 - (v.system_prompt_tokens::numeric / nullif(v.system_prompt_requests, 0))
                                                      / nullif(b.system_prompt_tokens, 0), 6),
               'cost_usd', v.cost_usd,
               'cost_saved_usd_est', round(v.cost_usd * (v.requests * b.tokens_per_request) / nullif(v.priced_tokens, 0)
                                           - v.cost_usd, 6))
             order by v.requests desc, v.prompt_variant nulls last, b.system_prompt_tokens, b.name)
      from variants v
      cross join monitoring.baselines b
      where v.requests > 0), '[]'::jsonb),
    'tools', coalesce((
      select jsonb_agg(jsonb_build_object(
               'tool_name', t.tool_name, 'calls', t.calls, 'failures', t.failures,
               'failure_rate', round(t.failures::numeric / nullif(t.calls, 0), 6))
             order by t.calls desc, t.tool_name)
      from (select * from tools order by calls desc, tool_name limit 10) t), '[]'::jsonb),
    'options', jsonb_build_object(
      'app', coalesce((select jsonb_agg(distinct x.app order by x.app) from dims x where x.app is not null), '[]'::jsonb),
      'environment', coalesce((select jsonb_agg(distinct x.environment order by x.environment) from dims x where x.environment is not null), '[]'::jsonb),
      'model', coalesce((select jsonb_agg(distinct x.model order by x.model) from dims x), '[]'::jsonb),
      'prompt_variant', coalesce((select jsonb_agg(distinct x.prompt_variant order by x.prompt_variant) from dims x where x.prompt_variant is not null), '[]'::jsonb))
  )
  into v_result;

  -- Open alerts (issue: check-alerts), when that table exists. Open = status 'open' when the
  -- row has a status, else not resolved.
  if to_regclass('monitoring.alerts') is not null then
    execute $q$
      select coalesce(jsonb_agg(x.j order by
               case lower(coalesce(x.j ->> 'severity', '')) when 'critical' then 0 when 'warning' then 1 else 2 end,
               coalesce(x.j ->> 'last_seen_at', x.j ->> 'last_seen', x.j ->> 'updated_at', x.j ->> 'opened_at', '') desc), '[]'::jsonb)
      from (select to_jsonb(a) as j from monitoring.alerts a) x
      where case when x.j ? 'status' then lower(x.j ->> 'status') in ('open', 'firing', 'active')
                 else coalesce(x.j ->> 'resolved_at', '') = '' end
    $q$ into v_alerts;
    v_result := v_result || jsonb_build_object('alerts', v_alerts);
  else
    v_result := v_result || jsonb_build_object('alerts', null);
  end if;

  -- The latest weekly report (weekly-report), when that table exists: the newest week, the
  -- report for the filtered app first, then the one for all apps; without its HTML and JSON
  -- forms (the page shows the markdown).
  if to_regclass('monitoring.reports') is not null then
    execute $q$
      select x.j - 'html' - 'report'
      from (select to_jsonb(r) as j from monitoring.reports r) x
      order by coalesce(x.j ->> 'week', x.j ->> 'period_start', '') desc,
               (x.j ->> 'app' is not distinct from $1) desc,
               (x.j ->> 'app' is null) desc,
               coalesce(x.j ->> 'generated_at', x.j ->> 'created_at', '') desc
      limit 1
    $q$ into v_report using p_app;
    v_result := v_result || jsonb_build_object('report', coalesce(v_report, '{}'::jsonb));
  else
    v_result := v_result || jsonb_build_object('report', null);
  end if;

  return v_result;
end
$$;

