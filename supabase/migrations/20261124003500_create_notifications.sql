-- monitoring.notifications: the transactional outbox of alert messages.
--
-- check-alerts inserts one row per (alert state change, matching channel) in the same
-- transaction that changes the alert, so a message exists if and only if the change
-- committed. After the commit, and again on every later run (the 5-minute cron job drives
-- retries), it sends what is due:
--   claim   pending rows with next_attempt_at <= now() and no live claim, FOR UPDATE SKIP
--           LOCKED, setting claimed_until (a lease) and attempts + 1 in one statement, so two
--           overlapping runs never send the same row at the same time;
--   send    with the idempotency key in the Idempotency-Key header (and in the body), so a
--           receiver can drop a repeat: delivery is at least once (a run that dies after the
--           receiver answered but before recording it sends again when the lease expires);
--   record  2xx -> delivered; otherwise last_error / last_status_code and either a new
--           next_attempt_at (exponential backoff) or, after max_attempts or on a permanent
--           HTTP error (4xx other than 408 / 429), status failed.

create table monitoring.notifications (
  id bigint generated always as identity primary key,
  alert_id bigint not null references monitoring.alerts (id) on delete cascade,
  channel_id bigint not null references monitoring.notification_channels (id) on delete cascade,
  health_check_id bigint references monitoring.health_checks (id) on delete set null,
  event text not null,
  severity text not null,
  idempotency_key text not null,
  message jsonb not null,
  status text not null default 'pending',
  attempts integer not null default 0,
  max_attempts integer not null,
  next_attempt_at timestamptz not null default now(),
  claimed_until timestamptz,
  last_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  constraint notifications_idempotency_key_unique unique (idempotency_key),
  constraint notifications_event_known check (event in ('opened', 'escalated', 'resolved')),
  constraint notifications_severity_known check (severity in ('WARNING', 'CRITICAL')),
  constraint notifications_status_known check (status in ('pending', 'delivered', 'failed')),
  constraint notifications_attempts_bounds check (attempts >= 0 and max_attempts >= 1),
  constraint notifications_delivered_shape check ((status = 'delivered') = (delivered_at is not null)),
  constraint notifications_message_object check (jsonb_typeof(message) = 'object')
);

create index notifications_due_idx on monitoring.notifications (next_attempt_at) where status = 'pending';
create index notifications_alert_idx on monitoring.notifications (alert_id);
create index notifications_channel_idx on monitoring.notifications (channel_id);

comment on table monitoring.notifications is
  'Outbox of alert notifications (opened / escalated / resolved x channel), written with the alert change and sent by check-alerts with retries, exponential backoff and an idempotency key. Failures stay visible here.';
comment on column monitoring.notifications.id is 'Notification id.';
comment on column monitoring.notifications.alert_id is 'The alert it is about.';
comment on column monitoring.notifications.channel_id is 'Where it goes.';
comment on column monitoring.notifications.health_check_id is 'The health check that caused it.';
comment on column monitoring.notifications.event is 'opened, escalated or resolved.';
comment on column monitoring.notifications.severity is 'Alert severity the message reports.';
comment on column monitoring.notifications.idempotency_key is 'Unique key sent with every attempt (Idempotency-Key header, and in webhook bodies) so receivers can drop repeats.';
comment on column monitoring.notifications.message is 'The channel-neutral message (title, text, values, recommendation); rendered per channel kind when sent.';
comment on column monitoring.notifications.status is 'pending (to send or retry), delivered, or failed (gave up).';
comment on column monitoring.notifications.attempts is 'Send attempts so far.';
comment on column monitoring.notifications.max_attempts is 'Attempts allowed (the channel''s max_attempts when queued).';
comment on column monitoring.notifications.next_attempt_at is 'When the next attempt is due.';
comment on column monitoring.notifications.claimed_until is 'Lease of the run sending it now; another run may take it after this.';
comment on column monitoring.notifications.last_attempt_at is 'When the last attempt started.';
comment on column monitoring.notifications.last_status_code is 'HTTP status of the last attempt (NULL when no response).';
comment on column monitoring.notifications.last_error is 'Why the last failed attempt failed (kept after a later success).';
comment on column monitoring.notifications.delivered_at is 'When a receiver accepted it (2xx).';
comment on column monitoring.notifications.created_at is 'When it was queued.';

alter table monitoring.notifications enable row level security;
create policy notifications_service_role on monitoring.notifications
  for all to service_role using (true) with check (true);

revoke all on table monitoring.notifications from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.notifications to service_role;
