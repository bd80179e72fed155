/**
 * The rollup queue's VACUUM job (migration 20261201070000) really runs under pg_cron: VACUUM
 * cannot run inside a transaction block or a function, so a job that pg_cron wrapped in one
 * would fail every minute. pg_cron 1.4 fires at most once a minute: the wait is bounded at 90 s.
 */
import assert from "node:assert/strict";
import { connect, waitFor } from "../helpers/test_env.ts";

Deno.test("the tokenwatch-rollup-queue-vacuum job runs VACUUM on the queue, successfully, as postgres", async () => {
  const sql = connect();
  try {
    const [{ since }] = await sql<{ since: string }[]>`select now()::text as since`;
    const run = await waitFor(async () => {
      const [row] = await sql<
        { status: string; return_message: string; username: string; command: string }[]
      >`
        select d.status, d.return_message, d.username::text as username, d.command
        from cron.job_run_details d
        join cron.job j on j.jobid = d.jobid
        where j.jobname = 'tokenwatch-rollup-queue-vacuum'
          and d.start_time > ${since}::timestamptz
          and d.status in ('succeeded', 'failed')
        order by d.start_time
        limit 1`;
      return row;
    }, { timeoutMs: 90_000, intervalMs: 1000, what: "a finished run of tokenwatch-rollup-queue-vacuum" });
    assert.deepEqual(
      [run.status, run.return_message, run.username, run.command],
      ["succeeded", "VACUUM", "postgres", "vacuum monitoring.usage_rollup_queue"],
    );
  } finally {
    await sql.end();
  }
});
