-- monitoring.measure_alert_rules: the numbers check-alerts judges, one row per rule.
--
-- Every value comes from the usage engine's monitoring.health_metrics, so a check sees what
-- the views and track-usage see (rollup for whole hours, raw events for the edges and for
-- events not yet rolled up). Judging (which severity, the health score, alert state) is done
-- by check-alerts in TypeScript (shared/alerts/); this function only measures.
--
-- Rolling-baseline rules (comparison above_rolling_baseline): value is the metric over the
-- last whole UTC hours of the window, and reference is the average of the same metric over
-- the same hours on each of the previous history_days days (days shifted by exactly 24 h).
-- Whole-hour windows read only monitoring.usage_hourly (plus the rollup queue), so the eight
-- health_metrics calls stay cheap whatever the history. For additive metrics (cost_usd,
-- requests) a day without traffic counts as 0; for rates a day without a denominator is
-- left out of the average.
--
-- compared is what the thresholds apply to, computed here in numeric so that a value exactly
-- at a threshold compares exactly: the value (above / below), |value - centre|
-- (outside_band), or value / history average (above_rolling_baseline; NULL without history).

create function monitoring.measure_alert_rules(
  p_now timestamptz default now(),
  p_rule_ids bigint[] default null
)
returns table (
  rule_id bigint,
  rule_name text,
  description text,
  metric text,
  comparison text,
  warning_threshold numeric,
  critical_threshold numeric,
  baseline text,
  time_window text,
  window_from timestamptz,
  window_to timestamptz,
  history_days integer,
  min_requests integer,
  app text,
  environment text,
  model text,
  prompt_variant text,
  cooldown_seconds numeric,
  recommendation text,
  requests bigint,
  value numeric,
  reference numeric,
  compared numeric,
  history jsonb
)
language sql stable
as $$
  select r.id, r.name, r.description, r.metric, r.comparison,
         r.warning_threshold,
         case when r.comparison = 'outside_band' and r.warning_threshold is null and r.critical_threshold is null
              then b.tolerance::numeric
              else r.critical_threshold end,
         r.baseline, r.time_window, w.window_from, w.window_to, r.history_days, r.min_requests,
         r.app, r.environment, r.model, r.prompt_variant,
         extract(epoch from r.cooldown)::numeric,
         r.recommendation,
         (m.cur ->> 'requests')::bigint,
         (m.cur ->> r.metric)::numeric,
         case r.comparison
           when 'outside_band' then
             case r.metric when 'avg_system_prompt_tokens' then b.system_prompt_tokens
                           when 'avg_tokens_per_request' then b.tokens_per_request end::numeric
           when 'above_rolling_baseline' then h.average
         end,
         case r.comparison
           when 'outside_band' then
             abs((m.cur ->> r.metric)::numeric
                 - case r.metric when 'avg_system_prompt_tokens' then b.system_prompt_tokens
                                 when 'avg_tokens_per_request' then b.tokens_per_request end)
           when 'above_rolling_baseline' then (m.cur ->> r.metric)::numeric / nullif(h.average, 0)
           else (m.cur ->> r.metric)::numeric
         end,
         h.days
  from monitoring.alert_rules r
  left join monitoring.baselines b on b.name = r.baseline
  cross join lateral monitoring.alert_window(r.time_window, p_now, r.comparison = 'above_rolling_baseline') w
  cross join lateral (
    select monitoring.health_metrics(w.window_from, w.window_to, r.app, r.environment, r.model, r.prompt_variant) as cur
  ) m
  left join lateral (
    select avg(x.v) as average, jsonb_agg(x.v order by x.d) as days
    from (
      select d.d,
             (monitoring.health_metrics(w.window_from - d.d * interval '24 hours', w.window_to - d.d * interval '24 hours',
                                        r.app, r.environment, r.model, r.prompt_variant) ->> r.metric)::numeric as v
      from generate_series(1, r.history_days) d(d)
    ) x
    where r.comparison = 'above_rolling_baseline'
  ) h on true
  where case when p_rule_ids is null then r.enabled else r.id = any (p_rule_ids) end
  order by r.id
$$;

comment on function monitoring.measure_alert_rules(timestamptz, bigint[]) is
  'One row per enabled rule (or per rule in p_rule_ids, enabled or not) measured at p_now: window bounds, requests, the metric value, the effective thresholds, the reference (band centre, or the history average for rolling rules, with the per-day values in history, day 1 first) and compared, the number the thresholds apply to.';

revoke all on function monitoring.measure_alert_rules(timestamptz, bigint[]) from public, anon, authenticated;
grant execute on function monitoring.measure_alert_rules(timestamptz, bigint[]) to service_role;
