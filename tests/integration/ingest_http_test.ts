/**
 * The ingest function over real HTTP, through the gateway: who may call it, which methods, sizes and
 * content types it takes, and what it answers. The ingest-key path runs the same handler in this process
 * with the key as its secret (the gateway's environment is the test runner's, which has no ingest key),
 * storing into the real database.
 */
import assert from "node:assert/strict";
import { db } from "../../shared/db/client.ts";
import { createIngestHandler, MAX_BODY_BYTES } from "../../shared/ingest/handler.ts";
import { connect, countEvents, stackEnv } from "../helpers/test_env.ts";

const SOURCE = `twtest-h4-http-${crypto.randomUUID().slice(0, 8)}`;
const event = (id: string) => ({
  request_id: id,
  source: SOURCE,
  model: "gpt-4o-mini",
  input_tokens: 12,
  output_tokens: 3,
});

async function call(
  init: RequestInit & { path?: string } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> | null }> {
  const response = await fetch(`${stackEnv.url}/functions/v1/ingest${init.path ?? ""}`, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const json = (key: string | null, body: unknown, extra: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: {
    "content-type": "application/json",
    ...(key ? { authorization: `Bearer ${key}` } : {}),
    ...extra,
  },
  body: JSON.stringify(body),
});

const stored = (): Promise<number> => countEvents(SOURCE);

Deno.test("ingest: the service role key stores events and the answer counts them", async () => {
  const { status, body, headers } = await call(json(stackEnv.serviceRoleKey, [event("ok-1"), event("ok-2")]));
  assert.equal(status, 200);
  assert.deepEqual(body, { events: 2, inserted: 2, duplicates: 0 });
  assert.equal(headers.get("access-control-allow-origin"), "*");
  assert.equal(await stored(), 2);
});

Deno.test("ingest: one event object (not in an array) is a batch of one", async () => {
  const { status, body } = await call(json(stackEnv.serviceRoleKey, event("single")));
  assert.equal(status, 200);
  assert.deepEqual(body, { events: 1, inserted: 1, duplicates: 0 });
});

Deno.test("ingest: no key, the anon key and a made-up key are 401 and store nothing", async () => {
  const before = await stored();
  for (const key of [null, stackEnv.anonKey, "not-a-key"]) {
    const { status, body } = await call(json(key, event(`refused-${key?.slice(0, 4)}`)));
    assert.equal(status, 401, `key ${key?.slice(0, 10)}`);
    assert.deepEqual(body, { error: "Missing or invalid credentials" });
  }
  const apikeyOnly = await call(json(null, event("anon-apikey"), { apikey: stackEnv.anonKey }));
  assert.equal(apikeyOnly.status, 401);
  assert.equal(await stored(), before);
});

Deno.test("ingest: GET, PUT and DELETE are 405 with Allow; OPTIONS answers the preflight", async () => {
  for (const method of ["GET", "PUT", "DELETE"]) {
    const { status, headers } = await call({
      method,
      headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}` },
    });
    assert.equal(status, 405, method);
    assert.equal(headers.get("allow"), "POST, OPTIONS");
  }
  const preflight = await fetch(`${stackEnv.url}/functions/v1/ingest`, {
    method: "OPTIONS",
    headers: { origin: "https://app.example", "access-control-request-method": "POST" },
  });
  await preflight.body?.cancel();
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-methods"), "POST, OPTIONS");
});

Deno.test("ingest: a declared Content-Length over 10 MiB is 413, and so is a chunked body that grows past it", async () => {
  const before = await stored();
  // The declared length is checked first, before anything is read.
  const declared = await fetch(`${stackEnv.url}/functions/v1/ingest`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${stackEnv.serviceRoleKey}`,
      "content-type": "application/json",
      "content-length": String(MAX_BODY_BYTES + 1),
    },
    body: "x".repeat(MAX_BODY_BYTES + 1),
  });
  assert.equal(declared.status, 413);
  assert.match(
    (await declared.json()).error,
    /^body is 10485761 bytes \(Content-Length\); at most 10485760 accepted$/,
  );

  // No Content-Length (a stream): counted while reading.
  const chunk = new TextEncoder().encode(`${JSON.stringify(event("big"))}\n`.padEnd(64 * 1024, " "));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent > MAX_BODY_BYTES + chunk.length) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const streamed = await fetch(`${stackEnv.url}/functions/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}`, "content-type": "application/x-ndjson" },
    body,
  });
  assert.equal(streamed.status, 413);
  assert.equal((await streamed.json()).error, "body is more than 10485760 bytes; at most 10485760 accepted");
  assert.equal(await stored(), before);
});

Deno.test("ingest: the ingest key (function secret TOKENWATCH_INGEST_KEY) is accepted; other keys are not", async () => {
  const key = `ingest-${crypto.randomUUID()}`;
  const handler = createIngestHandler({
    sql: db,
    secrets: (name) =>
      ({ TOKENWATCH_INGEST_KEY: key, SUPABASE_SERVICE_ROLE_KEY: stackEnv.serviceRoleKey })[name],
  });
  try {
    const variants: Record<string, string>[] = [{ authorization: `Bearer ${key}` }, {
      "x-tokenwatch-key": key,
    }, { apikey: key }];
    for (const headers of variants) {
      const response = await handler(
        new Request("http://fn/ingest", {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(event(`key-${Object.keys(headers)[0]}`)),
        }),
      );
      assert.equal(response.status, 200, JSON.stringify(headers));
      assert.deepEqual(await response.json(), { events: 1, inserted: 1, duplicates: 0 });
    }
    const wrong = await handler(
      new Request("http://fn/ingest", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}x` },
        body: JSON.stringify(event("key-wrong")),
      }),
    );
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    const sql = connect();
    try {
      const rows =
        await sql`select request_id from monitoring.usage_events where source = ${SOURCE} and request_id like 'key-%' order by 1`;
      assert.deepEqual(rows.map((r) => r.request_id), [
        "key-apikey",
        "key-authorization",
        "key-x-tokenwatch-key",
      ]);
    } finally {
      await sql.end();
    }
  } finally {
    await db().end();
  }
});
