/**
 * The hourly rollup under real concurrency, with separate connections:
 * - the watermark bug: an event whose transaction started first (lower id) but commits after
 *   a later event was rolled up is still counted, once;
 * - two refresh_usage_rollups() calls at the same moment count every event once;
 * - even bypassing the advisory lock, two concurrent drains cannot count an event twice.
 * Every test uses its own app name and removes its events and rollup rows afterwards.
 */
import assert from "node:assert/strict";
import type { Sql } from "../../shared/deps.ts";
import { connect } from "../helpers/test_env.ts";

const SOURCE = "twtest-int-engine";

/** Inserts `n` committed events for `app` at `at`. */
async function insertEvents(sql: Sql, app: string, prefix: string, n: number, at: string): Promise<void> {
  await sql`
    insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app)
    select ${prefix} || g, ${SOURCE}, ${at}::timestamptz, 'acme', 'twtest-int-engine', 100, 10, ${app}
    from generate_series(1, ${n}::int) g`;
}

/** Rolls up until a call actually ran (the pg_cron job may hold the lock for a moment). */
async function refreshUntilRan(sql: Sql): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const [{ result }] = await sql<
      { result: { ran: boolean } }[]
    >`select monitoring.refresh_usage_rollups() as result`;
    if (result.ran) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("refresh_usage_rollups never got the lock");
}

async function rolledUp(sql: Sql, app: string): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`
    select coalesce(sum(requests), 0)::int as n from monitoring.usage_hourly where app = ${app}`;
  return n;
}

async function cleanUp(sql: Sql, app: string): Promise<void> {
  await sql`delete from monitoring.usage_rollup_queue q using monitoring.usage_events e
             where e.id = q.event_id and e.app = ${app}`;
  await sql`delete from monitoring.usage_events where app = ${app}`;
  await sql`delete from monitoring.usage_hourly where app = ${app}`;
  await sql`delete from monitoring.tool_usage_hourly where app = ${app}`;
}

Deno.test("an event that commits after a higher id was rolled up is still counted, once", async () => {
  const a = connect();
  const b = connect();
  const app = `twtest-int-${crypto.randomUUID()}`;
  try {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inserted!: (id: number) => void;
    const firstId = new Promise<number>((r) => (inserted = r));

    // Transaction A takes an id first and stays open.
    const slow = a.begin(async (tx) => {
      const [row] = await tx<{ id: number }[]>`
        insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app)
        values ('slow', ${SOURCE}, '2026-10-01 10:00Z', 'acme', 'twtest-int-engine', 100, 10, ${app})
        returning id`;
      inserted(Number(row.id));
      await gate;
    });
    const slowId = await firstId;

    // B stores a later event (higher id) and commits; the rollup runs.
    const [fast] = await b<{ id: number }[]>`
      insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app)
      values ('fast', ${SOURCE}, '2026-10-01 10:00Z', 'acme', 'twtest-int-engine', 100, 10, ${app})
      returning id`;
    assert.ok(Number(fast.id) > slowId, "the committed event has the higher id");
    await refreshUntilRan(b);
    assert.equal(await rolledUp(b, app), 1, "only the committed event is rolled up");

    // A commits now: the next rollup must pick its lower id up.
    release();
    await slow;
    await refreshUntilRan(b);
    assert.equal(await rolledUp(b, app), 2, "the late-committing event is counted");
    await refreshUntilRan(b);
    assert.equal(await rolledUp(b, app), 2, "and counted once");
  } finally {
    await cleanUp(b, app);
    await a.end();
    await b.end();
  }
});

Deno.test("a refresh_usage_rollups() call while another is running returns at once, and nothing is counted twice", async () => {
  const a = connect();
  const b = connect();
  const app = `twtest-int-${crypto.randomUUID()}`;
  let release: () => void = () => {};
  try {
    await insertEvents(a, app, "e", 5000, "2026-10-01 11:00Z");
    const gate = new Promise<void>((r) => (release = r));
    let running!: () => void;
    const isRunning = new Promise<void>((r) => (running = r));

    // A runs the rollup and keeps its transaction (and so the lock) open.
    const first = a.begin(async (tx) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const [{ result }] = await tx<
          { result: { ran: boolean } }[]
        >`select monitoring.refresh_usage_rollups() as result`;
        if (result.ran) break;
        await new Promise((r) => setTimeout(r, 100)); // the pg_cron job had it; try again
      }
      running();
      await gate;
    });
    await isRunning;

    const started = Date.now();
    const [{ result }] = await b<
      { result: { ran: boolean } }[]
    >`select monitoring.refresh_usage_rollups() as result`;
    assert.equal(result.ran, false, "the second call does not run while the first holds the lock");
    assert.ok(Date.now() - started < 2000, "and returns at once instead of waiting");
    assert.equal(await rolledUp(b, app), 0, "the first call has not committed yet");

    release();
    await first;
    assert.equal(await rolledUp(b, app), 5000, "the first call counted every event");
    await refreshUntilRan(b);
    assert.equal(await rolledUp(b, app), 5000, "a later call counts none of them again");
  } finally {
    release();
    await cleanUp(a, app);
    await a.end();
    await b.end();
  }
});

Deno.test("even without the advisory lock, two concurrent drains never count an event twice", async () => {
  const a = connect();
  const b = connect();
  const app = `twtest-int-${crypto.randomUUID()}`;
  try {
    await insertEvents(a, app, "e", 20000, "2026-10-01 12:00Z");
    await Promise.all([
      a`select monitoring.drain_usage_rollup_queue()`,
      b`select monitoring.drain_usage_rollup_queue()`,
    ]);
    await refreshUntilRan(a);
    assert.equal(await rolledUp(a, app), 20000);
  } finally {
    await cleanUp(a, app);
    await a.end();
    await b.end();
  }
});
