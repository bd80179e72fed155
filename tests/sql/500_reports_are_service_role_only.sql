-- monitoring.reports is private: RLS on, anon and authenticated can neither read nor write it
-- (nor call the report functions), service_role can.
begin;
select plan(7);

select is((select relrowsecurity from pg_class where oid = 'monitoring.reports'::regclass), true, 'RLS is enabled on monitoring.reports');

set local role anon;
select throws_ok('select * from monitoring.reports', '42501', null, 'anon cannot read monitoring.reports');
reset role;
set local role authenticated;
select throws_ok($$select monitoring.weekly_report_data('2025-03-03T00:00:00Z')$$, '42501', null, 'authenticated cannot call weekly_report_data');
reset role;

select is(has_function_privilege('anon', 'monitoring.save_weekly_report(timestamptz, text, jsonb, text, text, text)', 'execute'), false,
          'anon cannot execute save_weekly_report');
select is(has_function_privilege('authenticated', 'monitoring.track_usage(timestamptz, timestamptz, text, text, text, text)', 'execute'), false,
          'authenticated cannot execute track_usage');

set local role service_role;
select lives_ok($$select monitoring.save_weekly_report('2025-01-06T00:00:00Z', 'h6-pgtap-rls', monitoring.weekly_report_data('2025-01-06T00:00:00Z', 'h6-pgtap-rls'), '# md', '<p>html</p>', 'api')$$,
                'service_role builds and stores a report');
select is((select count(*)::int from monitoring.reports where app = 'h6-pgtap-rls'), 1, 'service_role reads it back');
reset role;

select * from finish();
rollback;
