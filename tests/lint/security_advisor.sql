-- The checks of Supabase's Security Advisor (the splinter linter, https://github.com/supabase/splinter,
-- which Studio runs) that apply to this project, written for tests/lint/security_advisor_test.ts
-- after the lints' published definitions (names and levels as there). Not a copy: splinter's own
-- SQL is not vendored (its main branch carries no licence file). One row per finding.
--
-- $1 text[]: the schemas exposed through the Data API. Hosted, splinter reads PostgREST's
-- `pgrst.db_schemas` (public and graphql_public by default); the test passes those plus
-- `monitoring`, as if a user exposed it, which is stricter than hosted.
--
-- Left out, because this project has nothing they look at: 0019 insecure_queue_exposed_in_api
-- (pgmq), 0025 public_bucket_allows_listing (Storage), 0012 auth_allow_anonymous_sign_ins (Auth
-- settings, not SQL); and the PERFORMANCE lints, which are not security findings.
with
internal_schemas(nspname) as (
  values ('_timescaledb_cache'), ('_timescaledb_catalog'), ('_timescaledb_config'), ('_timescaledb_internal'),
         ('auth'), ('cron'), ('extensions'), ('graphql'), ('graphql_public'), ('information_schema'), ('net'),
         ('pgmq'), ('pgroonga'), ('pgsodium'), ('pgsodium_masks'), ('pgtle'), ('pgbouncer'), ('pg_catalog'),
         ('pg_toast'), ('realtime'), ('repack'), ('storage'), ('supabase_functions'), ('supabase_migrations'),
         ('tiger'), ('topology'), ('vault')
),
exposed_schemas(nspname) as (select pg_catalog.unnest($1::text[])),
-- Objects an extension owns are the extension's business, not the project's.
extension_members(objid) as (select d.objid from pg_catalog.pg_depend d where d.deptype = 'e'),
user_relations as (
  select c.oid, c.relname, c.relkind, c.relrowsecurity, c.reloptions, n.nspname,
         n.nspname in (select nspname from exposed_schemas) as exposed,
         pg_catalog.has_table_privilege('anon', c.oid, 'SELECT') as anon_select,
         pg_catalog.has_table_privilege('authenticated', c.oid, 'SELECT') as authenticated_select
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm', 'f')
    and n.nspname not in (select nspname from internal_schemas)
    and n.nspname not like 'pg\_temp\_%' and n.nspname not like 'pg\_toast\_temp\_%'
    and c.oid not in (select objid from extension_members)
),
invoker_views as (
  select r.oid from user_relations r
  where r.relkind = 'v'
    and pg_catalog.lower(coalesce(r.reloptions::text, '{}'))::text[]
        && array['security_invoker=1', 'security_invoker=true', 'security_invoker=yes', 'security_invoker=on']
),
user_policies as (
  select r.nspname, r.relname, r.relrowsecurity, p.polname, p.polpermissive, p.polroles,
         case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
                       when 'd' then 'DELETE' when '*' then 'ALL' end as command,
         pg_catalog.pg_get_expr(p.polqual, p.polrelid) as qual,
         pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as with_check
  from pg_catalog.pg_policy p
  join user_relations r on r.oid = p.polrelid
  where r.relkind in ('r', 'p')
),
user_functions as (
  select p.oid, p.prokind, p.prosecdef, p.proconfig, n.nspname,
         n.nspname in (select nspname from exposed_schemas) as exposed
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname not in (select nspname from internal_schemas)
    and n.nspname not like 'pg\_temp\_%'
    and p.oid not in (select objid from extension_members)
),
findings(lint, level, security, object, detail) as (
  -- 0002: a view over auth.users that anon or authenticated can read in an exposed schema.
  select 'auth_users_exposed', 'ERROR', true, pg_catalog.format('%I.%I', r.nspname, r.relname),
         'view or materialized view reading auth.users is readable by anon or authenticated'
  from user_relations r
  join pg_catalog.pg_rewrite rw on rw.ev_class = r.oid
  join pg_catalog.pg_depend d on d.objid = rw.oid and d.deptype = 'n'
  where d.refobjid = pg_catalog.to_regclass('auth.users')
    and r.exposed and (r.anon_select or r.authenticated_select)
    and (r.relkind = 'm' or r.oid not in (select oid from invoker_views)
         or not (select c.relrowsecurity from pg_catalog.pg_class c where c.oid = pg_catalog.to_regclass('auth.users')))
  group by r.nspname, r.relname

  -- 0007: policies exist but RLS is off, so they do nothing.
  union all
  select 'policy_exists_rls_disabled', 'ERROR', true, pg_catalog.format('%I.%I', nspname, relname),
         'has RLS policies (' || pg_catalog.string_agg(polname, ', ' order by polname) || ') but RLS is not enabled'
  from user_policies where not relrowsecurity
  group by nspname, relname

  -- 0008 (INFO): RLS on and no policy at all (reported, not a failure).
  union all
  select 'rls_enabled_no_policy', 'INFO', true, pg_catalog.format('%I.%I', r.nspname, r.relname),
         'RLS is enabled but no policy exists'
  from user_relations r
  where r.relkind in ('r', 'p') and r.relrowsecurity
    and not exists (select from pg_catalog.pg_policy p where p.polrelid = r.oid)

  -- 0010: a view that runs with its owner's rights, readable by anon or authenticated.
  union all
  select 'security_definer_view', 'ERROR', true, pg_catalog.format('%I.%I', r.nspname, r.relname),
         'view is not security_invoker and anon or authenticated can select from it'
  from user_relations r
  where r.relkind = 'v' and r.exposed and (r.anon_select or r.authenticated_select)
    and r.oid not in (select oid from invoker_views)

  -- 0011: a function whose search_path is whatever the caller's is. Aggregates are reported
  -- too, as the Advisor does (CREATE AGGREGATE has no SET clause).
  union all
  select 'function_search_path_mutable', 'WARN', true, f.oid::pg_catalog.regprocedure::text,
         case when f.prokind = 'a' then 'aggregate' else 'function' end || ' has a role mutable search_path'
  from user_functions f
  where not exists (select from pg_catalog.unnest(coalesce(f.proconfig, '{}')) c where c like 'search\_path=%')

  -- 0013: a table in an exposed schema that anon or authenticated can read, with RLS off.
  union all
  select 'rls_disabled_in_public', 'ERROR', true, pg_catalog.format('%I.%I', r.nspname, r.relname),
         'table is readable by anon or authenticated through the Data API and RLS is not enabled'
  from user_relations r
  where r.relkind in ('r', 'p') and not r.relrowsecurity and r.exposed and (r.anon_select or r.authenticated_select)

  -- 0014: an extension installed in public.
  union all
  select 'extension_in_public', 'WARN', true, e.extname::text, 'extension is installed in the public schema'
  from pg_catalog.pg_extension e
  where e.extname <> 'plpgsql' and e.extnamespace = 'public'::pg_catalog.regnamespace

  -- 0015: a policy trusting user_metadata, which end users can edit.
  union all
  select 'rls_references_user_metadata', 'ERROR', true,
         pg_catalog.format('%I.%I policy %I', nspname, relname, polname), 'policy reads user_metadata from the JWT'
  from user_policies
  where coalesce(qual, '') || ' ' || coalesce(with_check, '') ~ '(auth\.jwt\(\)|request\.jwt\.claims).*user_metadata'

  -- 0016 / 0017: materialized views and foreign tables ignore RLS.
  union all
  select case r.relkind when 'm' then 'materialized_view_in_api' else 'foreign_table_in_api' end, 'WARN', true,
         pg_catalog.format('%I.%I', r.nspname, r.relname),
         case r.relkind when 'm' then 'materialized view' else 'foreign table' end
           || ' is selectable by anon or authenticated in an exposed schema'
  from user_relations r
  where r.relkind in ('m', 'f') and r.exposed and (r.anon_select or r.authenticated_select)

  -- 0018: reg* columns that pg_upgrade cannot carry.
  union all
  select 'unsupported_reg_types', 'WARN', true, pg_catalog.format('%I.%I.%I', r.nspname, r.relname, a.attname),
         'column has type ' || t.typname
  from user_relations r
  join pg_catalog.pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
  join pg_catalog.pg_type t on t.oid = a.atttypid
  where t.typnamespace = 'pg_catalog'::pg_catalog.regnamespace
    and t.typname in ('regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper', 'regoperator',
                      'regproc', 'regprocedure')

  -- 0021: a foreign key to a unique (not primary) key of an auth table.
  union all
  select 'fkey_to_auth_unique', 'ERROR', true, pg_catalog.format('%I.%I %I', n.nspname, cl.relname, c.conname),
         'foreign key references a unique constraint in the auth schema'
  from pg_catalog.pg_constraint c
  join pg_catalog.pg_class cl on cl.oid = c.conrelid
  join pg_catalog.pg_namespace n on n.oid = cl.relnamespace
  join pg_catalog.pg_class ref on ref.oid = c.confrelid
  join pg_catalog.pg_index i on i.indexrelid = c.conindid
  where c.contype = 'f' and ref.relnamespace = pg_catalog.to_regnamespace('auth') and i.indisunique
    and not i.indisprimary

  -- 0022: an extension not at its default (recommended) version.
  union all
  select 'extension_versions_outdated', 'WARN', true, a.name::text,
         pg_catalog.format('installed %s, default %s', a.installed_version, a.default_version)
  from pg_catalog.pg_available_extensions a
  where a.installed_version is not null and a.default_version is not null
    and a.installed_version <> a.default_version
    and exists (select from pg_catalog.pg_available_extension_versions v where v.name = a.name and v.installed)

  -- 0023: credentials or personal data in a table anyone with the anon key can read (no RLS).
  union all
  select 'sensitive_columns_exposed', 'ERROR', true, pg_catalog.format('%I.%I', r.nspname, r.relname),
         'readable through the Data API without RLS, with column(s) '
           || pg_catalog.string_agg(a.attname::text, ', ' order by a.attname)
  from user_relations r
  join pg_catalog.pg_attribute a on a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
  where r.relkind = 'r' and not r.relrowsecurity and r.exposed and (r.anon_select or r.authenticated_select)
    and pg_catalog.replace(pg_catalog.lower(a.attname), '-', '_') in (
      'password', 'passwd', 'pwd', 'passphrase', 'secret', 'secret_key', 'private_key', 'api_key', 'apikey',
      'auth_key', 'token', 'jwt', 'access_token', 'refresh_token', 'oauth_token', 'session_token', 'bearer_token',
      'auth_code', 'session_id', 'session_key', 'session_secret', 'recovery_code', 'backup_code',
      'verification_code', 'otp', 'two_factor', '2fa_secret', '2fa_code', 'ssn', 'social_security',
      'social_security_number', 'driver_license', 'drivers_license', 'license_number', 'passport_number',
      'passport_id', 'national_id', 'tax_id', 'credit_card', 'card_number', 'cvv', 'cvc', 'cvn', 'bank_account',
      'account_number', 'routing_number', 'iban', 'swift_code', 'bic', 'health_record', 'medical_record',
      'patient_id', 'insurance_number', 'health_insurance', 'medical_insurance', 'treatment', 'mac_address',
      'macaddr', 'imei', 'device_uuid', 'pgp_key', 'gpg_key', 'ssh_key', 'certificate', 'license_key',
      'activation_key', 'facial_recognition')
  group by r.nspname, r.relname

  -- 0024: a permissive write policy for anon / authenticated / everyone that allows any row.
  union all
  select 'rls_policy_always_true', 'WARN', true, pg_catalog.format('%I.%I policy %I', nspname, relname, polname),
         command || ' policy allows every row'
  from (
    select u.*,
           pg_catalog.regexp_replace(pg_catalog.lower(coalesce(u.qual, '')), '\s', '', 'g') as q,
           pg_catalog.regexp_replace(pg_catalog.lower(coalesce(u.with_check, '')), '\s', '', 'g') as w
    from user_policies u
    where u.relrowsecurity and u.polpermissive
      and (u.polroles = array[0::oid]
           or exists (select from pg_catalog.unnest(u.polroles) r(oid)
                      join pg_catalog.pg_roles pr on pr.oid = r.oid where pr.rolname in ('anon', 'authenticated')))
  ) p
  where (command in ('UPDATE', 'DELETE', 'ALL') and (q in ('true', '(true)', '1=1', '(1=1)') or qual is null))
     or w in ('true', '(true)', '1=1', '(1=1)')
     or (with_check is null and command = 'INSERT')
     or (with_check is null and command in ('UPDATE', 'ALL') and q in ('true', '(true)', '1=1', '(1=1)'))

  -- 0026 / 0027: objects anon or authenticated can select are visible in the GraphQL schema
  -- (hosted projects have pg_graphql; checked whether or not it is installed here).
  union all
  select 'pg_graphql_' || g.who || '_table_exposed', 'WARN', true, pg_catalog.format('%I.%I', r.nspname, r.relname),
         g.who || ' can select columns of it'
  from user_relations r
  cross join (values ('anon'), ('authenticated')) g(who)
  where exists (select from pg_catalog.pg_attribute a
                where a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
                  and pg_catalog.has_column_privilege(g.who, r.oid, a.attnum, 'SELECT'))

  -- 0028 / 0029: a security definer function anon or authenticated can call over /rest/v1/rpc.
  union all
  select g.who || '_security_definer_function_executable', 'WARN', true, f.oid::pg_catalog.regprocedure::text,
         'security definer function executable by ' || g.who
  from user_functions f
  cross join (values ('anon'), ('authenticated')) g(who)
  where f.prosecdef and f.exposed and pg_catalog.has_function_privilege(g.who, f.oid, 'EXECUTE')
)
select lint, level, security, object, detail from findings order by lint, object;
