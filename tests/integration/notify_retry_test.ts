/**
 * Delivery with retries: a webhook receiver that fails its first three deliveries gets the
 * message on the fourth, each attempt signed and carrying the same idempotency key, after
 * exponential backoff (500 ms, 1 s, 2 s with a 500 ms base); runs before a retry is due send
 * nothing. Failures stay visible in monitoring.notifications. A receiver that never recovers
 * is given up after max_attempts; a permanent 4xx after one attempt.
 */
import assert from "node:assert/strict";
import { insertEvents, uniq, withScenario } from "../fixtures/receivers/scenario.ts";
import { startReceiver } from "../fixtures/receivers/receiver.ts";
import { waitFor } from "../helpers/test_env.ts";
import type { Sql } from "../../shared/deps.ts";

interface Row {
  status: string;
  attempts: number;
  last_error: string | null;
  last_status_code: number | null;
  idempotency_key: string;
  /** next_attempt_at - last_attempt_at: the backoff delay plus the time the attempt took (well under 250 ms here). */
  due_in_ms: number;
  delivered_at: Date | null;
}

/** The retry was scheduled `delay` ms after the failed attempt ended (the attempt itself takes a few ms). */
function assertDelay(actual: number, delay: number): void {
  assert.ok(
    actual >= delay && actual < delay + 250,
    `next attempt ${actual} ms after the last, expected ${delay} ms + the attempt's duration`,
  );
}

async function outbox(sql: Sql, channelId: number): Promise<Row[]> {
  return await sql<Row[]>`
    select status, attempts, last_error, last_status_code, idempotency_key, delivered_at,
           (extract(epoch from next_attempt_at - last_attempt_at) * 1000)::int as due_in_ms
    from monitoring.notifications where channel_id = ${channelId} order by id`;
}

/** A failing rule of its own app, a webhook channel to `url`, isolation; runs `body` and cleans up. */
async function withFailingRule(
  channel: { url: string; secret: string; maxAttempts?: number; backoffBase?: string },
  body: (ctx: { sql: Sql; channelId: number; run: () => Promise<void> }) => Promise<void>,
): Promise<void> {
  await withScenario(async (sc) => {
    const app = uniq("tw5-retry");
    await sc.rule({ name: app, metric: "requests", critical: 0, app, cooldown: "1 hour" });
    const c = await sc.channel({
      kind: "webhook",
      secret: channel.secret,
      url: channel.url,
      ruleNames: [app],
      maxAttempts: channel.maxAttempts,
      backoffBase: channel.backoffBase ?? "500 milliseconds",
      backoffMax: "10 seconds",
    });
    await insertEvents(sc.sql, [{ app, at: new Date(Date.now() - 60_000), count: 1 }]); // 1 request > 0: CRITICAL
    const run = async () => {
      await sc.check();
    };
    await body({ sql: sc.sql, channelId: c.id, run });
  });
}

Deno.test("a receiver failing its first three deliveries gets the message on the fourth, once, signed, same key", async () => {
  const receiver = await startReceiver({ failFirst: 3, hmacSecret: "retry-key" });
  try {
    await withFailingRule(
      { url: `${receiver.url}/in`, secret: "retry-key" },
      async ({ sql, channelId, run }) => {
        await run(); // opens the alert, queues, attempt 1 → 500
        let [row] = await outbox(sql, channelId);
        assert.deepEqual([row.status, row.attempts, row.last_status_code], ["pending", 1, 500]);
        assert.equal(row.last_error, "HTTP 500: receiver refused (500)");
        assertDelay(row.due_in_ms, 500); // base 500 ms × 2^0

        await run(); // not due yet: nothing sent
        [row] = await outbox(sql, channelId);
        assert.equal(row.attempts, 1);
        assert.equal(receiver.received.length, 1);

        const expectedDelays = [1000, 2000]; // after attempts 2 and 3: 500 ms × 2^1, × 2^2
        for (const [i, delay] of expectedDelays.entries()) {
          await waitFor(async () => {
            await run();
            const [r] = await outbox(sql, channelId);
            return r.attempts === i + 2 ? r : undefined;
          }, { timeoutMs: 5000, intervalMs: 100, what: `attempt ${i + 2}` });
          [row] = await outbox(sql, channelId);
          assert.equal(row.status, "pending");
          assertDelay(row.due_in_ms, delay);
        }
        const delivered = await waitFor(async () => {
          await run();
          const [r] = await outbox(sql, channelId);
          return r.status === "delivered" ? r : undefined;
        }, { timeoutMs: 5000, intervalMs: 100, what: "the fourth attempt to deliver" });
        assert.equal(delivered.attempts, 4);
        assert.notEqual(delivered.delivered_at, null);
        assert.equal(
          delivered.last_error,
          "HTTP 500: receiver refused (500)",
          "the last failure stays visible",
        );

        await run(); // delivered: never sent again
        assert.deepEqual(receiver.received.map((r) => r.status), [500, 500, 500, 200]);
        assert.deepEqual(receiver.received.map((r) => r.signatureValid), [true, true, true, true]);
        const keys = receiver.received.map((r) => r.headers["idempotency-key"]);
        assert.deepEqual(
          new Set(keys),
          new Set([delivered.idempotency_key]),
          "every attempt carries the same key",
        );
        const acceptedKeys = receiver.accepted().map((r) => (r.json as { id: string }).id);
        assert.equal(
          acceptedKeys.length,
          new Set(acceptedKeys).size,
          "no duplicate among accepted deliveries",
        );
        assert.deepEqual(acceptedKeys, [delivered.idempotency_key]);
      },
    );
  } finally {
    await receiver.close();
  }
});

Deno.test("a receiver that never recovers is given up after max_attempts (2); a 404 at once", async () => {
  const down = await startReceiver({ failFirst: 1000, failStatus: 503 });
  const gone = await startReceiver({ failFirst: 1000, failStatus: 404 });
  try {
    await withFailingRule({
      url: down.url,
      secret: "never-recovers-key",
      maxAttempts: 2,
      backoffBase: "100 milliseconds",
    }, async ({ sql, channelId, run }) => {
      await run();
      const failed = await waitFor(async () => {
        await run();
        const [r] = await outbox(sql, channelId);
        return r.status === "failed" ? r : undefined;
      }, { timeoutMs: 5000, intervalMs: 150, what: "the notification to be given up" });
      assert.deepEqual([failed.attempts, failed.last_status_code, failed.last_error], [
        2,
        503,
        "HTTP 503: receiver refused (503)",
      ]);
      await run();
      assert.equal(down.received.length, 2);
    });
    await withFailingRule({ url: gone.url, secret: "gone-receiver-key" }, async ({ sql, channelId, run }) => {
      await run();
      const [row] = await outbox(sql, channelId);
      assert.deepEqual([row.status, row.attempts, row.last_status_code], ["failed", 1, 404]);
      assert.equal(gone.received.length, 1);
    });
  } finally {
    await down.close();
    await gone.close();
  }
});
