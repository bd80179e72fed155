/**
 * Malformed OTLP against the running `otlp` function: truncated protobuf, wrong types, 10k spans, huge
 * attribute values, oversized bodies, other content types, no key. Never a 5xx; a refused request stores
 * nothing, a partly accepted one stores exactly its valid LLM spans.
 */
import assert from "node:assert/strict";
import { countEvents, required, stackEnv } from "../helpers/test_env.ts";
import {
  InMemorySpanExporter,
  ProtobufTraceSerializer,
  resourceFromAttributes,
  SimpleSpanProcessor,
  TracerProvider,
} from "../helpers/otel_sdk.ts";

const RUN = crypto.randomUUID().slice(0, 8);
const url = () => `${stackEnv.url}/functions/v1/otlp/v1/traces`;
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

async function post(body: BodyInit, contentType = "application/json", headers: Record<string, string> = {}) {
  const response = await fetch(url(), {
    method: "POST",
    headers: { apikey: stackEnv.secretKey, "content-type": contentType, ...headers },
    body,
  });
  const text = contentType === "application/json" ? await response.text() : "";
  if (contentType !== "application/json") await response.body?.cancel();
  return { status: response.status, text };
}

/** An OTLP JSON body for `app` with the given spans. */
function exportBody(app: string, spans: Record<string, unknown>[]): string {
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: "service.name", value: { stringValue: app } }] },
      scopeSpans: [{ scope: { name: "t" }, spans }],
    }],
  });
}

const now = () => String(BigInt(Date.now()) * 1_000_000n);
/** Trace ids start with this run's own prefix, so that reruns and tests never share request ids. */
const PREFIX = crypto.randomUUID().replaceAll("-", "").slice(0, 8);
const traceId = (i: number) => `${PREFIX}${hex(i, 24)}`;

function llmSpan(i: number, attributes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: traceId(i + 1),
    spanId: hex(i + 1, 16),
    name: `chat ${i}`,
    startTimeUnixNano: now(),
    endTimeUnixNano: now(),
    attributes: Object.entries({
      "gen_ai.request.model": { stringValue: "gpt-4o" },
      "gen_ai.usage.input_tokens": { intValue: "10" },
      "gen_ai.usage.output_tokens": { intValue: 2 },
      ...attributes,
    }).map(([key, value]) => ({ key, value })),
  };
}

