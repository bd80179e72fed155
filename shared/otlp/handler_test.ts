import assert from "node:assert/strict";
import { PbfReader, PbfWriter } from "../deps/pbf.ts";
import type { CanonicalEvent } from "../usage/canonical_event.ts";
import { createOtlpHandler, type OtlpHandlerOptions } from "./handler.ts";
import {
  readExportTraceServiceResponse,
  readRpcStatus,
  writeExportTraceServiceRequest,
} from "./proto/trace_pb.js";

const SECRETS: Record<string, string> = {
  SUPABASE_SECRET_KEYS: JSON.stringify({ default: "sb_secret_x" }),
  TOKENWATCH_INGEST_KEY: "ingest-key",
};

function setup(overrides: Partial<OtlpHandlerOptions> = {}) {
  const stored: CanonicalEvent[][] = [];
  const handler = createOtlpHandler({
    sql: () => {
      throw new Error("the handler tests store through `store`");
    },
    secrets: (name) => SECRETS[name],
    now: () => new Date("2026-11-24T12:00:00Z"),
    store: (events) => {
      stored.push(events);
      return Promise.resolve({ inserted: events.length, duplicates: 0 });
    },
    ...overrides,
  });
  return { handler, stored };
}

const T = "0af7651916cd43dd8448eb211c80319c";
const START = String(Date.parse("2026-11-24T11:59:00Z") * 1_000_000);
const END = String(Date.parse("2026-11-24T11:59:00.800Z") * 1_000_000);

const jsonSpan = (spanId: string, attributes: Record<string, unknown>) => ({
  traceId: T,
  spanId,
  name: `span ${spanId}`,
  startTimeUnixNano: START,
  endTimeUnixNano: END,
  attributes: Object.entries(attributes).map(([key, value]) => ({
    key,
    value: typeof value === "number" ? { intValue: String(value) } : { stringValue: value },
  })),
});

const jsonBody = (spans: unknown[]) =>
  JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: "service.name", value: { stringValue: "shop" } }] },
      scopeSpans: [{ spans }],
    }],
  });

const post = (body: BodyInit, headers: Record<string, string> = {}, path = "/otlp/v1/traces") =>
  new Request(`http://fn${path}`, {
    method: "POST",
    headers: { apikey: "sb_secret_x", "content-type": "application/json", ...headers },
    body,
  });

const usage = {
  "gen_ai.request.model": "gpt-4o",
  "gen_ai.usage.input_tokens": 1200,
  "gen_ai.usage.output_tokens": 80,
};

Deno.test("JSON: LLM spans stored as canonical events, the rest reported in partialSuccess", async () => {
  const { handler, stored } = setup();
  const response = await handler(post(jsonBody([
    jsonSpan("00000000000000a1", { ...usage, "gen_ai.usage.cache_read.input_tokens": 1000 }),
    jsonSpan("00000000000000a2", { "http.route": "/chat" }),
    jsonSpan("00000000000000a3", { ...usage, "gen_ai.usage.output_tokens": -1 }),
  ])));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(await response.json(), {
    partialSuccess: {
      rejectedSpans: "2",
      errorMessage: "2 of 3 spans not stored: 1 not an LLM call (no usage attributes); 1 invalid. " +
        "Invalid: span 00000000000000a3 (span 00000000000000a3): usage.gen_ai.usage.output_tokens: must not be negative",
    },
  });
  assert.equal(stored.length, 1);
  const [event] = stored[0];
  assert.equal(event.request_id, `${T}-00000000000000a1`);
  assert.equal(event.source, "otlp");
  assert.equal(event.app, "shop");
  assert.equal(event.provider, "openai"); // inferred from gpt-4o, as ingest does
  assert.equal(event.occurred_at, "2026-11-24T11:59:00.000Z");
  assert.equal(event.latency_ms, 800);
  assert.deepEqual(
    [event.input_tokens, event.cache_read_tokens, event.output_tokens, event.token_source],
    [1200, 1000, 80, "provider"],
  );
});

