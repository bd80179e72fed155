-- The weekly report's numbers, and the Monday job that builds last week's report.
--
-- monitoring.weekly_report_data(week_start, app) returns every number of the report as one
-- JSON object, computed in one function call (a STABLE function reads one snapshot), from
-- the engine's window functions (usage_summary per week and per day, usage_window_rows for
-- error types) and monitoring.baseline_comparison / tool_usage_window. The Edge Function
-- weekly-report renders markdown and HTML from this JSON and stores all three in
-- monitoring.reports; TypeScript adds no number of its own.
--
-- Alerts and health come from monitoring.health_checks and monitoring.alerts (written by
-- check-alerts). monitoring.report_health reads them only when they exist (to_regclass), with
-- dynamic SQL, so the report works on a database that has no alerting yet; then the section
-- says "available": false.
--
-- Cost figures: cost_usd sums priced requests; unpriced requests are counted, never priced
-- at $0. monthly_projection_usd = the week's cost x 4.3. The month-end forecast takes the
-- month of the week's last day: month-to-date cost (from the 1st to the end of the week, or
-- to now for the current week) / days elapsed x days in the month.

create function monitoring.report_health(p_from timestamptz, p_to timestamptz)
returns jsonb
language plpgsql stable
as $$
declare
  v_checks jsonb;
  v_alerts jsonb;
begin
  if to_regclass('monitoring.health_checks') is null then
    v_checks := jsonb_build_object('available', false, 'reason', 'monitoring.health_checks does not exist yet');
  else
    begin
      execute $q$
        with c as (
          select h.checked_at, h.score::numeric as score, h.status, h.checks
          from monitoring.health_checks h
          where h.checked_at >= $1 and h.checked_at < $2
        ), failing as (
          select e.value ->> 'rule' as rule,
                 count(*) as failures,
                 max(case e.value ->> 'severity' when 'CRITICAL' then 2 when 'WARNING' then 1 else 0 end) as worst,
                 (array_agg(e.value ->> 'message' order by c.checked_at desc))[1] as last_message,
                 (array_agg(e.value -> 'value' order by c.checked_at desc))[1] as last_value
          from c
          cross join lateral jsonb_array_elements(case when jsonb_typeof(c.checks) = 'array' then c.checks else '[]'::jsonb end) e
          where e.value ->> 'passed' = 'false'
            and e.value ->> 'severity' in ('WARNING', 'CRITICAL')
          group by 1
        )
        select jsonb_build_object(
          'available', true,
          'count', (select count(*) from c),
          'avg_score', (select round(avg(c.score), 1) from c),
          'min_score', (select min(c.score) from c),
          'max_score', (select max(c.score) from c),
          'by_status', jsonb_build_object(
            'healthy', (select count(*) from c where c.status = 'healthy'),
            'warning', (select count(*) from c where c.status = 'warning'),
            'critical', (select count(*) from c where c.status = 'critical')),
          'latest', (select jsonb_build_object('checked_at', c.checked_at, 'score', c.score, 'status', c.status)
                     from c order by c.checked_at desc limit 1),
          'worst', (select jsonb_build_object('checked_at', c.checked_at, 'score', c.score, 'status', c.status)
                    from c order by c.score, c.checked_at limit 1),
          'failing_rules', coalesce((
            select jsonb_agg(jsonb_build_object(
                     'rule', f.rule, 'failed_checks', f.failures,
                     'worst_severity', case f.worst when 2 then 'CRITICAL' when 1 then 'WARNING' end,
                     'last_value', f.last_value, 'last_message', f.last_message)
                   order by f.worst desc, f.failures desc, f.rule)
            from failing f), '[]'::jsonb))
      $q$ into v_checks using p_from, p_to;
    exception when others then
      v_checks := jsonb_build_object('available', false, 'reason', 'monitoring.health_checks could not be read: ' || sqlerrm);
    end;
  end if;

  if to_regclass('monitoring.alerts') is null then
    v_alerts := jsonb_build_object('available', false, 'reason', 'monitoring.alerts does not exist yet');
  else
    begin
      execute $q$
        with a as (
          select x.j,
                 coalesce(x.j ->> 'rule_name', x.j ->> 'rule', x.j ->> 'metric', x.j ->> 'fingerprint') as rule,
                 x.j ->> 'severity' as severity,
                 (x.j ->> 'first_seen_at')::timestamptz as first_seen_at,
                 (x.j ->> 'last_seen_at')::timestamptz as last_seen_at,
                 (x.j ->> 'resolved_at')::timestamptz as resolved_at
          from (select to_jsonb(al) as j from monitoring.alerts al) x
        ), active as (
          select a.* from a
          where a.first_seen_at < $2 and (a.resolved_at is null or a.resolved_at >= $1)
        )
        select jsonb_build_object(
          'available', true,
          'active', (select count(*) from active),
          'opened', (select count(*) from active where active.first_seen_at >= $1),
          'resolved', (select count(*) from active where active.resolved_at < $2),
          'open_at_end', (select count(*) from active where active.resolved_at is null or active.resolved_at >= $2),
          'critical', (select count(*) from active where active.severity = 'CRITICAL'),
          'warning', (select count(*) from active where active.severity = 'WARNING'),
          'list', coalesce((
            select jsonb_agg(jsonb_build_object(
                     'rule', l.rule, 'severity', l.severity,
                     'state_at_end', case when l.resolved_at is not null and l.resolved_at < $2 then 'resolved' else 'open' end,
                     'first_seen_at', l.first_seen_at, 'last_seen_at', l.last_seen_at,
                     'resolved_at', case when l.resolved_at < $2 then l.resolved_at end,
                     'occurrences', l.j -> 'occurrences', 'value', l.j -> 'value',
                     'threshold', l.j -> 'threshold', 'message', l.j ->> 'message')
                   order by l.ord)
            from (select active.*,
                         row_number() over (order by case active.severity when 'CRITICAL' then 0 else 1 end,
                                                     active.first_seen_at, active.rule) as ord
                  from active) l
            where l.ord <= 20), '[]'::jsonb))
      $q$ into v_alerts using p_from, p_to;
    exception when others then
      v_alerts := jsonb_build_object('available', false, 'reason', 'monitoring.alerts could not be read: ' || sqlerrm);
    end;
  end if;

  return jsonb_build_object('checks', v_checks, 'alerts', v_alerts);
