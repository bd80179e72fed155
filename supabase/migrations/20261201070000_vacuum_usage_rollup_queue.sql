-- Keep the rollup queue's dead rows bounded, whatever its history (issue 13, item 5).
--
-- The drain (monitoring.drain_usage_rollup_queue) empties monitoring.usage_rollup_queue with
-- DELETE ... RETURNING, which leaves every drained row behind as a dead tuple until a VACUUM.
-- Everything that reads the queue scans it whole: the drain's DELETE and the window
-- functions' queue part (usage_window_rows: no index, the hour filter is checked row by row).
-- After a burst of 1M events and a crash, the drained queue held 184 MB of dead rows and an
-- empty refresh took ~2 s, usage_summary over a week 3.8 s, until someone ran VACUUM by hand.
-- Why nothing vacuumed it: a crash (immediate shutdown, OOM kill) discards PostgreSQL's
-- statistics, so autovacuum believed the table had no dead rows; and by default it waits for
-- 20% of the table to be dead, then works throttled.
--
-- Chosen here, both MVCC-safe and without changing how the queue is written or read:
-- 1. a pg_cron job, every minute, runs VACUUM on the queue. It does not depend on the
--    statistics, so it also cleans what a crash left. VACUUM removes the dead rows and
--    truncates the file's empty tail (a drained queue is all empty pages), so the scans are
--    back to the live rows (a minute of traffic) within a minute of any drain. On a clean,
--    small queue it takes milliseconds. The job runs as postgres, the queue's owner, which is
--    what VACUUM needs (no superuser, also on hosted).
-- 2. autovacuum settings on the queue (the owner may set them): a fixed threshold of 10,000
--    dead rows (no scale factor: a queue that once held 1M rows would otherwise need 200,000
--    dead ones) and no cost delay (the queue is small; throttling only makes the bloat last).
--    This cleans up between job runs and when pg_cron is stopped.
--
-- Not chosen: rotating queue tables TRUNCATEd when drained. TRUNCATE is not MVCC-safe: a
-- window-function call whose snapshot predates the drain's commit but that reads the queue
-- after the truncation would see neither the drained events in the rollups (not yet
-- committed for its snapshot) nor in the queue (gone), and undercount; and it needs an ACCESS
-- EXCLUSIVE lock that queues every insert behind it. VACUUM has neither problem. Its limit:
-- a transaction open for a long time keeps the rows it could still see (as for every table);
-- they go at the first job run after it ends.

alter table monitoring.usage_rollup_queue set (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 10000,
  autovacuum_vacuum_cost_delay = 0,
  autovacuum_analyze_scale_factor = 0,
  autovacuum_analyze_threshold = 10000
);

-- Every minute, like the rollup (pg_cron 1.4: cron syntax only). One statement on its own:
-- VACUUM cannot run inside a transaction block. Scheduling by name replaces a job of that name.
select cron.schedule('tokenwatch-rollup-queue-vacuum', '* * * * *', $$vacuum monitoring.usage_rollup_queue$$);

comment on table monitoring.usage_rollup_queue is
  'Events stored but not yet added to the hourly rollups (a copy of the columns the rollups need, keyed by usage_events.id); filled by a trigger on usage_events, drained by monitoring.refresh_usage_rollups in the transaction that adds them. Vacuumed every minute (pg_cron job tokenwatch-rollup-queue-vacuum) and by autovacuum after 10,000 dead rows, so drained rows do not slow its readers.';