async function storedFor(app: string): Promise<number> {
  const { connect } = await import("../helpers/test_env.ts");
  const sql = connect();
  try {
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from monitoring.usage_events where source = 'otlp' and app = ${app}`;
    return n;
  } finally {
    await sql.end();
  }
}

Deno.test("a protobuf body cut short anywhere is a 400 and stores nothing", async () => {
  const app = `otlp-cut-${RUN}`;
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": app }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const span = provider.getTracer("t").startSpan("chat");
  span.setAttributes({
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.usage.input_tokens": 7,
    "gen_ai.usage.output_tokens": 1,
  });
  span.end();
  const body = ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!;
  await provider.shutdown();
  // One ResourceSpans holds everything, so every cut falls inside it.
  for (const cut of [1, 2, 10, Math.floor(body.length / 2), body.length - 1]) {
    const { status } = await post(body.slice(0, cut) as BodyInit, "application/x-protobuf");
    assert.equal(status, 400, `cut at ${cut} of ${body.length}`);
  }
  assert.equal(await storedFor(app), 0);
  // The whole body is fine.
  assert.equal((await post(body as BodyInit, "application/x-protobuf")).status, 200);
  assert.equal(await storedFor(app), 1);
});

Deno.test("wrong types: an undecodable envelope is a 400; a bad usage value rejects only its span", async () => {
  const app = `otlp-types-${RUN}`;
  const bad = await post(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 5 }] }] }] }));
  assert.equal(bad.status, 400);
  assert.match(
    JSON.parse(bad.text).message,
    /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: Expected string/,
  );
  assert.equal((await post("{not json")).status, 400);
  const partial = await post(exportBody(app, [
    llmSpan(10),
    llmSpan(11, { "gen_ai.usage.input_tokens": { boolValue: true } }),
    llmSpan(12, { "gen_ai.usage.output_tokens": { intValue: "-4" } }),
  ]));
  assert.equal(partial.status, 200);
  const { partialSuccess } = JSON.parse(partial.text);
  assert.equal(partialSuccess.rejectedSpans, "2");
  assert.match(partialSuccess.errorMessage, /usage\.gen_ai\.usage\.input_tokens: expected a number/);
  assert.match(partialSuccess.errorMessage, /usage\.gen_ai\.usage\.output_tokens: must not be negative/);
  assert.equal(await storedFor(app), 1);
});

Deno.test("10,000 spans: non-LLM spans are rejected and the LLM span stored; 10,000 LLM spans are refused whole", async () => {
  const app = `otlp-10k-${RUN}`;
  const spans = Array.from(
    { length: 10_000 },
    (_, i) => i === 0 ? llmSpan(0) : { traceId: traceId(1), spanId: hex(i + 1, 16), name: `step ${i}` },
  );
  const mixed = await post(exportBody(app, spans));
  assert.equal(mixed.status, 200);
  assert.equal(JSON.parse(mixed.text).partialSuccess.rejectedSpans, "9999");
  assert.equal(await storedFor(app), 1);

  const many = `otlp-10k-llm-${RUN}`;
  const all = await post(exportBody(many, Array.from({ length: 10_000 }, (_, i) => llmSpan(100_000 + i))));
  assert.equal(all.status, 400);
  assert.match(JSON.parse(all.text).message, /10000 LLM-call spans in one request; at most 5000/);
  assert.equal(await storedFor(many), 0);
});

Deno.test("huge attribute values: a 1 MB model name rejects its span; a body past 10 MiB is a 413", async () => {
  const app = `otlp-huge-${RUN}`;
  const huge = await post(exportBody(app, [
    llmSpan(20, { "gen_ai.request.model": { stringValue: "m".repeat(1_000_000) } }),
    llmSpan(21, { "ai.prompt": { stringValue: "p".repeat(5_000_000) } }),
  ]));
  assert.equal(huge.status, 200);
  assert.equal(JSON.parse(huge.text).partialSuccess.rejectedSpans, "1");
  assert.match(JSON.parse(huge.text).partialSuccess.errorMessage, /model: must be at most 200 characters/);
  assert.equal(await storedFor(app), 1);
  const over = await post(
    exportBody(`otlp-over-${RUN}`, [llmSpan(2, { x: { stringValue: "x".repeat(11 * 1024 * 1024) } })]),
  );
  assert.equal(over.status, 413);
  assert.equal(await storedFor(`otlp-over-${RUN}`), 0);
});

Deno.test("content types, methods and keys", async () => {
  const body = exportBody(`otlp-keys-${RUN}`, [llmSpan(3)]);
  assert.equal((await post(body, "text/plain")).status, 415);
  assert.equal((await post(body, "application/json", { "content-encoding": "br" })).status, 415);
  const noKey = await fetch(url(), { method: "POST", headers: { "content-type": "application/json" }, body });
  assert.equal(noKey.status, 401);
  await noKey.body?.cancel();
  const anon = await fetch(url(), {
    method: "POST",
    headers: { "content-type": "application/json", apikey: stackEnv.publishableKey },
    body,
  });
  assert.equal(anon.status, 401);
  await anon.body?.cancel();
  const withIngestKey = await fetch(url(), {
    method: "POST",
    headers: { "content-type": "application/json", "x-tokenwatch-key": required("TOKENWATCH_INGEST_KEY") },
    body,
  });
  assert.equal(withIngestKey.status, 200, await withIngestKey.text());
  const get = await fetch(url(), { headers: { apikey: stackEnv.secretKey } });
  assert.equal(get.status, 405);
  await get.body?.cancel();
  assert.ok((await countEvents("otlp")) > 0);
});
