/**
 * On a project without legacy keys, the tokenwatch-check-alerts job's own command (read from
 * cron.job and run as pg_cron would run it) reaches check-alerts with the secret key from
 * Vault, and pg_net records the 2xx answer: a health check was made.
 */
import assert from "node:assert/strict";
import { connect, waitFor } from "../helpers/test_env.ts";

Deno.test("the check-alerts job's command reaches check-alerts with the secret key and records a 2xx", async () => {
  const sql = connect();
  try {
    const [job] = await sql<{ command: string; username: string }[]>`
      select command, username from cron.job where jobname = 'tokenwatch-check-alerts'`;
    assert.equal(job.username, "postgres");
    const [before] = await sql<{ n: number }[]>`select count(*)::int as n from monitoring.health_checks`;
    // The command is `select monitoring.call_function('check-alerts')`: it returns pg_net's request id.
    const [queued] = await sql.unsafe<{ call_function: string }[]>(job.command);
    const id = Number(queued.call_function);
    const response = await waitFor(async () => {
      const [row] = await sql<
        { status_code: number | null; content: string | null; error_msg: string | null }[]
      >`
        select status_code, content, error_msg from net._http_response where id = ${id}`;
      return row;
    }, { timeoutMs: 60_000, what: `pg_net to record the answer to request ${id}` });
    assert.equal(response.error_msg, null);
    assert.equal(response.status_code, 200, response.content ?? "");
    const body = JSON.parse(response.content ?? "{}");
    assert.ok(Number.isInteger(body.score) && body.score >= 0 && body.score <= 100, response.content ?? "");
    const [after] = await sql<{ n: number }[]>`select count(*)::int as n from monitoring.health_checks`;
    assert.ok(after.n >= before.n + 1, "the call recorded a health check");
  } finally {
    await sql.end();
  }
});
