-- System prompt versions, and the ingest settings (whether prompt text may be stored).
--
-- A system prompt is known by the SHA-256 of its text (usage_events.system_prompt_hash). The
-- ingest path counts a prompt's tokens when the caller sends its text, and keeps one row per
-- distinct hash here: its token count, when it was first and last used, and how many stored
-- events used it. A new row is a new prompt version: `order by first_seen desc` shows what
-- changed and when.
--
-- The text itself is NOT stored unless the user turns it on:
--   update monitoring.ingest_settings set store_prompt_text = true;
-- Rows are kept by monitoring.ingest_events (next migration), in the same transaction as the
-- events, and only for events that were newly stored: a retried (duplicate) event does not
-- count twice.

create table monitoring.prompt_versions (
  system_prompt_hash text primary key,
  tokens integer,
  first_seen timestamptz not null,
  last_seen timestamptz not null,
  requests bigint not null default 0,
  prompt_text text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint prompt_versions_hash_sha256 check (system_prompt_hash ~ '^[0-9a-f]{64}$'),
  constraint prompt_versions_tokens_non_negative check (tokens is null or tokens >= 0),
  constraint prompt_versions_seen_order check (first_seen <= last_seen),
  constraint prompt_versions_requests_non_negative check (requests >= 0)
);

create index prompt_versions_first_seen_idx on monitoring.prompt_versions (first_seen);

comment on table monitoring.prompt_versions is
  'One row per distinct system prompt (by SHA-256): its tokens, first and last use, and how many stored events used it. A new row is a new prompt version. The text is kept only when ingest_settings.store_prompt_text is on.';
comment on column monitoring.prompt_versions.system_prompt_hash is 'Lowercase hex SHA-256 of the system prompt text (UTF-8), as in usage_events.system_prompt_hash.';
comment on column monitoring.prompt_versions.tokens is 'System prompt tokens as last counted (with the tokenizer of the model that used it); NULL when never counted.';
comment on column monitoring.prompt_versions.first_seen is 'occurred_at of the earliest stored event that used this prompt.';
comment on column monitoring.prompt_versions.last_seen is 'occurred_at of the latest stored event that used this prompt.';
comment on column monitoring.prompt_versions.requests is 'Stored events that used this prompt (duplicates not counted).';
comment on column monitoring.prompt_versions.prompt_text is 'The prompt text; NULL unless ingest_settings.store_prompt_text was on when the prompt was seen.';
comment on column monitoring.prompt_versions.created_at is 'When Tokenwatch first stored this prompt version.';
comment on column monitoring.prompt_versions.updated_at is 'When this row last changed.';

create table monitoring.ingest_settings (
  id boolean primary key default true,
  store_prompt_text boolean not null default false,
  updated_at timestamptz not null default now(),
  constraint ingest_settings_one_row check (id)
);

comment on table monitoring.ingest_settings is
  'One row of ingest switches. Edit with: update monitoring.ingest_settings set store_prompt_text = true;';
comment on column monitoring.ingest_settings.id is 'Always true: the table holds one row.';
comment on column monitoring.ingest_settings.store_prompt_text is
  'When true, the text of each new system prompt is kept in prompt_versions.prompt_text. Off by default: only hash and tokens are kept.';
comment on column monitoring.ingest_settings.updated_at is 'When the settings last changed.';

insert into monitoring.ingest_settings (id) values (true) on conflict (id) do nothing;

alter table monitoring.prompt_versions enable row level security;
alter table monitoring.ingest_settings enable row level security;
create policy prompt_versions_service_role on monitoring.prompt_versions
  for all to service_role using (true) with check (true);
create policy ingest_settings_service_role on monitoring.ingest_settings
  for all to service_role using (true) with check (true);

revoke all on table monitoring.prompt_versions, monitoring.ingest_settings from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.prompt_versions to service_role;
grant select, update on table monitoring.ingest_settings to service_role;
