-- Migrations are applied as on hosted Supabase: by `postgres`, which is not a superuser but has
-- what hosted gives it (CREATEROLE, CREATEDB, BYPASSRLS, the API roles, the database), while the
-- superuser is supabase_admin. So every object the migrations made belongs to postgres, and the
-- cron jobs run as postgres.
begin;
select plan(9);

select is((select rolsuper from pg_roles where rolname = 'postgres'), false, 'postgres is not a superuser');
select is((select rolsuper from pg_roles where rolname = 'supabase_admin'), true, 'supabase_admin is the superuser');
select is((select array[rolcreaterole, rolcreatedb, rolbypassrls, rolcanlogin] from pg_roles where rolname = 'postgres'),
  array[true, true, true, true], 'postgres has CREATEROLE, CREATEDB, BYPASSRLS, LOGIN');
select is((select array_agg(r.rolname order by r.rolname)::text[] from pg_auth_members m
            join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member
           where u.rolname = 'postgres' and r.rolname in ('anon', 'authenticated', 'service_role')),
  array['anon', 'authenticated', 'service_role'], 'postgres is a member of anon, authenticated and service_role');
select is((select pg_get_userbyid(datdba)::text from pg_database where datname = current_database()), 'postgres',
  'postgres owns the database');
select is((select pg_get_userbyid(nspowner)::text from pg_namespace where nspname = 'monitoring'), 'postgres',
  'postgres owns the monitoring schema');
select is((select array_agg(distinct pg_get_userbyid(c.relowner)::text) from pg_class c
            join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'monitoring'),
  array['postgres'], 'every table, view, index and sequence in monitoring belongs to postgres');
select is((select array_agg(distinct pg_get_userbyid(p.proowner)::text) from pg_proc p
            join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'monitoring'),
  array['postgres'], 'every function in monitoring belongs to postgres');
select is((select array_agg(distinct username::text) from cron.job where jobname like 'tokenwatch-%'),
  array['postgres'], 'the tokenwatch cron jobs run as postgres');

select * from finish();
rollback;
