/**
 * Idempotency on (source, request_id) through the HTTP function: the same batch three times, two identical
 * batches at once, and overlapping batches in different orders at once all store each event exactly once.
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";

const RUN = crypto.randomUUID().slice(0, 8);

/** 1,000 events: input 100 + i, output 10, so input sums to 100 * 1000 + (0 + ... + 999) = 599,500, output to 10,000. */
function batch(source: string): Record<string, unknown>[] {
  return Array.from({ length: 1000 }, (_, i) => ({
    request_id: `req-${i}`,
    source,
    occurred_at: "2026-11-20T10:00:00Z",
    model: "gpt-4o-mini",
    input_tokens: 100 + i,
    output_tokens: 10,
  }));
}

async function send(
  events: unknown[],
  ndjson = false,
): Promise<{ events: number; inserted: number; duplicates: number }> {
  const response = await fetch(`${stackEnv.url}/functions/v1/ingest`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${stackEnv.serviceRoleKey}`,
      "content-type": ndjson ? "application/x-ndjson" : "application/json",
    },
    body: ndjson ? events.map((e) => JSON.stringify(e)).join("\n") : JSON.stringify(events),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body;
}

async function totals(
  source: string,
): Promise<{ n: number; input: number; output: number; distinct: number }> {
  const sql = connect();
  try {
    const [t] = await sql<{ n: number; input: number; output: number; distinct: number }[]>`
      select count(*)::int as n, coalesce(sum(input_tokens), 0)::int as input,
             coalesce(sum(output_tokens), 0)::int as output, count(distinct request_id)::int as distinct
      from monitoring.usage_events where source = ${source}`;
    return t;
  } finally {
    await sql.end();
  }
}

const ONCE = { n: 1000, input: 599_500, output: 10_000, distinct: 1000 };

Deno.test("the same batch sent three times is stored once; the answers say new, then duplicate", async () => {
  const source = `twtest-h4-thrice-${RUN}`;
  const events = batch(source);
  assert.deepEqual(await send(events), { events: 1000, inserted: 1000, duplicates: 0 });
  assert.deepEqual(await send(events), { events: 1000, inserted: 0, duplicates: 1000 });
  assert.deepEqual(
    await send(events, true),
    { events: 1000, inserted: 0, duplicates: 1000 },
    "again, as NDJSON",
  );
  assert.deepEqual(await totals(source), ONCE);
});

Deno.test("two identical batches sent at the same time store each event once", async () => {
  for (let round = 0; round < 3; round++) {
    const source = `twtest-h4-concurrent-${RUN}-${round}`;
    const events = batch(source);
    const [a, b] = await Promise.all([send(events), send(events)]);
    assert.equal(a.inserted + b.inserted, 1000, `round ${round}: ${JSON.stringify([a, b])}`);
    assert.equal(a.duplicates + b.duplicates, 1000);
    assert.deepEqual(await totals(source), ONCE);
  }
});

Deno.test("overlapping batches in different orders at the same time neither deadlock nor double-count", async () => {
  const source = `twtest-h4-orders-${RUN}`;
  const events = batch(source);
  const reversed = [...events].reverse();
  const interleaved = [...events.filter((_, i) => i % 2 === 1), ...events.filter((_, i) => i % 2 === 0)];
  const half = events.slice(250, 750);
  const answers = await Promise.all([send(events), send(reversed), send(interleaved), send(half)]);
  assert.equal(answers.reduce((n, a) => n + a.inserted, 0), 1000, JSON.stringify(answers));
  assert.equal(answers.reduce((n, a) => n + a.duplicates, 0), 1000 + 1000 + 1000 + 500 - 1000);
  assert.deepEqual(await totals(source), ONCE);
});

Deno.test("repeats inside one batch are stored once and reported as duplicates", async () => {
  const source = `twtest-h4-repeats-${RUN}`;
  const events = batch(source).slice(0, 3);
  assert.deepEqual(await send([...events, events[0], events[2]]), { events: 5, inserted: 3, duplicates: 2 });
  // input 100 + 101 + 102 = 303, output 3 * 10 = 30
  assert.deepEqual(await totals(source), { n: 3, input: 303, output: 30, distinct: 3 });
});