end
$$;

comment on function monitoring.report_health(timestamptz, timestamptz) is
  'Health checks and alerts of [p_from, p_to) for the weekly report: checks {available, count, avg/min/max score, by_status, latest, worst, failing_rules} from monitoring.health_checks and alerts {available, active, opened, resolved, open_at_end, critical, warning, list} from monitoring.alerts; "available": false while those tables do not exist. Health and alerts are not limited to an app.';

create function monitoring.weekly_report_data(p_week_start timestamptz, p_app text default null)
returns jsonb
language plpgsql stable
as $$
declare
  v_from timestamptz := p_week_start;
  v_to timestamptz := p_week_start + interval '7 days';
  v_now timestamptz := now();
  v_month_start timestamptz;
  v_month_end timestamptz;
  v_mtd_to timestamptz;
  v_days_elapsed numeric;
  v_days_in_month numeric;
  v_summary jsonb;
  v_prev jsonb;
  v_mtd jsonb;
  v_base jsonb;
  v_days jsonb;
  v_tools jsonb;
  v_errors jsonb;
  v_health jsonb;
  v_cost numeric;
  v_prev_cost numeric;
  v_saved numeric;
begin
  if p_week_start is null
     or date_trunc('week', p_week_start at time zone 'UTC') <> p_week_start at time zone 'UTC' then
    raise exception 'weekly_report_data: week start % is not a Monday 00:00 UTC', p_week_start
      using errcode = '22023';
  end if;

  v_month_start := date_trunc('month', (v_to - interval '1 microsecond') at time zone 'UTC') at time zone 'UTC';
  v_month_end := (date_trunc('month', (v_to - interval '1 microsecond') at time zone 'UTC') + interval '1 month') at time zone 'UTC';
  v_mtd_to := greatest(v_month_start, least(v_to, v_now));
  v_days_elapsed := extract(epoch from v_mtd_to - v_month_start) / 86400;
  v_days_in_month := extract(epoch from v_month_end - v_month_start) / 86400;

  v_summary := monitoring.usage_summary(v_from, v_to, p_app);
  v_prev := monitoring.usage_summary(v_from - interval '7 days', v_from, p_app);
  v_mtd := monitoring.usage_summary(v_month_start, v_mtd_to, p_app);
  v_base := monitoring.baseline_comparison(v_from, v_to, p_app, null, null, null, v_summary);
  v_health := monitoring.report_health(v_from, v_to);
  v_cost := (v_summary ->> 'cost_usd')::numeric;
  v_prev_cost := (v_prev ->> 'cost_usd')::numeric;
  v_saved := (v_base #>> '{dollars_saved,usd}')::numeric;

  select coalesce(jsonb_agg(jsonb_build_object(
           'day', (d.day_start at time zone 'UTC')::date,
           'target_avg_system_prompt_tokens', tv.avg_sys,
           'target_band_status', case
             when tv.avg_sys is null or v_base -> 'target' = 'null'::jsonb then null
             when tv.avg_sys > (v_base #>> '{target,band_high}')::numeric then 'above'
             when tv.avg_sys < (v_base #>> '{target,band_low}')::numeric then 'below'
             else 'in_band' end) || monitoring.usage_day_fields(x.j)
         order by d.day_start), '[]'::jsonb)
    into v_days
  from generate_series(v_from, v_to - interval '1 day', interval '1 day') d(day_start)
  -- offset 0 keeps the subquery from being flattened, so each day's summary is computed once
  cross join lateral (select monitoring.usage_summary(d.day_start, d.day_start + interval '1 day', p_app) as j offset 0) x
  left join lateral (
    select (v.value ->> 'avg_system_prompt_tokens')::numeric as avg_sys
    from jsonb_array_elements(x.j -> 'by_prompt_variant') v
    where v.value ->> 'prompt_variant' = v_base #>> '{target,name}'
  ) tv on true;

  select coalesce(jsonb_agg(jsonb_build_object(
           'tool_name', t.tool_name, 'requests', t.requests, 'calls', t.calls, 'failures', t.failures,
           'failure_rate', round(t.failures::numeric / nullif(t.calls, 0), 6),
           'success_rate', round(1 - t.failures::numeric / nullif(t.calls, 0), 6))
         order by t.failures desc, t.failures::numeric / nullif(t.calls, 0) desc nulls last, t.calls desc, t.tool_name), '[]'::jsonb)
    into v_tools
  from monitoring.tool_usage_window(v_from, v_to, p_app) t;

  select coalesce(jsonb_agg(jsonb_build_object(
           'error_type', e.error_type, 'errors', e.errors,
           'share_of_errors', round(e.errors::numeric / nullif((v_summary ->> 'errors')::numeric, 0), 6),
           'rate', round(e.errors::numeric / nullif((v_summary ->> 'requests')::numeric, 0), 6))
         order by e.errors desc, e.error_type nulls last), '[]'::jsonb)
    into v_errors
  from (select r.error_type, sum(r.requests) as errors
        from monitoring.usage_window_rows(v_from, v_to, p_app) r
        where r.status = 'error'
        group by r.error_type) e;

  return jsonb_build_object(
    'kind', 'weekly',
    'week', to_char(v_from at time zone 'UTC', 'IYYY-"W"IW'),
    'from', v_from,
    'to', v_to,
    'app', p_app,
    'data_as_of', v_now,
    'complete', v_now >= v_to,
    'executive', jsonb_build_object(
      'requests', v_summary -> 'requests',
      'total_tokens', v_summary -> 'total_tokens',
      'avg_tokens_per_request', v_summary -> 'avg_tokens_per_request',
      'cost_usd', v_summary -> 'cost_usd',
      'priced_requests', v_summary -> 'priced_requests',
      'unpriced_requests', v_summary -> 'unpriced_requests',
      'error_rate', v_summary -> 'error_rate',
      'tool_success_rate', round(1 - (v_summary ->> 'tool_failure_rate')::numeric, 6),
      'health_score', v_health #> '{checks,latest,score}',
      'health_status', v_health #> '{checks,latest,status}',
      'health_checked_at', v_health #> '{checks,latest,checked_at}',
      'avg_health_score', v_health #> '{checks,avg_score}',
      'open_alerts_at_end', v_health #> '{alerts,open_at_end}',
      'target_met', v_base #> '{target_check,met}',
      'target_avg_system_prompt_tokens', v_base #> '{target_check,avg_system_prompt_tokens}',
      'target_savings_rate', v_base #> '{target_check,system_prompt_savings_rate}',
      'promised_savings_rate', v_base -> 'promised_savings_rate',
      'dollars_saved_usd', v_base #> '{dollars_saved,usd}',
      'monthly_projection_usd', v_cost * 4.3,
      'week_over_week_change_rate', round((v_cost - v_prev_cost) / nullif(v_prev_cost, 0), 6),
      'days_outside_band', (select coalesce(jsonb_agg(d.value -> 'day' order by d.ordinality), '[]'::jsonb)
                            from jsonb_array_elements(v_days) with ordinality d
                            where d.value ->> 'target_band_status' in ('above', 'below'))),
    'usage', v_summary,
    'per_day', v_days,
    'savings', v_base,
    'cost', jsonb_build_object(
      'cost_usd', v_cost,
      'priced_requests', v_summary -> 'priced_requests',
      'unpriced_requests', v_summary -> 'unpriced_requests',
      'cost_per_request', v_summary -> 'cost_per_request',
      'by_model', v_summary -> 'by_model',
      'previous_week', jsonb_build_object(
        'week', to_char((v_from - interval '7 days') at time zone 'UTC', 'IYYY-"W"IW'),
        'requests', v_prev -> 'requests',
        'cost_usd', v_prev_cost,
        'unpriced_requests', v_prev -> 'unpriced_requests'),
      'week_over_week_change_usd', v_cost - v_prev_cost,
      'week_over_week_change_rate', round((v_cost - v_prev_cost) / nullif(v_prev_cost, 0), 6),
      'monthly_projection_factor', 4.3,
      'monthly_projection_usd', v_cost * 4.3,
      'month_to_date', jsonb_build_object(
        'month', to_char(v_month_start at time zone 'UTC', 'YYYY-MM'),
        'from', v_month_start,
        'to', v_mtd_to,
        'cost_usd', v_mtd -> 'cost_usd',
        'requests', v_mtd -> 'requests',
        'unpriced_requests', v_mtd -> 'unpriced_requests',
        'days_elapsed', trim_scale(round(v_days_elapsed, 6)),
        'days_in_month', trim_scale(v_days_in_month),
        'forecast_usd', trim_scale((v_mtd ->> 'cost_usd')::numeric * v_days_in_month / nullif(v_days_elapsed, 0))),
      'return_vs_traditional', jsonb_build_object(
        'dollars_saved_usd', v_saved,
        'requests_counted', v_base #> '{dollars_saved,requests_counted}',
        'traditional_cost_usd_est', v_cost + v_saved,
        'saved_share_of_cost', round(v_saved / nullif(v_cost, 0), 6),
        'monthly_savings_projection_usd', v_saved * 4.3)),
    'tools', jsonb_build_object(
      'tool_calls', v_summary -> 'tool_calls',
      'tool_failures', v_summary -> 'tool_failures',
      'failure_rate', v_summary -> 'tool_failure_rate',
      'success_rate', round(1 - (v_summary ->> 'tool_failure_rate')::numeric, 6),
      'tools', v_tools),
    'reliability', jsonb_build_object(
      'requests', v_summary -> 'requests',
      'errors', v_summary -> 'errors',
      'error_rate', v_summary -> 'error_rate',
      'by_error_type', v_errors,
      'by_model', (select coalesce(jsonb_agg(jsonb_build_object(
                            'provider', m.value -> 'provider', 'model', m.value -> 'model',
                            'requests', m.value -> 'requests', 'errors', m.value -> 'errors',
                            'error_rate', m.value -> 'error_rate')
                          order by (m.value ->> 'errors')::bigint desc, (m.value ->> 'requests')::bigint desc, m.value ->> 'model'),
                          '[]'::jsonb)
                   from jsonb_array_elements(v_summary -> 'by_model') m),
      'worst_day', (select jsonb_build_object('day', d.value -> 'day', 'errors', d.value -> 'errors',
                                              'requests', d.value -> 'requests', 'error_rate', d.value -> 'error_rate')
                    from jsonb_array_elements(v_days) d
                    where (d.value ->> 'errors')::bigint > 0
                    order by (d.value ->> 'error_rate')::numeric desc, (d.value ->> 'errors')::bigint desc, d.value ->> 'day'
                    limit 1),
      'latency_ms', v_summary -> 'latency_ms'),
    'health', v_health
  );
end
$$;

comment on function monitoring.weekly_report_data(timestamptz, text) is
  'Every number of the weekly report for the ISO week starting p_week_start (Monday 00:00 UTC), optionally for one app, in one snapshot: executive, usage (usage_summary), per_day, savings (baseline_comparison), cost (by model, previous week, x4.3 projection, month-to-date forecast, return vs traditional), tools, reliability, health (report_health). Rates 0..1 and NULL when undefined.';

revoke all on function monitoring.report_health(timestamptz, timestamptz) from public, anon, authenticated;
revoke all on function monitoring.weekly_report_data(timestamptz, text) from public, anon, authenticated;
grant execute on function monitoring.report_health(timestamptz, timestamptz) to service_role;
grant execute on function monitoring.weekly_report_data(timestamptz, text) to service_role;

-- Every Monday 06:00 UTC: build last week's report through the weekly-report function
-- (POST regenerates; with no week it builds the last complete ISO week). Credentials come
-- from Vault (README "Deploying to hosted Supabase"). Scheduling by name replaces an existing
-- job of that name.
select cron.schedule(
  'tokenwatch-weekly-report',
  '0 6 * * 1',
  $job$
  select net.http_post(
    url := (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_project_url')
           || '/functions/v1/weekly-report?trigger=cron&format=json',
    body := '{}'::jsonb,
    headers := jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_service_role_key')),
    timeout_milliseconds := 30000
  )
  $job$
);
