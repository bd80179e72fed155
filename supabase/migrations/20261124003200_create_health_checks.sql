-- monitoring.health_checks: one row per check-alerts run that judged the rules as configured.
--
-- Written by check-alerts in the same transaction that updates monitoring.alerts and queues
-- monitoring.notifications. Runs with a per-run override (`--threshold=N`, the request's
-- system_prompt_tolerance) are what-if runs and are not recorded here.
--
-- The health score (0-100; shared/alerts/score.ts, README "Alerts and health score"):
--   score = round(100 * (passing + 0.5 * warning) / judged)
-- over the judged checks (a critical check earns 0); 100 when no check was judged.
-- status = critical if any check is CRITICAL, else warning if any is WARNING, else healthy.
-- The weekly report reads (checked_at, score, status, checks).

create table monitoring.health_checks (
  id bigint generated always as identity primary key,
  checked_at timestamptz not null,
  score smallint not null,
  status text not null,
  checks jsonb not null,
  judged integer not null,
  failing integer not null,
  alerts_opened integer not null default 0,
  alerts_escalated integer not null default 0,
  alerts_resolved integer not null default 0,
  notifications_queued integer not null default 0,
  constraint health_checks_score_range check (score between 0 and 100),
  constraint health_checks_status_known check (status in ('healthy', 'warning', 'critical')),
  constraint health_checks_checks_array check (jsonb_typeof(checks) = 'array'),
  constraint health_checks_counts check (judged >= 0 and failing between 0 and judged)
);

create index health_checks_checked_at_idx on monitoring.health_checks (checked_at);

comment on table monitoring.health_checks is
  'One row per check-alerts run: when, the 0-100 health score, the status and every check with its value, thresholds and severity. Read by the weekly report.';
comment on column monitoring.health_checks.id is 'Check id.';
comment on column monitoring.health_checks.checked_at is 'The instant the rules were measured at (every rule window ends here, or at the hour for rolling rules).';
comment on column monitoring.health_checks.score is 'Health score 0-100: round(100 * (passing + 0.5 * warning) / judged); 100 when nothing was judged.';
comment on column monitoring.health_checks.status is 'healthy (no failing check), warning (worst failing check is WARNING) or critical (any CRITICAL).';
comment on column monitoring.health_checks.checks is 'Array of checks: {rule, rule_id, metric, comparison, value, reference, compared, warning_threshold, critical_threshold, severity INFO|WARNING|CRITICAL, judged, passed, reason, time_window, window_from, window_to, requests, min_requests, scope, fingerprint, message}.';
comment on column monitoring.health_checks.judged is 'Checks that had enough requests and a value to judge.';
comment on column monitoring.health_checks.failing is 'Judged checks at WARNING or CRITICAL.';
comment on column monitoring.health_checks.alerts_opened is 'Alerts this run opened.';
comment on column monitoring.health_checks.alerts_escalated is 'Open alerts this run escalated (WARNING to CRITICAL).';
comment on column monitoring.health_checks.alerts_resolved is 'Alerts this run resolved.';
comment on column monitoring.health_checks.notifications_queued is 'Notifications this run put in the outbox.';

alter table monitoring.health_checks enable row level security;
create policy health_checks_service_role on monitoring.health_checks
  for all to service_role using (true) with check (true);

revoke all on table monitoring.health_checks from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.health_checks to service_role;
