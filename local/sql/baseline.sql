-- The Supabase baseline that Tokenwatch's migrations expect, for the local stack only.
-- Hosted Supabase already has all of this; every statement is idempotent so that a
-- second start changes nothing. Run by the superuser supabase_admin, as on hosted; what it
-- grants `postgres` follows supabase/postgres (migrations/db: initial-schema, demote-postgres,
-- grant_auth_roles_to_postgres, grant_extensions_perms_for_postgres, grant_pg_monitor_to_postgres,
-- grant_predefined_roles_to_postgres, pg_cron access), so that migrations applied as
-- `postgres` fail here exactly where they would fail on a hosted project.

do $$
begin
  -- postgres: the role people, the SQL editor and `supabase db push` use. Not a superuser.
  if not exists (select from pg_roles where rolname = 'postgres') then
    create role postgres login password 'postgres';
  end if;
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticator') then
    create role authenticator noinherit login;
  end if;
end
$$;
grant anon, authenticated, service_role to authenticator;

-- Hosted's demote-postgres: no superuser, but CREATEDB, CREATEROLE, REPLICATION, BYPASSRLS;
-- member of the API roles; owner of the database; the predefined monitoring roles.
alter role postgres nosuperuser createdb createrole login replication bypassrls;
grant anon, authenticated, service_role to postgres;
grant pg_read_all_data, pg_signal_backend, pg_monitor to postgres;
alter database postgres owner to postgres;
grant all on database postgres to postgres;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;
grant all on schema extensions to postgres;
grant usage on schema public to postgres, anon, authenticated, service_role;

-- Extensions live outside public, as on hosted Supabase.
create extension if not exists pg_cron with schema pg_catalog;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;

-- What hosted grants postgres on the extensions' objects (grant_extensions_perms_for_postgres).
grant all privileges on all tables in schema extensions to postgres with grant option;
grant all privileges on all routines in schema extensions to postgres with grant option;
grant all privileges on all sequences in schema extensions to postgres with grant option;
alter default privileges in schema extensions grant all on tables to postgres with grant option;
alter default privileges in schema extensions grant all on routines to postgres with grant option;
alter default privileges in schema extensions grant all on sequences to postgres with grant option;

-- pg_cron access as hosted grants it (extensions.grant_pg_cron_access): postgres schedules
-- jobs through cron.schedule / cron.unschedule (jobs then run as postgres) and reads cron.job,
-- but cannot write cron.job directly.
grant usage on schema cron to postgres with grant option;
grant all on all functions in schema cron to postgres with grant option;
grant all privileges on all tables in schema cron to postgres with grant option;
grant all privileges on all sequences in schema cron to postgres with grant option;
revoke all on table cron.job from postgres;
grant select on table cron.job to postgres with grant option;

-- Supabase puts extensions on the default search path.
alter database postgres set search_path = "$user", public, extensions;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

-- auth.uid(), auth.role(), auth.jwt() read the request's JWT claims the way Supabase's do:
-- PostgREST sets request.jwt.claims (and older versions request.jwt.claim.<name>).
create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role;
