-- The alerting tables and functions are service_role only: anon and authenticated can neither
-- read nor write them, nor call the measurement; RLS is on; people-facing columns are commented.
begin;
select plan(6);

select is(
  (select array_agg(format('%s: %s %s', r.rolname, t.name, p.priv) order by 1)
     from (values ('alert_rules'), ('alerts'), ('health_checks'), ('notification_channels'), ('notifications')) t(name)
     cross join (values ('anon'), ('authenticated')) r(rolname)
     cross join (values ('select'), ('insert'), ('update'), ('delete')) p(priv)
    where has_table_privilege(r.rolname, format('monitoring.%I', t.name), p.priv)),
  null, 'anon and authenticated have no privilege on the five alerting tables');

select is(
  (select array_agg(c.relname::text order by 1)
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'monitoring'
      and c.relname in ('alert_rules', 'alerts', 'health_checks', 'notification_channels', 'notifications')
      and not c.relrowsecurity),
  null, 'RLS is enabled on each of them');

select is(
  (select array_agg(format('%s: %s', r.rolname, f.sig) order by 1)
     from (values ('monitoring.measure_alert_rules(timestamptz, bigint[])'), ('monitoring.alert_window(text, timestamptz, boolean)'),
                  ('monitoring.alert_lock_key()')) f(sig)
     cross join (values ('anon'), ('authenticated')) r(rolname)
    where has_function_privilege(r.rolname, f.sig, 'execute')),
  null, 'anon and authenticated cannot execute the alerting functions');

select ok(
  has_table_privilege('service_role', 'monitoring.alerts', 'select')
  and has_table_privilege('service_role', 'monitoring.notifications', 'update')
  and has_function_privilege('service_role', 'monitoring.measure_alert_rules(timestamptz, bigint[])', 'execute'),
  'service_role reads and writes them');

set local role anon;
select throws_ok($$select count(*) from monitoring.alerts$$, '42501', null, 'anon reading alerts is refused');
reset role;

select is(
  (select array_agg(format('%s.%s', c.relname, a.attname) order by 1)
     from pg_attribute a
     join pg_class c on c.oid = a.attrelid
     join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'monitoring'
      and c.relname in ('alert_rules', 'alerts', 'health_checks', 'notification_channels', 'notifications')
      and a.attnum > 0 and not a.attisdropped
      and col_description(c.oid, a.attnum) is null),
  null, 'every column of the alerting tables has a comment');

select * from finish();
rollback;
