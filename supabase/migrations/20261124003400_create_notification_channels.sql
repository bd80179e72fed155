-- monitoring.notification_channels: where alert notifications go.
--
-- Secrets never live in this table: secret_name is the NAME of a Vault secret, and the sender
-- (check-alerts) reads vault.decrypted_secrets by that name when it sends. Per kind:
--   slack    secret = the Slack incoming-webhook URL (the URL is the credential); url is NULL
--   webhook  secret = the HMAC-SHA256 signing key; url = the receiver's endpoint
--   email    secret = the email API key (Bearer); url = the API base (Resend's format,
--            POST {url}/emails; NULL = https://api.resend.com); email_from / email_to
-- Store a secret with:  select vault.create_secret('<value>', '<secret_name>');
--
-- A channel receives openings, escalations and resolutions of alerts whose severity is at
-- least min_severity (for a resolution: the severity the alert had), of every rule or only of
-- the rules named in rule_names. Failed sends are retried with exponential backoff:
-- attempt n+1 is due min(backoff_base * 2^(n-1), backoff_max) after attempt n fails, up to
-- max_attempts attempts.

create table monitoring.notification_channels (
  id bigint generated always as identity primary key,
  name text not null unique,
  kind text not null,
  secret_name text not null,
  url text,
  email_from text,
  email_to text[],
  min_severity text not null default 'WARNING',
  rule_names text[],
  max_attempts integer not null default 8,
  backoff_base interval not null default interval '1 minute',
  backoff_max interval not null default interval '6 hours',
  timeout_ms integer not null default 10000,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  constraint notification_channels_name_not_blank check (btrim(name) <> ''),
  constraint notification_channels_kind_known check (kind in ('slack', 'webhook', 'email')),
  -- a name, not a value: no URL, no whitespace, bounded
  constraint notification_channels_secret_is_a_name check (
    secret_name ~ '^[A-Za-z0-9_.:/-]{1,200}$' and secret_name !~* '^[a-z][a-z0-9+.-]*://'),
  constraint notification_channels_url_http check (url is null or url ~* '^https?://[^[:space:]]+$'),
  constraint notification_channels_kind_shape check (
    (kind = 'slack' and url is null)
    or (kind = 'webhook' and url is not null)
    or (kind = 'email' and email_from is not null and coalesce(cardinality(email_to), 0) > 0)),
  constraint notification_channels_min_severity_known check (min_severity in ('WARNING', 'CRITICAL')),
  constraint notification_channels_retry_bounds check (
    max_attempts between 1 and 100 and backoff_base > interval '0' and backoff_max >= backoff_base
    and timeout_ms between 100 and 120000)
);

comment on table monitoring.notification_channels is
  'Alert notification destinations: Slack incoming webhook, HMAC-signed webhook, or email API (Resend format). Secrets are Vault secret names, never values.';
comment on column monitoring.notification_channels.id is 'Channel id.';
comment on column monitoring.notification_channels.name is 'Unique channel name.';
comment on column monitoring.notification_channels.kind is 'slack, webhook or email.';
comment on column monitoring.notification_channels.secret_name is 'NAME of the Vault secret (vault.decrypted_secrets.name): Slack webhook URL, webhook HMAC key, or email API key.';
comment on column monitoring.notification_channels.url is 'webhook: the endpoint; email: the API base URL (NULL = https://api.resend.com); slack: NULL (the URL is the secret).';
comment on column monitoring.notification_channels.email_from is 'email: sender address, e.g. Tokenwatch <alerts@example.com>.';
comment on column monitoring.notification_channels.email_to is 'email: recipient addresses.';
comment on column monitoring.notification_channels.min_severity is 'Lowest alert severity sent: WARNING (all) or CRITICAL.';
comment on column monitoring.notification_channels.rule_names is 'Only alerts of these rules (NULL = every rule).';
comment on column monitoring.notification_channels.max_attempts is 'Attempts before a notification is marked failed.';
comment on column monitoring.notification_channels.backoff_base is 'Delay after the first failed attempt; doubles after each further failure.';
comment on column monitoring.notification_channels.backoff_max is 'Longest delay between attempts.';
comment on column monitoring.notification_channels.timeout_ms is 'HTTP timeout of one attempt.';
comment on column monitoring.notification_channels.enabled is 'Disabled channels get no new notifications and their pending ones wait.';
comment on column monitoring.notification_channels.created_at is 'When the channel was added.';

alter table monitoring.notification_channels enable row level security;
create policy notification_channels_service_role on monitoring.notification_channels
  for all to service_role using (true) with check (true);

revoke all on table monitoring.notification_channels from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.notification_channels to service_role;