Deno.test("protobuf: answered in protobuf; all stored means no partial_success", async () => {
  const { handler, stored } = setup();
  const writer = new PbfWriter();
  writeExportTraceServiceRequest({
    resource_spans: [{
      scope_spans: [{
        spans: [{
          trace_id: Uint8Array.from({ length: 16 }, (_, i) => i + 1),
          span_id: Uint8Array.from({ length: 8 }, (_, i) => i + 1),
          name: "chat",
          start_time_unix_nano: 1_795_089_600_000_000_000,
          end_time_unix_nano: 1_795_089_600_500_000_000,
          attributes: Object.entries(usage).map(([key, value]) => ({
            key,
            value: typeof value === "number"
              ? { value: "int_value", int_value: value }
              : { value: "string_value", string_value: value },
          })),
        }],
      }],
    }],
  }, writer);
  const response = await handler(
    post(writer.finish() as BodyInit, { "content-type": "application/x-protobuf" }),
  );
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/x-protobuf");
  const decoded = readExportTraceServiceResponse(new PbfReader(new Uint8Array(await response.arrayBuffer())));
  assert.equal(decoded.partial_success, undefined);
  assert.equal(stored[0][0].request_id, "0102030405060708090a0b0c0d0e0f10-0102030405060708");
  // 2026-11-19T12:00:00Z (1,795,089,600 s), 500 ms.
  assert.equal(stored[0][0].occurred_at, "2026-11-19T12:00:00.000Z");
  assert.equal(stored[0][0].latency_ms, 500);

  const bad = await handler(
    post(Uint8Array.of(0x0a, 0x05, 0x01) as BodyInit, { "content-type": "application/x-protobuf" }),
  );
  assert.equal(bad.status, 400);
  const status = readRpcStatus(new PbfReader(new Uint8Array(await bad.arrayBuffer())));
  assert.equal(status.code, 3);
  assert.match(status.message, /cut short/);
});

Deno.test("statuses: 401 without a key, the ingest key accepted, 405, 404, 415, 413, gzip read", async () => {
  const { handler } = setup({ maxBytes: 2000 });
  const body = jsonBody([jsonSpan("00000000000000b1", usage)]);
  assert.equal((await handler(post(body, { apikey: "" }))).status, 401);
  assert.equal((await handler(post(body, { apikey: "sb_publishable_x" }))).status, 401);
  assert.equal((await handler(post(body, { apikey: "", "x-tokenwatch-key": "ingest-key" }))).status, 200);
  assert.equal((await handler(post(body, { apikey: "", authorization: "Bearer ingest-key" }))).status, 200);
  assert.equal(
    (await handler(new Request("http://fn/otlp/v1/traces", { headers: { apikey: "sb_secret_x" } }))).status,
    405,
  );
  assert.equal((await handler(post(body, {}, "/otlp/v1/metrics"))).status, 404);
  const unsupported = await handler(post(body, { "content-type": "text/plain" }));
  assert.equal(unsupported.status, 415);
  assert.match((await unsupported.json()).message, /application\/x-protobuf or application\/json/);
  assert.equal((await handler(post("x".repeat(2001)))).status, 413);
  const gzip = new Response(new Blob([body]).stream().pipeThrough(new CompressionStream("gzip")));
  const zipped = new Uint8Array(await gzip.arrayBuffer());
  assert.equal((await handler(post(zipped as BodyInit, { "content-encoding": "gzip" }))).status, 200);
  assert.equal((await handler(new Request("http://fn/otlp/v1/traces", { method: "OPTIONS" }))).status, 204);
});

Deno.test("more LLM spans than the cap: 400 and nothing stored; the same span twice is stored once", async () => {
  const { handler, stored } = setup({ maxEvents: 2 });
  const spans = ["c1", "c2", "c3"].map((id) => jsonSpan(`00000000000000${id}`, usage));
  const over = await handler(post(jsonBody(spans)));
  assert.equal(over.status, 400);
  assert.match((await over.json()).message, /3 LLM-call spans in one request; at most 2/);
  assert.equal(stored.length, 0);
  const twice = await handler(post(jsonBody([spans[0], spans[0]])));
  assert.equal(twice.status, 200);
  assert.equal(stored[0].length, 1);
});
