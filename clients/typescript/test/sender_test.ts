import assert from "node:assert/strict";
import { createTokenwatch } from "../src/index.ts";
import type { TokenwatchOptions } from "../src/types.ts";
import { type Answer, event, manualTimers, scriptedFetch, settle } from "./helpers.ts";

function client(answers: Answer[], opts: Partial<TokenwatchOptions> = {}) {
  const { fetch, requests } = scriptedFetch(answers);
  const timers = manualTimers();
  const sleeps: number[] = [];
  const errors: Error[] = [];
  const tw = createTokenwatch({
    url: "https://project.example",
    key: "ingest-key-1",
    fetch,
    timers,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    onError: (e) => errors.push(e),
    ...opts,
  });
  const ids = () =>
    requests.map((r) => (JSON.parse(r.body) as { request_id: string }[]).map((e) => e.request_id));
  return { tw, requests, timers, sleeps, errors, ids };
}

Deno.test("a full batch is sent at once; a partial one when the interval passes", async () => {
  const { tw, requests, timers, ids } = client([{ status: 200 }], { maxBatchSize: 2, flushIntervalMs: 1000 });
  tw.record(event("a"));
  assert.deepEqual(timers.pending(), [1000], "the first event starts the interval");
  assert.equal(requests.length, 0);
  tw.record(event("b"));
  await settle();
  assert.deepEqual(ids(), [["a", "b"]], "two events fill the batch: sent without waiting");
  tw.record(event("c"));
  await settle();
  assert.equal(requests.length, 1, "c waits for the interval");
  timers.fire();
  await settle();
  assert.deepEqual(ids(), [["a", "b"], ["c"]]);
  assert.equal(requests[0].url, "https://project.example/functions/v1/ingest");
  assert.equal(requests[0].headers["x-tokenwatch-key"], "ingest-key-1");
  assert.equal(requests[0].headers["content-type"], "application/json");
  assert.deepEqual(tw.stats(), {
    pending: 0,
    sent: 3,
    dropped: 0,
    rejected: 0,
    failed: 0,
    retries: 0,
    budgetCheckFailures: 0,
  });
});

Deno.test("retries send the very same body (same request ids) and honour Retry-After", async () => {
  const { tw, requests, sleeps, errors } = client([
    { status: 503 },
    { throws: new TypeError("fetch failed") },
    { status: 429, headers: { "retry-after": "7" } },
    { status: 200 },
  ]);
  tw.record(event("r1"));
  tw.record(event("r2"));
  await tw.flush();
  assert.equal(requests.length, 4);
  assert.ok(requests.every((r) => r.body === requests[0].body), "identical bodies");
  // Backoff 500 * 2^attempt with jitter 0.5 → 3/4 of it: 375, 750; then Retry-After 7 s.
  assert.deepEqual(sleeps, [375, 750, 7000]);
  assert.deepEqual(errors, []);
  assert.equal(tw.stats().sent, 2);
  assert.equal(tw.stats().retries, 3);
});

Deno.test("after every retry the batch is given up on, reported, and counted as failed", async () => {
  const { tw, requests, errors } = client([{ status: 500 }], { maxRetries: 2 });
  tw.record(event("x"));
  await tw.flush();
  assert.equal(requests.length, 3, "first attempt and 2 retries");
  assert.equal(tw.stats().failed, 1);
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /could not deliver 1 events: ingest answered 500 after 3 attempts/);
});

Deno.test("401 is not retried", async () => {
  const { tw, requests, errors } = client([{
    status: 401,
    body: { error: "Missing or invalid credentials" },
  }]);
  tw.record(event("x"));
  await tw.flush();
  assert.equal(requests.length, 1);
  assert.equal(tw.stats().failed, 1);
  assert.equal((errors[0] as { status?: number }).status, 401);
});

Deno.test("a 400 drops the events it names and resends the others", async () => {
  const { tw, ids, errors } = client([
    {
      status: 400,
      body: { error: "1 problem", problems: [{ index: 1, field: "model", message: "required" }] },
    },
    { status: 200 },
  ]);
  for (const id of ["a", "b", "c"]) tw.record(event(id));
  await tw.flush();
  assert.deepEqual(ids(), [["a", "b", "c"], ["a", "c"]]);
  assert.equal(tw.stats().rejected, 1);
  assert.equal(tw.stats().sent, 2);
  assert.deepEqual((errors[0] as { requestIds?: string[] }).requestIds, ["b"]);
});

Deno.test("a 413 splits the batch in halves", async () => {
  const { tw, ids } = client([{ status: 413 }, { status: 200 }]);
  for (const id of ["a", "b", "c"]) tw.record(event(id));
  await tw.flush();
  assert.deepEqual(ids(), [["a", "b", "c"], ["a", "b"], ["c"]]);
  assert.equal(tw.stats().sent, 3);
});

Deno.test("the queue is bounded: past maxQueueSize events are dropped and counted, never blocking", async () => {
  const { tw, requests } = client([{ hang: true }], { maxQueueSize: 3, maxBatchSize: 2 });
  const accepted = ["a", "b", "c", "d", "e"].map((id) => tw.record(event(id)));
  await settle();
  // a, b in flight (the hung POST), c queued: 3 held; d and e dropped.
  assert.deepEqual(accepted, [true, true, true, false, false]);
  assert.equal(requests.length, 1);
  assert.deepEqual({ pending: tw.stats().pending, dropped: tw.stats().dropped }, { pending: 3, dropped: 2 });
});

Deno.test("shutdown sends what is queued, then refuses later events", async () => {
  const { tw, ids } = client([{ status: 200 }]);
  tw.record(event("a"));
  await tw.shutdown();
  assert.equal(tw.record(event("late")), false);
  assert.deepEqual(ids(), [["a"]]);
  assert.equal(tw.stats().dropped, 1);
});

Deno.test("a request that times out is retried", async () => {
  const { fetch, requests } = scriptedFetch([{ hang: true }, { status: 200 }]);
  const real: Record<string, () => void> = {};
  const tw = createTokenwatch({
    url: "https://project.example/",
    key: "sb_secret_abc",
    fetch: (url, init) => {
      init.signal?.addEventListener("abort", () => real.aborted?.());
      return requests.length === 0
        ? new Promise((_, reject) => {
          real.aborted = () => reject(new DOMException("aborted", "AbortError"));
          fetch(url, init);
        })
        : fetch(url, init);
    },
    timers: {
      setTimeout: (fn, ms) => {
        if (ms === 10_000) queueMicrotask(fn); // the request timeout elapses at once
        return 0;
      },
      clearTimeout: () => {},
    },
    sleep: () => Promise.resolve(),
    onError: () => {},
  });
  tw.record(event("t"));
  await tw.flush();
  assert.equal(requests.length, 2);
  assert.equal(requests[0].headers.apikey, "sb_secret_abc", "Supabase keys go in apikey");
  assert.equal(tw.stats().sent, 1);
});

Deno.test("options are checked", () => {
  assert.throws(() => createTokenwatch({ url: "project.example", key: "k" }), /url must be the project URL/);
  assert.throws(() => createTokenwatch({ url: "https://p.example", key: "" }), /key is required/);
  assert.throws(
    () => createTokenwatch({ url: "https://p.example", key: "k", maxRetries: -1 }),
    /maxRetries must be a number >= 0/,
  );
});
