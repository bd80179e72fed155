-- monitoring.notifications carries weekly reports as well as alerts.
--
-- One outbox, one sender (shared/notify/deliver.ts), one retry policy: a report notification is
-- a row like an alert's, claimed, sent, retried with the channel's backoff and recorded the
-- same way; check-alerts' 5-minute runs drive its retries too. A row is about exactly one
-- thing:
--   alert   alert_id set, report_id NULL, event opened | escalated | resolved, severity set
--   report  report_id set, alert_id NULL, event weekly_report, severity NULL
-- The message of a report row is the channel-neutral summary (key numbers, first
-- recommendation); the report itself (JSON, HTML, markdown) is read from monitoring.reports when
-- it is sent, so a retry after a rebuild of the same week sends the week's current report under
-- the same idempotency key. Deleting a report deletes its notifications.

alter table monitoring.notifications
  add column report_id bigint references monitoring.reports (id) on delete cascade,
  alter column alert_id drop not null,
  alter column severity drop not null,
  drop constraint notifications_event_known,
  add constraint notifications_event_known check (event in ('opened', 'escalated', 'resolved', 'weekly_report')),
  add constraint notifications_about_one_thing check (
    (alert_id is not null and report_id is null and event in ('opened', 'escalated', 'resolved') and severity is not null)
    or (report_id is not null and alert_id is null and event = 'weekly_report' and severity is null));

create index notifications_report_idx on monitoring.notifications (report_id) where report_id is not null;

comment on table monitoring.notifications is
  'Outbox of notifications: alert changes (opened / escalated / resolved x channel), written with the alert change, and weekly reports (x channel with reports = true), written with the report. Sent with retries, exponential backoff and an idempotency key; failures stay visible here.';
comment on column monitoring.notifications.alert_id is 'The alert it is about (NULL for a weekly report).';
comment on column monitoring.notifications.report_id is 'The weekly report it carries (monitoring.reports; NULL for an alert).';
comment on column monitoring.notifications.event is 'Alerts: opened, escalated or resolved; reports: weekly_report.';
comment on column monitoring.notifications.severity is 'Alert severity the message reports (NULL for a weekly report).';
comment on column monitoring.notifications.message is 'The channel-neutral message, rendered per channel kind when sent: for an alert title, text, values and recommendation; for a report the summary (key numbers, first recommendation).';
