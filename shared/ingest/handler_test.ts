import assert from "node:assert/strict";
import type { CanonicalEvent } from "../usage/canonical_event.ts";
import type { DrainOptions } from "./chat_import.ts";
import { createIngestHandler, type IngestHandlerOptions } from "./handler.ts";
import type { StoreEventsOptions } from "./store_events.ts";

const SECRETS: Record<string, string> = {
  SUPABASE_SERVICE_ROLE_KEY: "service-key",
  SUPABASE_ANON_KEY: "anon-key",
  TOKENWATCH_INGEST_KEY: "ingest-key",
};

interface Calls {
  stored: { events: CanonicalEvent[]; opts: StoreEventsOptions }[];
  drained: DrainOptions[];
}

function setup(
  overrides: Partial<IngestHandlerOptions> = {},
): { handler: (r: Request) => Promise<Response>; calls: Calls } {
  const calls: Calls = { stored: [], drained: [] };
  const handler = createIngestHandler({
    sql: () => {
      throw new Error("the handler tests store through `store`, never the database");
    },
    secrets: (name) => SECRETS[name],
    now: () => new Date("2026-11-24T12:00:00Z"),
    store: (events, opts) => {
      calls.stored.push({ events, opts });
      return Promise.resolve({ inserted: events.length, duplicates: 0 });
    },
    budgets: () => Promise.resolve(null),
    drain: (opts) => {
      calls.drained.push(opts);
      return Promise.resolve({ imported: 1, duplicates: 0, failed: 0, remaining: 0 });
    },
    ...overrides,
  });
  return { handler, calls };
}

function post(body: string, headers: Record<string, string> = {}, path = "/ingest"): Request {
  return new Request(`http://fn${path}`, {
    method: "POST",
    headers: { authorization: "Bearer service-key", "content-type": "application/json", ...headers },
    body,
  });
}

const event = { request_id: "r1", source: "unit", model: "gpt-4o", input_tokens: 10, output_tokens: 2 };

Deno.test("OPTIONS answers the CORS preflight without credentials", async () => {
  const { handler } = setup();
  const response = await handler(new Request("http://fn/ingest", { method: "OPTIONS" }));
  assert.equal(response.status, 204);
  assert.equal(response.headers.get("access-control-allow-origin"), "*");
  assert.match(response.headers.get("access-control-allow-headers") ?? "", /x-tokenwatch-key/);
});

Deno.test("no credentials, the anon key and a wrong key are 401, with CORS headers", async () => {
  const { handler, calls } = setup();
  for (
    const headers of [{ authorization: "" }, { authorization: "Bearer anon-key" }, {
      authorization: "Bearer nope",
    }]
  ) {
    const response = await handler(post(JSON.stringify(event), headers));
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), { error: "Missing or invalid credentials" });
    assert.equal(response.headers.get("access-control-allow-origin"), "*");
  }
  assert.equal(calls.stored.length, 0);
});

Deno.test("the ingest key is accepted in x-tokenwatch-key; the answer counts events", async () => {
  const { handler, calls } = setup();
  const response = await handler(post(JSON.stringify([event, { ...event, request_id: "r2" }]), {
    authorization: "",
    "x-tokenwatch-key": "ingest-key",
  }));
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { events: 2, inserted: 2, duplicates: 0 });
  assert.equal(calls.stored.length, 1);
  assert.deepEqual(calls.stored[0].events.map((e) => e.request_id), ["r1", "r2"]);
});

Deno.test("a wrong method with valid credentials is 405 and names the allowed ones", async () => {
  const { handler } = setup();
  const response = await handler(
    new Request("http://fn/ingest", { headers: { authorization: "Bearer service-key" } }),
  );
  assert.equal(response.status, 405);
  assert.equal(response.headers.get("allow"), "POST, OPTIONS");
  assert.deepEqual(await response.json(), { error: "Method not allowed; use POST or OPTIONS" });
});

Deno.test("a content type other than JSON or NDJSON is 415", async () => {
  const { handler, calls } = setup();
  const response = await handler(post(JSON.stringify(event), { "content-type": "text/plain" }));
  assert.equal(response.status, 415);
  assert.equal(
    (await response.json()).error,
    'unsupported content type "text/plain"; send application/json or application/x-ndjson',
  );
  assert.equal(calls.stored.length, 0);
});

Deno.test("a body over the limit is 413", async () => {
  const { handler } = setup({ maxBytes: 50 });
  const response = await handler(post(JSON.stringify([event, event])));
  assert.equal(response.status, 413);
});

Deno.test("more events than the limit is 413", async () => {
  const { handler } = setup({ maxEvents: 2 });
  const response = await handler(post(JSON.stringify([event, event, event])));
  assert.equal(response.status, 413);
  assert.equal((await response.json()).error, "3 events in one request; at most 2 accepted");
});

Deno.test("an invalid event is 400 naming index and field, and nothing is stored", async () => {
  const { handler, calls } = setup();
  const response = await handler(
    post(JSON.stringify([event, { ...event, request_id: "r2", output_tokens: -1 }])),
  );
  assert.equal(response.status, 400);
  assert.deepEqual(await response.json(), {
    error: "1 problem in 1 of 2 events; nothing was stored",
    problems: [{ index: 1, field: "output_tokens", message: "must not be negative" }],
  });
  assert.equal(calls.stored.length, 0);
});

