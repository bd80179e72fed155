-- monitoring.reports is private: RLS on, anon and authenticated can neither read nor write it
-- (nor call the report functions), service_role can. USAGE on the schema is granted to anon and
-- authenticated inside this transaction (as if a user exposed monitoring through the Data API),
-- so what refuses them is the table's and the functions' own privileges, and past those, RLS.
begin;
select plan(10);

select is((select relrowsecurity from pg_class where oid = 'monitoring.reports'::regclass), true, 'RLS is enabled on monitoring.reports');

grant usage on schema monitoring to anon, authenticated;

set local role anon;
select throws_ok('select * from monitoring.reports', '42501', 'permission denied for table reports',
                 'anon cannot read monitoring.reports (table privilege)');
select throws_ok($$insert into monitoring.reports (week, period_start, period_end, app, report, markdown, html, data_as_of)
                   values ('2025-W02', '2025-01-06T00:00:00Z', '2025-01-13T00:00:00Z', 't500', '{}', '', '', now())$$,
                 '42501', 'permission denied for table reports', 'anon cannot write monitoring.reports');
reset role;
set local role authenticated;
select throws_ok($$select monitoring.weekly_report_data('2025-03-03T00:00:00Z')$$, '42501',
                 'permission denied for function weekly_report_data', 'authenticated cannot call weekly_report_data');
select throws_ok($$select monitoring.save_weekly_report('2025-01-06T00:00:00Z', 't500', '{}', '', '', 'api')$$, '42501',
                 'permission denied for function save_weekly_report', 'authenticated cannot call save_weekly_report');
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

-- Past the privileges: even with SELECT granted, RLS (no policy for anon) shows anon no report.
grant select on monitoring.reports to anon;
set local role anon;
select is((select count(*)::int from monitoring.reports where app = 'h6-pgtap-rls'), 0,
          'with SELECT granted, RLS shows anon none of the 1 stored report');
reset role;

select * from finish();
rollback;
