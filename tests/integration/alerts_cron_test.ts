/**
 * The cron job itself: tokenwatch-check-alerts, scheduled every 5 minutes by the migration,
 * calls check-alerts through net.http_post with the URL and key from Vault, and the run records
 * a health check. pg_cron 1.4 fires at most once a minute, so the test reschedules the job to
 * every minute, waits (at most 90 s) for a new monitoring.health_checks row, and restores the
 * schedule.
 */
import assert from "node:assert/strict";
import { connect, waitFor } from "../helpers/test_env.ts";

Deno.test("the check-alerts cron job produces a health check row", async () => {
  const sql = connect();
  const [job] = await sql<{ jobid: string; schedule: string; active: boolean; command: string }[]>`
    select jobid, schedule, active, command from cron.job where jobname = 'tokenwatch-check-alerts'`;
  assert.ok(job, "the migration schedules tokenwatch-check-alerts");
  assert.equal(job.schedule, "*/5 * * * *");
  const [{ before }] = await sql<
    { before: string }[]
  >`select coalesce(max(id), 0)::bigint as before from monitoring.health_checks`;
  const started = new Date();
  try {
    await sql`select cron.alter_job(${job.jobid}::bigint, schedule := '* * * * *', active := true)`;
    const row = await waitFor(async () => {
      const [r] = await sql<
        { id: string; checked_at: Date; score: number; status: string; checks: unknown[] }[]
      >`
        select id, checked_at, score, status, checks from monitoring.health_checks where id > ${before}::bigint order by id limit 1`;
      return r;
    }, {
      timeoutMs: 90_000,
      intervalMs: 1000,
      what: "the cron job's check-alerts run to record a health check",
    });
    assert.ok(row.checked_at.getTime() >= started.getTime() - 1000);
    assert.ok(row.score >= 0 && row.score <= 100);
    assert.ok(["healthy", "warning", "critical"].includes(row.status));
    assert.ok(Array.isArray(row.checks));
    // The function writes the row before it answers; pg_net records the answer after that.
    const call = await waitFor(async () => {
      const [r] = await sql<{ status_code: number }[]>`
        select status_code from net._http_response where content like '%"health_check_id": ' || ${row.id}::text || ',%'`;
      return r;
    }, { timeoutMs: 30_000, what: "net._http_response to record the function's answer" });
    assert.equal(call.status_code, 200, "net._http_response records the function's 200");
  } finally {
    await sql`select cron.alter_job(${job.jobid}::bigint, schedule := ${job.schedule}, active := ${job.active})`;
    await sql.end();
  }
});
