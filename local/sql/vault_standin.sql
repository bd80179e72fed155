-- Local stand-in for Supabase Vault (supabase_vault), installed by the local stack only where
-- the real extension is not available. Same names and signatures:
--   vault.create_secret(new_secret, new_name, new_description, new_key_id) -> uuid
--   vault.update_secret(secret_id, new_secret, new_name, new_description, new_key_id)
--   vault.secrets (the stored rows) and the view vault.decrypted_secrets (adds decrypted_secret)
-- Hosted Vault encrypts secrets with a key held outside the database. Here the secret is
-- encrypted with pgcrypto (pgp_sym_encrypt) under a per-cluster key that the local stack
-- keeps in a git-ignored file and writes into the cluster's configuration as vault.local_key.
-- Like hosted Vault, only privileged roles can read vault.secrets and vault.decrypted_secrets:
-- the stand-in is installed by supabase_admin, and postgres gets what supabase_vault grants it
-- (usage on the schema, select/delete on the tables, execute on create_secret/update_secret,
-- which run as their owner: postgres cannot insert into vault.secrets directly).

create schema if not exists vault;

create table if not exists vault.secrets (
  id uuid primary key default gen_random_uuid(),
  name text unique,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table vault.secrets is 'Local Vault stand-in: secrets, encrypted (pgcrypto) with the cluster key.';

create or replace function vault._key() returns text
language plpgsql stable
set search_path = ''
as $$
declare
  k text := current_setting('vault.local_key', true);
begin
  if k is null or k = '' then
    raise exception 'vault stand-in: vault.local_key is not set for this cluster';
  end if;
  return k;
end
$$;

create or replace function vault.create_secret(
  new_secret text,
  new_name text default null,
  new_description text default '',
  new_key_id uuid default null
) returns uuid
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  secret_id uuid;
begin
  insert into vault.secrets (name, description, secret, key_id)
  values (new_name, coalesce(new_description, ''),
          encode(extensions.pgp_sym_encrypt(new_secret, vault._key()), 'base64'), new_key_id)
  returning id into secret_id;
  return secret_id;
end
$$;

create or replace function vault.update_secret(
  secret_id uuid,
  new_secret text default null,
  new_name text default null,
  new_description text default null,
  new_key_id uuid default null
) returns void
language plpgsql volatile security definer
set search_path = ''
as $$
begin
  update vault.secrets s set
    secret = case when new_secret is null then s.secret
                  else encode(extensions.pgp_sym_encrypt(new_secret, vault._key()), 'base64') end,
    name = coalesce(new_name, s.name),
    description = coalesce(new_description, s.description),
    key_id = coalesce(new_key_id, s.key_id),
    updated_at = now()
  where s.id = secret_id;
end
$$;

-- Functions in a view run with the reader's privileges, so the view decrypts through a
-- function that runs as its owner (as hosted's view calls vault._crypto_aead_det_decrypt):
-- readers of the view never get the cluster key itself.
create or replace function vault._decrypt(secret text) returns text
language sql stable security definer
set search_path = ''
as $$
  select extensions.pgp_sym_decrypt(pg_catalog.decode(secret, 'base64'), vault._key())
$$;

create or replace view vault.decrypted_secrets as
select s.id, s.name, s.description, s.secret,
       vault._decrypt(s.secret) as decrypted_secret,
       s.key_id, s.nonce, s.created_at, s.updated_at
from vault.secrets s;
comment on view vault.decrypted_secrets is 'Local Vault stand-in: secrets with their decrypted value.';

revoke all on schema vault from public, anon, authenticated;
revoke all on all tables in schema vault from public, anon, authenticated;
revoke execute on all functions in schema vault from public, anon, authenticated;
grant usage on schema vault to postgres with grant option;
grant select, delete, truncate, references on vault.secrets, vault.decrypted_secrets to postgres with grant option;
grant execute on function vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid),
  vault._decrypt(text) to postgres with grant option;
