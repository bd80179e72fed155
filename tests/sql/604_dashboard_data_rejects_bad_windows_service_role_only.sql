-- dashboard_data refuses windows that are not whole buckets (or too many of them), and only
-- service_role may run it; it is commented.
begin;
select plan(8);

select throws_ok($$select monitoring.dashboard_data('2026-10-05 00:00Z', '2026-10-05 00:00Z', interval '1 hour')$$,
  '22023', null, 'an empty window is refused');
select throws_ok($$select monitoring.dashboard_data('2026-10-05 00:00Z', '2026-10-05 07:00Z', interval '2 hours')$$,
  '22023', null, '7 hours are not whole 2-hour buckets');
select throws_ok($$select monitoring.dashboard_data('2026-10-05 00:00Z', '2026-10-05 01:00Z', interval '0')$$,
  '22023', null, 'a zero bucket is refused');
select throws_ok($$select monitoring.dashboard_data('2026-01-01 00:00Z', '2026-03-01 00:00Z', interval '1 hour')$$,
  '22023', null, 'more than 1000 buckets are refused');
select ok(not has_function_privilege('anon', 'monitoring.dashboard_data(timestamptz, timestamptz, interval, text, text, text, text)', 'execute'),
  'anon cannot run it');
select ok(not has_function_privilege('authenticated', 'monitoring.dashboard_data(timestamptz, timestamptz, interval, text, text, text, text)', 'execute'),
  'authenticated cannot run it');
select ok(has_function_privilege('service_role', 'monitoring.dashboard_data(timestamptz, timestamptz, interval, text, text, text, text)', 'execute'),
  'service_role can');
select isnt(obj_description('monitoring.dashboard_data(timestamptz, timestamptz, interval, text, text, text, text)'::regprocedure, 'pg_proc'),
  null, 'it has a comment');

select * from finish();
rollback;
