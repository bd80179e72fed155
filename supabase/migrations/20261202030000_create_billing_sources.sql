-- monitoring.billing_sources: the providers' admin APIs that billing-sync reads.
--
-- One row per organisation whose usage and cost reports Tokenwatch reconciles with what it
-- tracked (README "Billing reconciliation"). The admin key never lives here: secret_name is the
-- NAME of a Vault secret (vault.decrypted_secrets.name) holding it, as for notification
-- channels. Store it with:  select vault.create_secret('<admin key>', '<secret_name>');
--   openai     an Admin API key (sk-admin-…), sent as Authorization: Bearer
--   anthropic  an Admin API key (sk-ant-admin…), sent as x-api-key with anthropic-version: 2023-06-01
--
-- billing-sync records how each run went on the row: last_synced_at advances only when every
-- report of the source was read and stored; last_error says what went wrong (a 401 is recorded
-- here and disables nothing). base_url exists so a proxy, or a local stand-in in the tests,
-- can take the provider's place.

create table monitoring.billing_sources (
  id bigint generated always as identity primary key,
  name text not null unique,
  provider text not null,
  base_url text not null,
  secret_name text not null,
  project_id text,
  enabled boolean not null default true,
  last_synced_at timestamptz,
  last_attempt_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  constraint billing_sources_name_not_blank check (btrim(name) <> '' and length(name) <= 200),
  constraint billing_sources_provider_known check (provider in ('openai', 'anthropic')),
  constraint billing_sources_base_url_http check (base_url ~* '^https?://[^[:space:]]+$'),
  -- a name, not a value: no URL, no whitespace, bounded (as notification_channels.secret_name)
  constraint billing_sources_secret_is_a_name check (
    secret_name ~ '^[A-Za-z0-9_.:/-]{1,200}$' and secret_name !~* '^[a-z][a-z0-9+.-]*://'
    and secret_name !~ '^sk-'),
  constraint billing_sources_project_not_blank check (project_id is null or btrim(project_id) <> '')
);

comment on table monitoring.billing_sources is
  'Provider admin APIs (OpenAI organization usage/costs, Anthropic usage_report/cost_report) that billing-sync reads into provider_usage and provider_costs. Keys live only in Vault (secret_name).';
comment on column monitoring.billing_sources.id is 'Source id.';
comment on column monitoring.billing_sources.name is 'Unique source name; billing-sync {"source": name} syncs only this one.';
comment on column monitoring.billing_sources.provider is 'openai or anthropic: which admin API shapes are read.';
comment on column monitoring.billing_sources.base_url is 'API base URL without the /v1 path; defaults to https://api.openai.com or https://api.anthropic.com by provider.';
comment on column monitoring.billing_sources.secret_name is 'NAME of the Vault secret holding the admin API key (never the key itself).';
comment on column monitoring.billing_sources.project_id is 'Optional filter: only this OpenAI project (project_ids) or Anthropic workspace (workspace_ids); NULL = the whole organisation.';
comment on column monitoring.billing_sources.enabled is 'Disabled sources are skipped by the hourly sync (an explicit {"source": name} still syncs it).';
comment on column monitoring.billing_sources.last_synced_at is 'When every report of this source was last read and stored; the next run re-reads from here minus the finality window.';
comment on column monitoring.billing_sources.last_attempt_at is 'When billing-sync last tried this source, successful or not.';
comment on column monitoring.billing_sources.last_error is 'What went wrong on the last attempt (HTTP status and message); NULL after a clean run.';
comment on column monitoring.billing_sources.created_at is 'When the source was added.';

create function monitoring.billing_sources_default_base_url()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.base_url is null then
    new.base_url := case new.provider when 'openai' then 'https://api.openai.com'
                                      when 'anthropic' then 'https://api.anthropic.com' end;
  end if;
  new.base_url := pg_catalog.rtrim(new.base_url, '/');
  return new;
end
$$;

comment on function monitoring.billing_sources_default_base_url() is
  'BEFORE INSERT/UPDATE trigger on billing_sources: a NULL base_url becomes the provider''s API (https://api.openai.com, https://api.anthropic.com); a trailing / is dropped.';

create trigger billing_sources_default_base_url
  before insert or update on monitoring.billing_sources
  for each row execute function monitoring.billing_sources_default_base_url();

alter table monitoring.billing_sources enable row level security;
create policy billing_sources_service_role on monitoring.billing_sources
  for all to service_role using (true) with check (true);

revoke all on table monitoring.billing_sources from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.billing_sources to service_role;
revoke all on function monitoring.billing_sources_default_base_url() from public, anon, authenticated;
