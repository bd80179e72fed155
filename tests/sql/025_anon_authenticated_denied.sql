-- anon and authenticated can neither read nor write anything in the monitoring schema, nor
-- call its definer functions; RLS is enabled on every table. Checked over the catalog, so it
-- covers objects added by later migrations too.
begin;
select plan(10);

select is(
  (select array_agg(r.rolname || ' on schema' order by r.rolname)
     from pg_roles r where r.rolname in ('anon', 'authenticated', 'public')
      and r.rolname <> 'public' and has_schema_privilege(r.rolname, 'monitoring', 'usage')),
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

select is(
  (select array_agg(format('%s: %s', r.rolname, p.oid::regprocedure) order by 1)
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     cross join (values ('anon'), ('authenticated'), ('public')) r(rolname)
    where n.nspname = 'monitoring' and p.prosecdef
      and case when r.rolname = 'public'
               then exists (select from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a where a.grantee = 0 and a.privilege_type = 'EXECUTE')
               else has_function_privilege(r.rolname, p.oid, 'execute') end),
  null, 'no security definer function is executable by public, anon or authenticated');

select is(
  (select array_agg(p.oid::regprocedure::text order by 1)
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'monitoring' and p.prosecdef
      and not coalesce(p.proconfig @> array['search_path=""'], false)),
  null, 'every security definer function pins search_path = ''''');

select is(
  (select array_agg(format('%s: %s', r.rolname, p.oid::regprocedure) order by 1)
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     cross join (values ('anon'), ('authenticated')) r(rolname)
    where n.nspname = 'monitoring'
      and p.proname in ('price_for', 'event_cost', 'refresh_usage_rollups', 'drain_usage_rollup_queue', 'reprice',
                        'usage_summary', 'health_metrics', 'usage_window_rows')
      and has_function_privilege(r.rolname, p.oid, 'execute')),
  null, 'the engine''s functions are not executable by anon or authenticated');

-- And in practice: as anon / authenticated every read, write and call is refused.
create function pg_temp.attempt(p_role text, p_sql text) returns text language plpgsql as $$
begin
  execute format('set local role %I', p_role);
  begin
    execute p_sql;
    reset role;
    return 'allowed';
  exception when insufficient_privilege then
    reset role;
    return 'denied';
  end;
end
$$;

select is(
  (select array_agg(format('%s: %s', r.rolname, s.q) order by 1)
     from (values ('anon'), ('authenticated')) r(rolname),
          (values ('select count(*) from monitoring.usage_events'),
                  ('select count(*) from monitoring.usage_hourly'),
                  ('select count(*) from monitoring.model_prices'),
                  ('select count(*) from monitoring.v_daily_usage_cost'),
                  ('insert into monitoring.usage_events (request_id, occurred_at, provider, model) values (''x'', now(), ''p'', ''m'')'),
                  ('update monitoring.baselines set tolerance = 0'),
                  ('delete from monitoring.model_prices'),
                  ('select monitoring.refresh_usage_rollups()'),
                  ('select monitoring.usage_summary(now() - interval ''1 day'', now())'),
                  ('select * from monitoring.reprice(now() - interval ''1 day'', now(), false)')) s(q)
    where pg_temp.attempt(r.rolname, s.q) <> 'denied'),
  null, 'as anon and as authenticated: reads, writes and calls are all refused');

select is(pg_temp.attempt('service_role', 'select count(*) from monitoring.usage_events'), 'allowed',
          'service_role reads usage_events');
select is(pg_temp.attempt('service_role', 'select monitoring.health_metrics(now() - interval ''1 hour'', now())'), 'allowed',
          'service_role calls health_metrics');

select * from finish();
rollback;
