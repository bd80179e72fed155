/**
 * pg_cron is loaded and runs jobs; a cron job's net.http_post reaches a function through the
 * gateway, the function writes through SUPABASE_DB_URL, and net._http_response records the
 * 200. pg_cron 1.4 fires at most once a minute, so the wait is bounded at 90 s.
 */
import assert from "node:assert/strict";
import { connect, stackEnv, waitFor } from "../helpers/test_env.ts";

Deno.test("a pg_cron job runs, and its net.http_post reaches a function that writes a row", async () => {
  const sql = connect();
  const note = `cron-${crypto.randomUUID()}`;
  try {
    const [{ loaded }] = await sql<
      { loaded: string }[]
    >`select current_setting('shared_preload_libraries') as loaded`;
    assert.match(loaded, /pg_cron/);
    await sql`create table if not exists public.cron_probe (id serial primary key, at timestamptz default now())`;
    await sql`select cron.schedule('test-plain-job', '* * * * *', 'insert into public.cron_probe default values')`;
    // probe-write keeps verify_jwt = true, so this job sends a JWT (the legacy service_role
    // key); the production jobs' secret-key path is tests/hosted/cron_secret_key_test.ts.
    const command = `select net.http_post(
        url := (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_project_url') || '/functions/v1/probe-write',
        body := jsonb_build_object('note', '${note}'),
        headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ${stackEnv.serviceRoleKey}')
      )`;
    await sql`select cron.schedule('test-http-job', '* * * * *', ${command})`;

    const plain = await waitFor(async () => {
      const [row] = await sql`select count(*)::int as n from public.cron_probe`;
      return row.n > 0 ? row.n : undefined;
    }, { timeoutMs: 90_000, intervalMs: 1000, what: "the plain cron job to insert a row" });
    assert.ok(plain >= 1);

    const hit = await waitFor(async () => {
      const rows = await sql`select id from stack_probe.hits where note = ${note}`.catch(() => []);
      return rows.length > 0 ? rows.length : undefined;
    }, { timeoutMs: 90_000, intervalMs: 500, what: "the function to write the cron job's note" });
    assert.ok(hit >= 1);

    const response = await waitFor(async () => {
      // Other jobs (check-alerts) also call functions: pick this job's response by its note.
      const [row] = await sql<
        { status_code: number; content: string; timed_out: boolean; error_msg: string | null }[]
      >`
        select status_code, content, timed_out, error_msg from net._http_response
        where content like ${"%" + note + "%"} order by id desc limit 1`;
      return row;
    }, { timeoutMs: 10_000, what: "net._http_response to record the call" });
    assert.equal(response.status_code, 200);
    assert.equal(response.timed_out, false);
    assert.equal(response.error_msg, null);
    assert.deepEqual([JSON.parse(response.content).role, JSON.parse(response.content).note], ["probe", note]);
    const [details] =
      await sql`select count(*)::int as n from cron.job_run_details where status = 'succeeded'`;
    assert.ok(details.n >= 2, "both jobs recorded successful runs");
  } finally {
    await sql`select cron.unschedule(jobname) from cron.job where jobname in ('test-plain-job', 'test-http-job')`;
    await sql.end();
  }
});

Deno.test("net.http_post sends nothing when its transaction rolls back", async () => {
  const sql = connect();
  const note = `rolled-back-${crypto.randomUUID()}`;
  const marker = `after-${note}`;
  const url = `${Deno.env.get("SUPABASE_URL")}/functions/v1/probe-write`;
  const headers = { "Content-Type": "application/json", Authorization: `Bearer ${stackEnv.serviceRoleKey}` };
  try {
    let rolledBackId = 0;
    await sql.begin(async (tx) => {
      const [row] = await tx<{ id: string }[]>`
        select net.http_post(url := ${url}, body := ${sql.json({ note })}, headers := ${
        sql.json(headers)
      }) as id`;
      rolledBackId = Number(row.id);
      await tx`select 1/0`;
    }).catch(() => {});
    assert.ok(rolledBackId > 0);
    // A committed request queued after it: the sender takes requests in id order, so once this
    // one has been answered, the rolled-back one would have been sent too, had it been committed.
    const [{ id: markerId }] = await sql<{ id: string }[]>`
      select net.http_post(url := ${url}, body := ${sql.json({ note: marker })}, headers := ${
      sql.json(headers)
    }) as id`;
    assert.ok(Number(markerId) > rolledBackId);
    const answered = await waitFor(async () => {
      const [row] = await sql<
        { status_code: number }[]
      >`select status_code from net._http_response where id = ${markerId}`;
      return row;
    }, { timeoutMs: 30_000, what: "the marker request to be answered" });
    assert.equal(answered.status_code, 200);
    const [sent] = await sql<{ n: number }[]>`
      select (select count(*) from net._http_response where id = ${rolledBackId})
           + (select count(*) from net.http_request_queue where id = ${rolledBackId}) as n`;
    assert.equal(Number(sent.n), 0, "the rolled-back request was neither queued nor answered");
    const rows = await sql`select note from stack_probe.hits where note in (${note}, ${marker})`;
    assert.deepEqual(rows.map((r) => r.note), [marker]);
  } finally {
    await sql.end();
  }
});
