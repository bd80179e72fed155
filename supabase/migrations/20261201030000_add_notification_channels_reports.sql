-- monitoring.notification_channels.reports: a channel may also receive the weekly report.
--
-- When the weekly report of a week is built complete (the Monday pg_cron job, a POST to
-- weekly-report, npm run monitor:report), one message per enabled channel with reports = true
-- goes into the monitoring.notifications outbox, with the idempotency key
-- tokenwatch:report:weekly:<week>[:app:<app>]:channel:<channel id>, and is sent and retried
-- exactly like an alert notification (same sender, same backoff, same lease). A rebuild of
-- the same week finds the key taken and queues nothing.
--
-- The alert filters do not apply to reports: min_severity and rule_names choose which ALERTS a
-- channel gets; a channel with reports = true gets every weekly report (all apps, and each
-- per-app report) whatever they say. enabled applies to both. A channel for reports only:
-- reports = true and rule_names = '{}' (no rule matches an empty list).

alter table monitoring.notification_channels
  add column reports boolean not null default false;

comment on column monitoring.notification_channels.reports is
  'Also send the weekly report here (Slack: summary; email: the HTML report; webhook: the JSON report, type report.weekly), once per week, app and channel. min_severity and rule_names do not filter reports.';
comment on column monitoring.notification_channels.min_severity is
  'Lowest alert severity sent: WARNING (all) or CRITICAL. Alerts only: weekly reports (reports = true) are not filtered by it.';
comment on column monitoring.notification_channels.rule_names is
  'Only alerts of these rules (NULL = every rule, ''{}'' = no alerts). Alerts only: weekly reports (reports = true) are not filtered by it.';
comment on table monitoring.notification_channels is
  'Notification destinations for alerts and, with reports = true, the weekly report: Slack incoming webhook, HMAC-signed webhook, or email API (Resend format). Secrets are Vault secret names, never values.';
