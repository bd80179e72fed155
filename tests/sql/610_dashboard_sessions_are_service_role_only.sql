-- monitoring.dashboard_sessions (the dashboard's session generation) is private: RLS on, anon
-- and authenticated can neither read nor change it, service_role reads and bumps its one row
-- but can neither add nor delete rows, and the table and its columns are commented.
begin;
select plan(12);

select is((select relrowsecurity from pg_class where oid = 'monitoring.dashboard_sessions'::regclass), true,
          'RLS is enabled on monitoring.dashboard_sessions');
select is((select count(*)::int from monitoring.dashboard_sessions), 1, 'the table holds one row');

select is(has_table_privilege('anon', 'monitoring.dashboard_sessions', 'select'), false, 'anon cannot read it');
select is(has_table_privilege('authenticated', 'monitoring.dashboard_sessions', 'update'), false, 'authenticated cannot update it');
set local role anon;
select throws_ok('select generation from monitoring.dashboard_sessions', '42501', null, 'anon is refused by the database');
reset role;

select is(has_table_privilege('service_role', 'monitoring.dashboard_sessions', 'insert'), false, 'service_role cannot add a row');
select is(has_table_privilege('service_role', 'monitoring.dashboard_sessions', 'delete'), false, 'service_role cannot delete the row');

set local role service_role;
-- The sign-out query (session_store.ts): from g to g + 1, with ended_at set (now() is the
-- transaction's time). The generation before is kept in a setting to compare after.
select ok(set_config('test.generation_before', (select generation::text from monitoring.dashboard_sessions), true) ~ '^[0-9]+$',
          'service_role reads the generation');
update monitoring.dashboard_sessions set generation = generation + 1, ended_at = now();
select is((select generation from monitoring.dashboard_sessions),
          current_setting('test.generation_before')::bigint + 1, 'service_role bumps the generation by one');
select is((select ended_at from monitoring.dashboard_sessions), now(), 'ended_at is the sign-out time');
reset role;

select throws_ok($$insert into monitoring.dashboard_sessions (singleton) values (false)$$, '23514', null,
                 'a second row is impossible (singleton must be true)');
select ok(obj_description('monitoring.dashboard_sessions'::regclass, 'pg_class') is not null
          and (select bool_and(col_description('monitoring.dashboard_sessions'::regclass, attnum) is not null)
               from pg_attribute where attrelid = 'monitoring.dashboard_sessions'::regclass and attnum > 0 and not attisdropped),
          'the table and every column are commented');

select * from finish();
rollback;
