import assert from "node:assert/strict";
import type { SupabaseClient } from "../deps/supabase_js.ts";
import { type FunctionsInvoker, IngestError, recordUsage, type RecordUsageOptions } from "./record_usage.ts";

type Outcome = { data: unknown; error: unknown; response?: Response };
type Call = { name: string; body: Record<string, unknown> };

/** A SupabaseClient-like fake whose functions.invoke answers with the given outcomes in turn. */
function fakeClient(...outcomes: Outcome[]): FunctionsInvoker & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    functions: {
      invoke(name, { body }) {
        calls.push({ name, body: structuredClone(body) });
        const outcome = outcomes.shift();
        if (!outcome) throw new Error("no more outcomes");
        return Promise.resolve(outcome);
      },
    },
  };
}

const ok = (inserted = 1, duplicates = 0): Outcome => ({ data: { inserted, duplicates }, error: null });
const networkError = (): Outcome => ({
  data: null,
  error: Object.assign(new Error("fetch failed"), { name: "FunctionsFetchError" }),
});
const http = (
  status: number,
  body: unknown = { error: "x" },
  headers: Record<string, string> = {},
): Outcome => {
  const response = new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
  return {
    data: null,
    error: Object.assign(new Error(`status ${status}`), { name: "FunctionsHttpError", context: response }),
    response,
  };
};

function options(extra: RecordUsageOptions = {}): RecordUsageOptions & { waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: (ms) => (waits.push(ms), Promise.resolve()), random: () => 1, ...extra };
}

// A SupabaseClient is accepted where recordUsage wants a FunctionsInvoker (compile-time check).
const _acceptsSupabaseClient = (client: SupabaseClient): FunctionsInvoker => client;

Deno.test("fails twice, then succeeds: three calls with the same generated request_id", async () => {
  const client = fakeClient(networkError(), http(503), ok(1, 0));
  const opts = options();
  const result = await recordUsage(client, { model: "gpt-4o", input_tokens: 10, output_tokens: 2 }, opts);
  assert.equal(client.calls.length, 3);
  const ids = client.calls.map((c) => c.body.request_id);
  assert.match(String(ids[0]), /^[0-9a-f-]{36}$/);
  assert.deepEqual(ids, [ids[0], ids[0], ids[0]]);
  const times = client.calls.map((c) => c.body.occurred_at);
  assert.ok(!Number.isNaN(Date.parse(String(times[0]))));
  assert.deepEqual(times, [times[0], times[0], times[0]]);
  assert.deepEqual(client.calls.map((c) => c.name), ["ingest", "ingest", "ingest"]);
  assert.deepEqual(result, { request_id: ids[0], inserted: 1, duplicates: 0, attempts: 3 });
  assert.deepEqual(opts.waits, [250, 500]); // exponential: 250 * 2^0, 250 * 2^1 (random() = 1: no jitter taken off)
});

Deno.test("a provider response is mapped: its id is the request_id on every attempt", async () => {
  const completion = {
    id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
    object: "chat.completion",
    created: 1741570283,
    model: "gpt-4o-2024-08-06",
    choices: [],
    usage: { prompt_tokens: 1117, completion_tokens: 46, total_tokens: 1163 },
  };
  const client = fakeClient(http(502), ok(0, 1));
  const result = await recordUsage(client, completion, options({ fields: { app: "shop", latency_ms: 840 } }));
  assert.deepEqual(result, { request_id: completion.id, inserted: 0, duplicates: 1, attempts: 2 });
  for (const { body } of client.calls) {
    assert.deepEqual(body, {
      request_id: completion.id,
      provider: "openai",
      model: "gpt-4o-2024-08-06",
      occurred_at: "2025-03-10T01:31:23.000Z",
      usage: completion.usage,
      app: "shop",
      latency_ms: 840,
    });
  }
});

Deno.test("429 waits as long as Retry-After says, within maxDelayMs", async () => {
  const client = fakeClient(
    http(429, {}, { "retry-after": "2" }),
    http(429, {}, { "retry-after": "60" }),
    ok(),
  );
  const opts = options({ maxDelayMs: 5_000 });
  await recordUsage(client, { request_id: "r-1", model: "m", input_tokens: 1, output_tokens: 1 }, opts);
  assert.deepEqual(opts.waits, [2_000, 5_000]);
  assert.deepEqual(client.calls.map((c) => c.body.request_id), ["r-1", "r-1", "r-1"]);
});

Deno.test("a 400 is not retried; the error carries the status and the problems", async () => {
  const problems = { errors: [{ index: 0, field: "model", message: "required" }] };
  const client = fakeClient(http(400, problems), ok());
  const opts = options();
  const error = await recordUsage(client, { request_id: "r-1" }, opts).catch((e) => e);
  assert.ok(error instanceof IngestError);
  assert.deepEqual([error.status, error.retryable, error.attempts, error.message], [
    400,
    false,
    1,
    "ingest answered 400",
  ]);
  assert.deepEqual(error.details, problems);
  assert.equal(client.calls.length, 1);
  assert.deepEqual(opts.waits, []);
});

Deno.test("401, 413 and 415 are not retried either", async () => {
  for (const status of [401, 413, 415]) {
    const client = fakeClient(http(status), ok());
    await assert.rejects(
      recordUsage(client, { request_id: "r" }, options()),
      (e: IngestError) => e.status === status,
    );
    assert.equal(client.calls.length, 1);
  }
});

Deno.test("retries run out: rejects after retries + 1 attempts, backoff capped", async () => {
  const client = fakeClient(http(500), http(500), http(500));
  const opts = options({ retries: 2, baseDelayMs: 1_000, maxDelayMs: 1_500 });
  const error = await recordUsage(client, { request_id: "r" }, opts).catch((e) => e);
  assert.ok(error instanceof IngestError);
  assert.deepEqual([error.status, error.retryable, error.attempts], [500, true, 3]);
  assert.equal(error.message, "ingest answered 500 after 3 attempts");
  assert.deepEqual(opts.waits, [1_000, 1_500]);
});

Deno.test("jitter waits between half and all of the backoff; a thrown invoke counts as a network error", async () => {
  let first = true;
  const client: FunctionsInvoker = {
    functions: {
      invoke() {
        if (first) {
          first = false;
          return Promise.reject(new TypeError("socket hang up"));
        }
        return Promise.resolve(ok());
      },
    },
  };
  const opts = options({ random: () => 0 });
  assert.equal((await recordUsage(client, { request_id: "r" }, opts)).attempts, 2);
  assert.deepEqual(opts.waits, [125]);
});

Deno.test("an answer without {inserted, duplicates} is an error, not retried", async () => {
  const client = fakeClient({ data: "OK", error: null }, ok());
  await assert.rejects(
    recordUsage(client, { request_id: "r" }, options()),
    /without \{inserted, duplicates\}/,
  );
  assert.equal(client.calls.length, 1);
});
