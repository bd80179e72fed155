-- Redefines monitoring.measure_alert_rules(timestamptz, bigint[]) for billing reconciliation
-- (issue 15, rule billing_drift). Starting from the definition of 20261124003100 (search_path
-- pinned by 20261201040100), exactly these changes:
--   * window: a rule with time_window 'yesterday' is measured over the previous UTC day
--     [date_trunc('day', p_now) - 1 day, date_trunc('day', p_now)); monitoring.alert_window is
--     left as it is (it stays unpinned so that it inlines, see 20261201040100) and still gives
--     every other window;
--   * metric billing_drift: the numbers come from monitoring.billing_drift_metrics (over the
--     window's UTC days, with the rule's min_difference_usd) instead of health_metrics;
--     compared is its 'compared' (the drift, or 0 when the dollar difference is not above the
--     floor) and reference is the dollar difference billed - tracked.
-- Everything else, the columns and their order included, is unchanged; set search_path = ''
-- is now part of the definition.

create or replace function monitoring.measure_alert_rules(
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
set search_path = ''
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
           else case when r.metric = 'billing_drift' then (m.cur ->> 'cost_difference_usd')::numeric end
         end,
         case r.comparison
           when 'outside_band' then
             abs((m.cur ->> r.metric)::numeric
                 - case r.metric when 'avg_system_prompt_tokens' then b.system_prompt_tokens
                                 when 'avg_tokens_per_request' then b.tokens_per_request end)
           when 'above_rolling_baseline' then (m.cur ->> r.metric)::numeric / nullif(h.average, 0)
           else case when r.metric = 'billing_drift' then (m.cur ->> 'compared')::numeric
                     else (m.cur ->> r.metric)::numeric end
         end,
         h.days
  from monitoring.alert_rules r
  left join monitoring.baselines b on b.name = r.baseline
  cross join lateral monitoring.alert_window(r.time_window, p_now, r.comparison = 'above_rolling_baseline') aw
  cross join lateral (
    select case when r.time_window = 'yesterday' then date_trunc('day', p_now, 'UTC') - interval '1 day'
                else aw.window_from end as window_from,
           case when r.time_window = 'yesterday' then date_trunc('day', p_now, 'UTC')
                else aw.window_to end as window_to
  ) w
  cross join lateral (
    select case when r.metric = 'billing_drift'
                then monitoring.billing_drift_metrics((w.window_from at time zone 'UTC')::date,
                                                      (w.window_to at time zone 'UTC')::date,
                                                      r.min_difference_usd)
                else monitoring.health_metrics(w.window_from, w.window_to, r.app, r.environment, r.model, r.prompt_variant)
           end as cur
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
  'One row per enabled rule (or per rule in p_rule_ids, enabled or not) measured at p_now: window bounds, requests, the metric value, the effective thresholds, the reference (band centre, the history average for rolling rules with the per-day values in history, day 1 first, or for billing_drift the dollar difference billed - tracked) and compared, the number the thresholds apply to.';
