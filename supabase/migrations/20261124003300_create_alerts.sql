-- monitoring.alerts: one row per incident of a rule in its scope.
--
-- The fingerprint names a rule and its scope (sha256 over rule id, metric, comparison, app,
-- environment, model, prompt_variant; shared/alerts/fingerprint.ts). At most one alert per
-- fingerprint is open at a time (unique partial index). check-alerts changes alerts only
-- inside a transaction that holds the advisory lock monitoring.alert_lock_key(), so two
-- overlapping runs take turns: the second sees what the first did.
--
-- Life of an alert:
--   failing check, no open alert      -> opened (severity WARNING or CRITICAL), occurrences 1
--   failing check, open alert         -> occurrences + 1, value and last_seen_at updated;
--                                        WARNING -> CRITICAL is an escalation (notified),
--                                        CRITICAL -> WARNING only lowers severity
--   passing check, open alert         -> healthy_since set (kept while it keeps passing);
--                                        resolved once checked_at - healthy_since >= cooldown
--   check not judged                  -> no change
--   rule disabled, deleted or re-scoped -> resolved ('rule_inactive') at the next check
-- Each opening, escalation and resolution bumps state_changes and queues one notification per
-- matching channel.

create function monitoring.alert_lock_key()
returns bigint
language sql immutable parallel safe
as $$ select 7342018005::bigint $$;

comment on function monitoring.alert_lock_key() is
  'Advisory lock key held (transaction-scoped) by check-alerts while it records a health check and changes alerts.';

create table monitoring.alerts (
  id bigint generated always as identity primary key,
  fingerprint text not null,
  rule_id bigint references monitoring.alert_rules (id) on delete set null,
  rule_name text not null,
  metric text not null,
  scope jsonb not null default '{}'::jsonb,
  status text not null default 'open',
  severity text not null,
  value numeric,
  threshold numeric,
  reference numeric,
  message text not null,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  occurrences integer not null default 1,
  healthy_since timestamptz,
  resolved_at timestamptz,
  resolution text,
  state_changes integer not null default 1,
  last_health_check_id bigint references monitoring.health_checks (id) on delete set null,
  constraint alerts_status_known check (status in ('open', 'resolved')),
  constraint alerts_severity_known check (severity in ('WARNING', 'CRITICAL')),
  constraint alerts_resolution_known check (resolution is null or resolution in ('recovered', 'rule_inactive')),
  constraint alerts_resolved_shape check (
    (status = 'open' and resolved_at is null and resolution is null)
    or (status = 'resolved' and resolved_at is not null and resolution is not null)),
  constraint alerts_fingerprint_sha256 check (fingerprint ~ '^[0-9a-f]{64}$'),
  constraint alerts_occurrences_positive check (occurrences >= 1 and state_changes >= 1)
);

create unique index alerts_one_open_per_fingerprint on monitoring.alerts (fingerprint) where status = 'open';
create index alerts_first_seen_idx on monitoring.alerts (first_seen_at);
create index alerts_rule_idx on monitoring.alerts (rule_id);

comment on table monitoring.alerts is
  'Alert incidents: one open alert at most per rule and scope (fingerprint), with first/last seen, occurrences, severity escalation and resolution after the cooldown. Changed only by check-alerts.';
comment on column monitoring.alerts.id is 'Alert id.';
comment on column monitoring.alerts.fingerprint is 'sha256 (hex) of the rule id, metric, comparison and scope: identifies "this rule in this scope".';
comment on column monitoring.alerts.rule_id is 'The rule that raised it (NULL once the rule is deleted).';
comment on column monitoring.alerts.rule_name is 'Rule name when the alert last changed.';
comment on column monitoring.alerts.metric is 'The rule''s metric.';
comment on column monitoring.alerts.scope is 'The rule''s scope: {app, environment, model, prompt_variant}, NULL = all.';
comment on column monitoring.alerts.status is 'open or resolved.';
comment on column monitoring.alerts.severity is 'Current severity: WARNING or CRITICAL.';
comment on column monitoring.alerts.value is 'Metric value at the last failing check.';
comment on column monitoring.alerts.threshold is 'Threshold the last failing check crossed (half-width for bands, multiplier for rolling rules).';
comment on column monitoring.alerts.reference is 'Band centre or history average the value was compared with (NULL for plain thresholds).';
comment on column monitoring.alerts.message is 'One-line description of the last failing check.';
comment on column monitoring.alerts.first_seen_at is 'When the alert opened.';
comment on column monitoring.alerts.last_seen_at is 'Last check that found the rule failing.';
comment on column monitoring.alerts.occurrences is 'Checks that found the rule failing while this alert was open.';
comment on column monitoring.alerts.healthy_since is 'First passing check since the last failing one; the alert resolves when the cooldown has passed since then.';
comment on column monitoring.alerts.resolved_at is 'When it was resolved.';
comment on column monitoring.alerts.resolution is 'recovered (passed for the cooldown) or rule_inactive (rule disabled, deleted or re-scoped).';
comment on column monitoring.alerts.state_changes is 'Openings, escalations and resolution so far; part of each notification''s idempotency key.';
comment on column monitoring.alerts.last_health_check_id is 'Last health check that changed this alert.';

alter table monitoring.alerts enable row level security;
create policy alerts_service_role on monitoring.alerts
  for all to service_role using (true) with check (true);

revoke all on table monitoring.alerts from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.alerts to service_role;
revoke all on function monitoring.alert_lock_key() from public, anon, authenticated;
grant execute on function monitoring.alert_lock_key() to service_role;
