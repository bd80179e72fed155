-- anon and authenticated can neither read nor write anything in the monitoring schema, nor
-- call any of its functions; RLS is enabled on every table. Checked over the catalog (every
-- table, view, sequence and function that exists, so objects added by later migrations are
-- covered too) and in practice: with USAGE on the schema granted inside this transaction (a
-- user who exposes monitoring through the Data API), each refusal comes from the object's own
-- privileges, and with SELECT granted as well, RLS still shows them no row.
begin;
select plan(10);

select is(
  (select array_agg(r.rolname || ' on schema' order by r.rolname)
     from pg_roles r where r.rolname in ('anon', 'authenticated') and has_schema_privilege(r.rolname, 'monitoring', 'usage')),
  null, 'anon and authenticated have no USAGE on schema monitoring');

select is(
  (select array_agg(format('%s: %s.%s', r.rolname, c.relname, p.priv) order by 1)
     from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     cross join (values ('anon'), ('authenticated')) r(rolname)
     cross join (values ('select'), ('insert'), ('update'), ('delete'), ('truncate'), ('references'), ('trigger')) p(priv)
    where n.nspname = 'monitoring' and c.relkind in ('r', 'p', 'v', 'm', 'f')
      and has_table_privilege(r.rolname, c.oid, p.priv)),
  null, 'no table or view privilege for anon or authenticated');

select is(
  (select array_agg(format('%s: %s', r.rolname, c.relname) order by 1)
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     cross join (values ('anon'), ('authenticated')) r(rolname)
    where n.nspname = 'monitoring' and c.relkind = 'S'
      and (has_sequence_privilege(r.rolname, c.oid, 'usage') or has_sequence_privilege(r.rolname, c.oid, 'select'))),
  null, 'no sequence privilege for anon or authenticated');

select is(
  (select array_agg(c.relname::text order by 1)
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'monitoring' and c.relkind in ('r', 'p') and not c.relrowsecurity),
  null, 'RLS is enabled on every table');

-- Every function that exists, not only security definer ones: EXECUTE is granted to PUBLIC by
-- default, so a function that kept it would be callable by anon once the schema is reachable.
select cmp_ok((select count(*)::int from pg_proc where pronamespace = 'monitoring'::regnamespace), '>', 0,
              'the schema has functions to check');
select is(
  (select array_agg(format('%s: %s', r.rolname, p.oid::regprocedure) order by 1)
     from pg_proc p
     cross join (values ('anon'), ('authenticated'), ('public')) r(rolname)
    where p.pronamespace = 'monitoring'::regnamespace
      and case when r.rolname = 'public'
               then exists (select from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                            where a.grantee = 0 and a.privilege_type = 'EXECUTE')
               else has_function_privilege(r.rolname, p.oid, 'execute') end),
  null, 'no function in monitoring is executable by public, anon or authenticated');

-- Everything runs as its caller, so grants and RLS always apply. A security definer function
-- added later must pin search_path = '' and keep EXECUTE from public, anon and authenticated
-- (the checks above and tests/lint/security_advisor_test.ts), and be listed here.
select is(
  (select array_agg(p.oid::regprocedure::text order by 1)
     from pg_proc p where p.pronamespace = 'monitoring'::regnamespace and p.prosecdef),
  null, 'monitoring has no security definer function');

-- In practice. attempt() runs one statement as a role and returns what happened.
create function pg_temp.attempt(p_role text, p_sql text) returns text language plpgsql as $$
begin
  execute format('set local role %I', p_role);
  begin
    execute p_sql;
    reset role;
    return 'allowed';
  exception when insufficient_privilege then
    reset role;
    return sqlerrm;
  end;
end
$$;

-- Rolled back with the test: the schema is reachable, so what refuses is each object's privileges.
grant usage on schema monitoring to anon, authenticated;

select is(
  (select array_agg(format('%s: %s', r.rolname, pg_temp.attempt(r.rolname, s.q)) order by r.rolname, s.n)
     from (values ('anon'), ('authenticated')) r(rolname),
          (values (1, 'select count(*) from monitoring.usage_events'),
                  (2, 'select count(*) from monitoring.usage_hourly'),
                  (3, 'select count(*) from monitoring.model_prices'),
                  (4, 'select count(*) from monitoring.v_daily_usage_cost'),
                  (5, 'insert into monitoring.usage_events (request_id, occurred_at, provider, model) values (''x'', now(), ''p'', ''m'')'),
                  (6, 'update monitoring.baselines set tolerance = 0'),
                  (7, 'delete from monitoring.model_prices'),
                  (8, 'select monitoring.refresh_usage_rollups()'),
                  (9, 'select monitoring.usage_summary(now() - interval ''1 day'', now())'),
                  (10, 'select * from monitoring.reprice(now() - interval ''1 day'', now(), false)')) s(n, q)),
  array[
    'anon: permission denied for table usage_events',
    'anon: permission denied for table usage_hourly',
    'anon: permission denied for table model_prices',
    'anon: permission denied for view v_daily_usage_cost',
    'anon: permission denied for table usage_events',
    'anon: permission denied for table baselines',
    'anon: permission denied for table model_prices',
    'anon: permission denied for function refresh_usage_rollups',
    'anon: permission denied for function usage_summary',
    'anon: permission denied for function reprice',
    'authenticated: permission denied for table usage_events',
    'authenticated: permission denied for table usage_hourly',
    'authenticated: permission denied for table model_prices',
    'authenticated: permission denied for view v_daily_usage_cost',
    'authenticated: permission denied for table usage_events',
    'authenticated: permission denied for table baselines',
    'authenticated: permission denied for table model_prices',
    'authenticated: permission denied for function refresh_usage_rollups',
    'authenticated: permission denied for function usage_summary',
    'authenticated: permission denied for function reprice'],
  'with USAGE on the schema, reads, writes and calls are refused by the tables'', views'' and functions'' own privileges');

-- And past the privileges: with SELECT granted too, RLS (no policy for anon or authenticated)
-- shows them none of the rows that are there.
create function pg_temp.count_as(p_role text, p_sql text) returns bigint language plpgsql as $$
declare
  v_n bigint;
begin
  execute format('set local role %I', p_role);
  execute p_sql into v_n;
  reset role;
  return v_n;
end
$$;
insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens)
values ('t025-1', 't025', '2026-01-05T10:00:00Z', 'openai', 'gpt-4o', 10, 1),
       ('t025-2', 't025', '2026-01-05T10:01:00Z', 'openai', 'gpt-4o', 20, 2);
grant select on monitoring.usage_events to anon, authenticated;
select is(
  (select array_agg(format('%s: %s', r.rolname,
                           pg_temp.count_as(r.rolname, $q$select count(*) from monitoring.usage_events where source = 't025'$q$))
                    order by 1)
     from (values ('anon'), ('authenticated'), ('service_role')) r(rolname)),
  array['anon: 0', 'authenticated: 0', 'service_role: 2'],
  'with SELECT granted, RLS shows anon and authenticated 0 of the 2 rows; service_role reads both');

select is(pg_temp.attempt('service_role', 'select monitoring.health_metrics(now() - interval ''1 hour'', now())'), 'allowed',
          'service_role calls health_metrics');

select * from finish();
rollback;
