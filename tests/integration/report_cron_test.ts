/**
 * The Monday 06:00 UTC job: it is scheduled as such, and when it runs (here made to run on the
 * next minute, then restored) its net.http_post reaches weekly-report, which writes last
 * week's report row. pg_cron 1.4 fires at most once a minute, so the wait is bounded at 90 s.
 */
import assert from "node:assert/strict";
import { connect, waitFor } from "../helpers/test_env.ts";
import { lastCompleteWeek } from "../../shared/report/iso_week.ts";

Deno.test("the Monday cron job builds last week's report through weekly-report", async () => {
  const sql = connect();
  const [job] = await sql<{ jobid: number; schedule: string; command: string }[]>`
    select jobid, schedule, command from cron.job where jobname = 'tokenwatch-weekly-report'`;
  assert.ok(job, "job tokenwatch-weekly-report exists");
  assert.equal(job.schedule, "0 6 * * 1");
  assert.match(job.command, /monitoring\.call_function\('weekly-report\?trigger=cron/);
  const started = new Date();
  const week = lastCompleteWeek(started).label;
  try {
    await sql`select cron.alter_job(${job.jobid}::bigint, schedule := '* * * * *')`;
    const row = await waitFor(async () => {
      const [r] = await sql<
        { generated_by: string; generation: number; data_as_of: Date; report_week: string }[]
      >`
        select generated_by, generation, data_as_of, report ->> 'week' as report_week
        from monitoring.reports
        where week = ${week} and app is null and generated_by = 'cron' and data_as_of >= ${started}`;
      return r;
    }, { timeoutMs: 90_000, intervalMs: 1000, what: `the cron job to write the ${week} report` });
    assert.equal(row.report_week, week);
    const [response] = await sql<{ status_code: number }[]>`
      select r.status_code from net._http_response r
      where r.content like ${`%"week": "${week}"%`} order by r.id desc limit 1`;
    assert.equal(response?.status_code, 200);
  } finally {
    await sql`select cron.alter_job(${job.jobid}::bigint, schedule := '0 6 * * 1')`;
    const [after] = await sql`select schedule from cron.job where jobid = ${job.jobid}`;
    assert.equal(after.schedule, "0 6 * * 1");
    await sql.end();
  }
});
