-- monitoring.alert_rules: what check-alerts judges, and monitoring.alert_window: over which time.
--
-- A rule names a metric of monitoring.health_metrics, a comparison and a WARNING and/or
-- CRITICAL threshold, a time window, the fewest requests it judges on, an optional scope
-- (app, environment, model, prompt_variant; NULL = all) and a cooldown. The database measures
-- (monitoring.measure_alert_rules, next migration); check-alerts judges (shared/alerts/judge.ts).
--
-- Comparisons (a value exactly AT a threshold passes; only crossing it fails):
--   above                   value > threshold fails
--   below                   value < threshold fails
--   outside_band            |value - centre| > threshold fails; the centre is the baseline's
--                           system_prompt_tokens (metric avg_system_prompt_tokens) or
--                           tokens_per_request (metric avg_tokens_per_request); the thresholds
--                           are half-widths, and when both are NULL the CRITICAL half-width is
--                           the baseline's tolerance (so editing monitoring.baselines moves it)
--   above_rolling_baseline  value / history > threshold fails (thresholds are multipliers),
--                           where value is the metric over the last whole UTC hours of the
--                           window (last_hour = the last complete hour) and history is the
--                           average of the same hours on each of the previous history_days
--                           days. No history (average 0 or NULL) means nothing to judge.
--
-- Windows: last_5m, last_15m, last_hour, last_6h, last_24h, last_7d end at the time of the
-- check; today runs from 00:00 UTC. Rolling-baseline rules take last_hour, last_6h or
-- last_24h and use whole hours (see above).

create table monitoring.alert_rules (
  id bigint generated always as identity primary key,
  name text not null unique,
  description text,
  metric text not null,
  comparison text not null default 'above',
  warning_threshold numeric,
  critical_threshold numeric,
  baseline text references monitoring.baselines (name) on update cascade,
  time_window text not null default 'last_hour',
  history_days integer,
  min_requests integer not null default 1,
  app text,
  environment text,
  model text,
  prompt_variant text,
  cooldown interval not null default interval '15 minutes',
  recommendation text,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),

  constraint alert_rules_name_not_blank check (btrim(name) <> '' and length(name) <= 200),
  constraint alert_rules_metric_known check (metric in (
    'avg_system_prompt_tokens', 'avg_tokens_per_request', 'tool_failure_rate', 'error_rate',
    'cost_usd', 'requests', 'unpriced_requests', 'unpriced_share', 'total_tokens')),
  constraint alert_rules_comparison_known check (comparison in (
    'above', 'below', 'outside_band', 'above_rolling_baseline')),
  constraint alert_rules_window_known check (time_window in (
    'last_5m', 'last_15m', 'last_hour', 'last_6h', 'last_24h', 'last_7d', 'today')),
  constraint alert_rules_thresholds_non_negative check (
    coalesce(warning_threshold, 0) >= 0 and coalesce(critical_threshold, 0) >= 0),
  constraint alert_rules_has_threshold check (
    comparison = 'outside_band' or warning_threshold is not null or critical_threshold is not null),
  constraint alert_rules_thresholds_ordered check (
    warning_threshold is null or critical_threshold is null
    or (comparison = 'below' and warning_threshold >= critical_threshold)
    or (comparison <> 'below' and warning_threshold <= critical_threshold)),
  constraint alert_rules_band_needs_baseline check (
    comparison <> 'outside_band'
    or (baseline is not null and metric in ('avg_system_prompt_tokens', 'avg_tokens_per_request'))),
  constraint alert_rules_rolling_shape check (
    (comparison = 'above_rolling_baseline'
       and coalesce(history_days between 1 and 28, false)
       and time_window in ('last_hour', 'last_6h', 'last_24h'))
    or (comparison <> 'above_rolling_baseline' and history_days is null)),
  constraint alert_rules_min_requests_non_negative check (min_requests >= 0),
  constraint alert_rules_cooldown_non_negative check (cooldown >= interval '0')
);

comment on table monitoring.alert_rules is
  'What check-alerts judges: a health metric over a window, compared with WARNING / CRITICAL thresholds, in an optional scope. Editable; seeded with the original five checks and an hourly cost spike rule.';
