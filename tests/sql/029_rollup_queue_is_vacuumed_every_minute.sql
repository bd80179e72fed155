-- The rollup queue's drained (dead) rows do not pile up: a pg_cron job VACUUMs it every
-- minute, as postgres (its owner: VACUUM needs no superuser then), and autovacuum cleans it
-- after a fixed 10,000 dead rows, unthrottled (no scale factor: the table's past size does
-- not raise the threshold). VACUUM cannot run in a transaction, so its effect is measured
-- by `npm run bench` ("rollup queue after draining"), not here.
begin;
select plan(5);

select results_eq(
  $$select schedule, command, active from cron.job where jobname = 'tokenwatch-rollup-queue-vacuum'$$,
  $$values ('* * * * *'::text, 'vacuum monitoring.usage_rollup_queue'::text, true)$$,
  'pg_cron job tokenwatch-rollup-queue-vacuum: every minute, VACUUM of the queue');
select is((select database from cron.job where jobname = 'tokenwatch-rollup-queue-vacuum')::text,
          current_database()::text, 'in this database');
select is((select username from cron.job where jobname = 'tokenwatch-rollup-queue-vacuum')::text,
          'postgres', 'as postgres');
select is((select pg_get_userbyid(c.relowner)::text from pg_class c where c.oid = 'monitoring.usage_rollup_queue'::regclass),
          'postgres', 'postgres owns the queue, so its VACUUM and its autovacuum settings need no superuser');
select is((select array_agg(o order by o) from pg_class c, unnest(c.reloptions) o
            where c.oid = 'monitoring.usage_rollup_queue'::regclass),
          array['autovacuum_analyze_scale_factor=0', 'autovacuum_analyze_threshold=10000',
                'autovacuum_vacuum_cost_delay=0', 'autovacuum_vacuum_scale_factor=0',
                'autovacuum_vacuum_threshold=10000'],
          'autovacuum: after 10,000 dead rows whatever the table''s size, unthrottled');

select * from finish();
rollback;