Deno.test("a 400 lists the first 1,000 problems and counts them all", async () => {
  const { handler } = setup();
  const events = Array.from(
    { length: 1200 },
    (_, i) => ({ ...event, request_id: `r${i}`, input_tokens: -1 }),
  );
  const response = await handler(post(JSON.stringify(events)));
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.equal(
    body.error,
    "1200 problems in 1200 of 1200 events (the first 1000 are listed); nothing was stored",
  );
  assert.equal(body.problems.length, 1000);
  assert.deepEqual(body.problems[999], {
    index: 999,
    field: "input_tokens",
    message: "must not be negative",
  });
});

Deno.test("NDJSON problems carry the line number", async () => {
  const { handler } = setup();
  const body = `${JSON.stringify(event)}\n\n${JSON.stringify({ ...event, request_id: "r2", model: 5 })}\n`;
  const response = await handler(post(body, { "content-type": "application/x-ndjson" }));
  assert.equal(response.status, 400);
  assert.deepEqual((await response.json()).problems, [
    { index: 1, field: "model", message: "expected a string", line: 3 },
  ]);
  const bad = await handler(
    post(`${JSON.stringify(event)}\n{nope\n`, { "content-type": "application/x-ndjson" }),
  );
  assert.equal(bad.status, 400);
  const problems = (await bad.json()).problems;
  assert.equal(problems.length, 1);
  assert.equal(problems[0].field, "body");
  assert.equal(problems[0].line, 2);
});

Deno.test("system prompt texts reach the store keyed by their hash", async () => {
  const { handler, calls } = setup();
  await handler(post(JSON.stringify({ ...event, system_prompt: "Be brief.", system_prompt_tokens: 3 })));
  const [{ events, opts }] = calls.stored;
  assert.equal(events[0].system_prompt_hash?.length, 64);
  assert.deepEqual(opts.promptTexts, { [events[0].system_prompt_hash!]: "Be brief." });
});

Deno.test("the database refusing a batch is 400; any other failure is 500", async () => {
  const refused = setup({
    store: () => Promise.reject(Object.assign(new Error("violates check"), { code: "23514" })),
  });
  const response = await refused.handler(post(JSON.stringify(event)));
  assert.equal(response.status, 400);
  assert.deepEqual((await response.json()).problems, [{ field: "batch", message: "violates check" }]);
  const broken = setup({ store: () => Promise.reject(new Error("connection reset")) });
  const original = console.error;
  console.error = () => {};
  try {
    const failed = await broken.handler(post(JSON.stringify(event)));
    assert.equal(failed.status, 500);
    assert.deepEqual(await failed.json(), { error: "Internal error" });
  } finally {
    console.error = original;
  }
});

Deno.test("import-pending needs the service role key and passes the config on", async () => {
  const { handler, calls } = setup();
  const refused = await handler(post(JSON.stringify({ config: "app" }), {
    authorization: "",
    "x-tokenwatch-key": "ingest-key",
  }, "/ingest/import-pending"));
  assert.equal(refused.status, 401);
  assert.equal(calls.drained.length, 0);
  const response = await handler(post(JSON.stringify({ config: "app" }), {}, "/ingest/import-pending"));
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { imported: 1, duplicates: 0, failed: 0, remaining: 0 });
  assert.equal(calls.drained[0].config, "app");
  const bad = await handler(post(JSON.stringify({ config: 7 }), {}, "/ingest/import-pending"));
  assert.equal(bad.status, 400);
  assert.deepEqual((await bad.json()).problems, [{
    field: "config",
    message: "expected a config name (string)",
  }]);
  const nul = await handler(post(JSON.stringify({ config: "\u0000" }), {}, "/ingest/import-pending"));
  assert.equal(nul.status, 400);
  assert.deepEqual((await nul.json()).problems, [{
    field: "config",
    message: "must not contain NUL characters",
  }]);
  assert.equal(calls.drained.length, 1, "refused drains reach nothing");
});

Deno.test("a gzip body is read; the store gets each event's metadata as the source text sent", async () => {
  const { handler, calls } = setup();
  const metadata = '{"__proto__": {"x": 1}, "big": 12345678901234567891}';
  const text = `[${JSON.stringify(event).slice(0, -1)},"metadata":${metadata}}]`;
  const body = new Uint8Array(
    await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );
  const response = await handler(
    new Request("http://fn/ingest", {
      method: "POST",
      headers: {
        authorization: "Bearer service-key",
        "content-type": "application/json",
        "content-encoding": "gzip",
      },
      body,
    }),
  );
  assert.equal(response.status, 200);
  assert.deepEqual(calls.stored[0].opts.metadataSources, [metadata]);
});

Deno.test("a field nested 5,000 levels deep is a 400 with its index, line and field; nothing stored", async () => {
  const { handler, calls } = setup();
  const deep = "[".repeat(5_000) + "]".repeat(5_000);
  const line = `${JSON.stringify(event).slice(0, -1)},"metadata":{"a":${deep}}}`;
  const response = await handler(
    post(`${JSON.stringify(event)}\n${line}\n`, { "content-type": "application/x-ndjson" }),
  );
  assert.equal(response.status, 400);
  assert.deepEqual((await response.json()).problems, [{
    index: 1,
    line: 2,
    field: "metadata",
    message: "nests more than 32 levels of objects and arrays; at most 32 allowed",
  }]);
  assert.equal(calls.stored.length, 0);
});
