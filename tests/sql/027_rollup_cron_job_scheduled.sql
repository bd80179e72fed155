-- The rollup runs every minute as a pg_cron job that calls monitoring.refresh_usage_rollups().
begin;
select plan(2);

select results_eq(
  $$select schedule, command, active from cron.job where jobname = 'tokenwatch-rollup'$$,
  $$values ('* * * * *'::text, 'select monitoring.refresh_usage_rollups()'::text, true)$$,
  'pg_cron job tokenwatch-rollup: every minute, refresh_usage_rollups()');
select is((select database from cron.job where jobname = 'tokenwatch-rollup')::text, current_database()::text,
          'in this database');

select * from finish();
rollback;