comment on column monitoring.alert_rules.id is 'Rule id; part of the alert fingerprint.';
comment on column monitoring.alert_rules.name is 'Unique rule name shown in checks, alerts and notifications.';
comment on column monitoring.alert_rules.description is 'What the rule watches, in words.';
comment on column monitoring.alert_rules.metric is 'A key of monitoring.health_metrics: avg_system_prompt_tokens, avg_tokens_per_request, tool_failure_rate, error_rate (fractions 0..1), cost_usd, requests, unpriced_requests, unpriced_share, total_tokens.';
comment on column monitoring.alert_rules.comparison is 'above | below | outside_band (|value - baseline centre| > threshold) | above_rolling_baseline (value / same-hours history average > threshold). A value exactly at a threshold passes.';
comment on column monitoring.alert_rules.warning_threshold is 'Crossing it makes the check WARNING. Rates are fractions (0.05 = 5%); band thresholds are half-widths in tokens; rolling thresholds are multipliers.';
comment on column monitoring.alert_rules.critical_threshold is 'Crossing it makes the check CRITICAL. For outside_band rules with both thresholds NULL, the baseline''s tolerance is the CRITICAL half-width.';
comment on column monitoring.alert_rules.baseline is 'monitoring.baselines name whose centre (and tolerance) an outside_band rule uses.';
comment on column monitoring.alert_rules.time_window is 'last_5m, last_15m, last_hour, last_6h, last_24h, last_7d (ending at the check) or today (since 00:00 UTC). Rolling rules: the last whole UTC hours.';
comment on column monitoring.alert_rules.history_days is 'above_rolling_baseline only: how many previous days of the same hours make the history average (1..28).';
comment on column monitoring.alert_rules.min_requests is 'Fewest requests in the window for the rule to judge; below it the check is not judged (and changes no alert).';
comment on column monitoring.alert_rules.app is 'Scope: only this app (NULL = all).';
comment on column monitoring.alert_rules.environment is 'Scope: only this environment (NULL = all).';
comment on column monitoring.alert_rules.model is 'Scope: only this model (NULL = all).';
comment on column monitoring.alert_rules.prompt_variant is 'Scope: only this prompt variant (NULL = all).';
comment on column monitoring.alert_rules.cooldown is 'How long the check must pass before its open alert is resolved (0 = at the first passing check).';
comment on column monitoring.alert_rules.recommendation is 'What to do when the rule fails; NULL = the built-in advice for the metric.';
comment on column monitoring.alert_rules.enabled is 'Disabled rules are not evaluated, and their open alerts are resolved at the next check.';
comment on column monitoring.alert_rules.created_at is 'When the rule was created.';
comment on column monitoring.alert_rules.updated_at is 'When the rule was last changed.';

create function monitoring.alert_rules_touch()
returns trigger
language plpgsql
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

comment on function monitoring.alert_rules_touch() is 'BEFORE UPDATE trigger on alert_rules: sets updated_at.';

create trigger alert_rules_touch
  before update on monitoring.alert_rules
  for each row execute function monitoring.alert_rules_touch();

-- The window [window_from, window_to) of a rule checked at p_now. With p_whole_hours the
-- window ends at the start of p_now's UTC hour (rolling-baseline rules).
create function monitoring.alert_window(p_time_window text, p_now timestamptz, p_whole_hours boolean default false)
returns table (window_from timestamptz, window_to timestamptz)
language sql stable parallel safe
as $$
  select case when p_time_window = 'today' then date_trunc('day', e.window_to, 'UTC')
              else e.window_to - case p_time_window
                when 'last_5m' then interval '5 minutes'
                when 'last_15m' then interval '15 minutes'
                when 'last_hour' then interval '1 hour'
                when 'last_6h' then interval '6 hours'
                when 'last_24h' then interval '24 hours'
                when 'last_7d' then interval '168 hours'
              end
         end,
         e.window_to
  from (select case when p_whole_hours then date_trunc('hour', p_now, 'UTC') else p_now end as window_to) e
$$;

comment on function monitoring.alert_window(text, timestamptz, boolean) is
  'Bounds [window_from, window_to) of an alert_rules.time_window checked at p_now; with p_whole_hours the window ends at the start of the current UTC hour.';

-- The original five checks, and the rolling cost spike.
insert into monitoring.alert_rules
  (name, description, metric, comparison, warning_threshold, critical_threshold, baseline,
   time_window, history_days, min_requests, prompt_variant, cooldown)
values
  ('system_prompt_band',
   'Average system-prompt tokens of mcp traffic outside the mcp baseline band (198 ± 20 unless the baseline is edited).',
   'avg_system_prompt_tokens', 'outside_band', null, null, 'mcp',
   'last_hour', null, 10, 'mcp', interval '15 minutes'),
  ('tool_failure_rate',
   'Tool failure rate above 5% (tool success below 95%).',
   'tool_failure_rate', 'above', null, 0.05, null,
   'last_hour', null, 10, null, interval '15 minutes'),
  ('tokens_per_request',
   'Average tokens per request (input + output) above 600.',
   'avg_tokens_per_request', 'above', 600, null, null,
   'last_hour', null, 10, null, interval '15 minutes'),
  ('daily_cost',
   'Cost since 00:00 UTC above $10.',
   'cost_usd', 'above', 10, null, null,
   'today', null, 1, null, interval '15 minutes'),
  ('error_rate',
   'Error rate above 5%.',
   'error_rate', 'above', null, 0.05, null,
   'last_hour', null, 10, null, interval '15 minutes'),
  ('hourly_cost_spike',
   'Cost of the last complete hour above 3x the average cost of the same hour over the previous 7 days.',
   'cost_usd', 'above_rolling_baseline', 3, null, null,
   'last_hour', 7, 1, null, interval '1 hour')
on conflict (name) do nothing;

alter table monitoring.alert_rules enable row level security;
create policy alert_rules_service_role on monitoring.alert_rules
  for all to service_role using (true) with check (true);

revoke all on table monitoring.alert_rules from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.alert_rules to service_role;
revoke all on function monitoring.alert_rules_touch() from public, anon, authenticated;
revoke all on function monitoring.alert_window(text, timestamptz, boolean) from public, anon, authenticated;
grant execute on function monitoring.alert_rules_touch() to service_role;
grant execute on function monitoring.alert_window(text, timestamptz, boolean) to service_role;
