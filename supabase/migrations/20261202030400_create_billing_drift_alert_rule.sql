-- Alert rule billing_drift: yesterday's billed cost against the cost Tokenwatch tracked.
--
-- A new metric, billing_drift, measured by monitoring.billing_drift_metrics (below) from
-- monitoring.v_billing_reconciliation_daily over whole UTC days: |billed - tracked| / billed,
-- a fraction like the other rates (0.05 = 5%), over every provider with billing data. A new
-- window, yesterday (the previous UTC day), and a new rule column, min_difference_usd: the
-- rule fails only when the dollar difference is above it too (the seeded rule: $1), so a 50 %
-- drift on a 3-cent day raises nothing. The "requests" a billing_drift rule counts are the
-- billed cost rows of the window, so with min_requests = 1 a day without billing data (no
-- source, or not yet synced) is not judged and changes no alert.
--
-- Seeded: WARNING above 5 % (and $1), CRITICAL above 20 %; editable like the other rules. The
-- providers publish a day's costs with some delay; billing-sync re-reads the last days each
-- hour, so an early partial day that opened an alert resolves once the full day has landed.

alter table monitoring.alert_rules add column min_difference_usd numeric;

comment on column monitoring.alert_rules.min_difference_usd is
  'billing_drift only: the rule fails only when |billed - tracked| is also above this many US dollars (NULL = no floor).';

alter table monitoring.alert_rules drop constraint alert_rules_metric_known;
alter table monitoring.alert_rules add constraint alert_rules_metric_known check (metric in (
  'avg_system_prompt_tokens', 'avg_tokens_per_request', 'tool_failure_rate', 'error_rate',
  'cost_usd', 'requests', 'unpriced_requests', 'unpriced_share', 'total_tokens', 'billing_drift'));
alter table monitoring.alert_rules drop constraint alert_rules_window_known;
alter table monitoring.alert_rules add constraint alert_rules_window_known check (time_window in (
  'last_5m', 'last_15m', 'last_hour', 'last_6h', 'last_24h', 'last_7d', 'today', 'yesterday'));
alter table monitoring.alert_rules add constraint alert_rules_billing_drift_shape check (
  (metric = 'billing_drift' and comparison = 'above' and time_window = 'yesterday')
  or (metric <> 'billing_drift' and time_window <> 'yesterday' and min_difference_usd is null));
alter table monitoring.alert_rules add constraint alert_rules_min_difference_non_negative check (
  coalesce(min_difference_usd, 0) >= 0);

comment on column monitoring.alert_rules.metric is 'A key of monitoring.health_metrics: avg_system_prompt_tokens, avg_tokens_per_request, tool_failure_rate, error_rate (fractions 0..1), cost_usd, requests, unpriced_requests, unpriced_share, total_tokens; or billing_drift (|billed - tracked| / billed over whole UTC days, monitoring.billing_drift_metrics).';
comment on column monitoring.alert_rules.time_window is 'last_5m, last_15m, last_hour, last_6h, last_24h, last_7d (ending at the check), today (since 00:00 UTC) or yesterday (the previous UTC day; billing_drift only). Rolling rules: the last whole UTC hours.';

create function monitoring.billing_drift_metrics(p_from date, p_to date, p_min_difference_usd numeric default null)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'requests', (select count(*) from monitoring.provider_costs c where c.day >= p_from and c.day < p_to),
    'tracked_cost_usd', coalesce(sum(d.tracked_cost_usd), 0),
    'billed_cost_usd', coalesce(sum(d.billed_cost_usd), 0),
    'cost_difference_usd', coalesce(sum(d.billed_cost_usd), 0) - coalesce(sum(d.tracked_cost_usd), 0),
    'billing_drift', abs(sum(d.billed_cost_usd) - sum(d.tracked_cost_usd)) / nullif(sum(d.billed_cost_usd), 0),
    'compared', case when abs(coalesce(sum(d.billed_cost_usd), 0) - coalesce(sum(d.tracked_cost_usd), 0))
                          > coalesce(p_min_difference_usd, 0)
                     then abs(sum(d.billed_cost_usd) - sum(d.tracked_cost_usd)) / nullif(sum(d.billed_cost_usd), 0)
                     else 0 end)
  from monitoring.v_billing_reconciliation_daily d
  where d.day >= p_from and d.day < p_to
$$;

comment on function monitoring.billing_drift_metrics(date, date, numeric) is
  'The billing_drift metric over UTC days [p_from, p_to): requests (billed cost rows), tracked and billed cost, their difference, billing_drift = |billed - tracked| / billed (NULL when nothing was billed) and compared (billing_drift, or 0 when the dollar difference is not above p_min_difference_usd).';

revoke all on function monitoring.billing_drift_metrics(date, date, numeric) from public, anon, authenticated;
grant execute on function monitoring.billing_drift_metrics(date, date, numeric) to service_role;

insert into monitoring.alert_rules
  (name, description, metric, comparison, warning_threshold, critical_threshold, time_window,
   min_requests, cooldown, min_difference_usd, recommendation)
values
  ('billing_drift',
   'Yesterday''s billed cost (providers'' cost reports) differs from the tracked cost by more than 5% and $1 (CRITICAL above 20%).',
   'billing_drift', 'above', 0.05, 0.20, 'yesterday', 1, interval '15 minutes', 1,
   'Compare monitoring.v_billing_reconciliation for the day: unattributed spend means traffic Tokenwatch never saw (instrument that code path); tracked tokens matching reported tokens with a cost gap means prices or service tiers are wrong (check model_prices and tracked_unpriced_requests).')
on conflict (name) do nothing;
