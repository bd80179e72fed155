/**
 * Real exporters against the running `otlp` function: the OpenTelemetry JS SDK with its OTLP protobuf and
 * JSON (gzip) exporters, spans of every dialect in one export; the stored events carry exactly the tokens
 * the spans carried, each LLM call once (the wrapper span above an instrumented call is not counted), and a
 * retried export stores nothing new.
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  OTLPJsonTraceExporter,
  OTLPProtoTraceExporter,
  ProtobufTraceSerializer,
  type ReadableSpan,
  resourceFromAttributes,
  ROOT_CONTEXT,
  SimpleSpanProcessor,
  type Span,
  SpanStatusCode,
  trace,
  type Tracer,
  TracerProvider,
} from "../helpers/otel_sdk.ts";

const RUN = crypto.randomUUID().slice(0, 8);
const endpoint = () => `${stackEnv.url}/functions/v1/otlp/v1/traces`;

interface Row {
  request_id: string;
  provider: string;
  model: string;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  status: string;
  error_type: string | null;
  conversation_id: string | null;
  user_id: string | null;
  environment: string | null;
  dialect: string;
  span_name: string;
}

async function stored(app: string): Promise<Row[]> {
  const sql = connect();
  try {
    return await sql<Row[]>`
      select request_id, provider, model, input_tokens::int, cache_read_tokens::int, cache_write_tokens::int,
             output_tokens::int, reasoning_tokens::int, status, error_type, conversation_id, user_id,
             environment, metadata->>'dialect' as dialect, metadata->>'span_name' as span_name
      from monitoring.usage_events where source = 'otlp' and app = ${app} order by metadata->>'span_name'`;
  } finally {
    await sql.end();
  }
}

/**
 * One trace of every dialect: a workflow span with no usage; a GenAI wrapper span whose child carries the
 * same call's usage (only the child counts); an OpenInference LLM span; a Langfuse generation; a failed call
 * with a model and no usage.
 */
function emitTrace(tracer: Tracer): void {
  // Parents are passed explicitly: no context manager is registered in the test process.
  const root = tracer.startSpan("workflow");
  const under = (parent: Span) => trace.setSpan(ROOT_CONTEXT, parent);
  {
    {
      const wrapper = tracer.startSpan("llm wrapper", {}, under(root));
      wrapper.setAttributes({
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.output_tokens": 80,
        "gen_ai.request.model": "gpt-4o",
      });
      const inner = tracer.startSpan("chat gpt-4o", {}, under(wrapper));
      inner.setAttributes({
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.response.model": "gpt-4o-2024-08-06",
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.cache_read.input_tokens": 1000,
        "gen_ai.usage.output_tokens": 80,
        "gen_ai.usage.reasoning.output_tokens": 30,
        "gen_ai.conversation.id": "conv-1",
        "user.id": "u-7",
      });
      inner.end();
      wrapper.end();
    }
    const oi = tracer.startSpan("openinference llm", {}, under(root));
    oi.setAttributes({
      "openinference.span.kind": "LLM",
      "llm.model_name": "claude-sonnet-4-5",
      "llm.provider": "anthropic",
      "llm.token_count.prompt": 500,
      "llm.token_count.prompt_details.cache_read": 100,
      "llm.token_count.prompt_details.cache_write": 50,
      "llm.token_count.completion": 50,
      "session.id": "sess-9",
    });
    oi.end();
    const lf = tracer.startSpan("langfuse generation", {}, under(root));
    lf.setAttributes({
      "langfuse.observation.type": "generation",
      "langfuse.observation.model.name": "gpt-4o-mini",
      // Disjoint buckets: input 300 + cached 200 = 500 input tokens; output 40 + reasoning 10 = 50.
      "langfuse.observation.usage_details": JSON.stringify({
        input: 300,
        input_cached_tokens: 200,
        output: 40,
        output_reasoning_tokens: 10,
        total: 550,
      }),
    });
    lf.end();
    const failed = tracer.startSpan("chat failed", {}, under(root));
    failed.setAttributes({
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.system": "openai",
      "error.type": "429",
    });
    failed.setStatus({ code: SpanStatusCode.ERROR, message: "rate limited" });
    failed.end();
    root.end();
  }
}

/** What emitTrace's spans must become, per span name (in the order stored() sorts them). */
const EXPECTED = [
  {
    span_name: "chat failed",
    dialect: "gen_ai",
    provider: "openai",
    model: "gpt-4o",
    input_tokens: 0,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    output_tokens: 0,
    reasoning_tokens: 0,
    status: "error",
    error_type: "429",
    conversation_id: null,
    user_id: null,
  },
  {
    span_name: "chat gpt-4o",
    dialect: "gen_ai",
    provider: "openai",
    model: "gpt-4o-2024-08-06",
    input_tokens: 1200,
    cache_read_tokens: 1000,
    cache_write_tokens: 0,
    output_tokens: 80,
    reasoning_tokens: 30,
    status: "ok",
    error_type: null,
    conversation_id: "conv-1",
    user_id: "u-7",
  },
  {
    span_name: "langfuse generation",
    dialect: "langfuse",
    provider: "openai", // inferred from gpt-4o-mini
    model: "gpt-4o-mini",
    input_tokens: 500,
    cache_read_tokens: 200,
    cache_write_tokens: 0,
    output_tokens: 50,
    reasoning_tokens: 10,
    status: "ok",
    error_type: null,
    conversation_id: null,
    user_id: null,
  },
  {
    span_name: "openinference llm",
    dialect: "openinference",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    input_tokens: 500,
    cache_read_tokens: 100,
    cache_write_tokens: 50,
    output_tokens: 50,
    reasoning_tokens: 0,
    status: "ok",
    error_type: null,
    conversation_id: "sess-9",
    user_id: null,
  },
];

async function exportWith(
  exporter: OTLPProtoTraceExporter | OTLPJsonTraceExporter,
  app: string,
): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": app, "deployment.environment.name": "test" }),
    // One batch: the whole trace goes out in one export request, as the BatchSpanProcessor sends it.
    spanProcessors: [new BatchSpanProcessor({ exporter }), new SimpleSpanProcessor({ exporter: memory })],
  });
  emitTrace(tracerProvider.getTracer("otlp-test"));
  await tracerProvider.forceFlush();
  const spans = memory.getFinishedSpans();
  await tracerProvider.shutdown();
  return spans;
}

function check(rows: Row[], app: string): void {
  assert.deepEqual(
    rows.map(({ request_id: _r, environment: _e, ...rest }) => rest),
    EXPECTED,
  );
  for (const row of rows) {
    assert.equal(row.environment, "test");
    assert.match(row.request_id, /^[0-9a-f]{32}-[0-9a-f]{16}$/, app);
  }
}

const headers = () => ({ apikey: stackEnv.secretKey });

Deno.test("the OTLP protobuf exporter's spans are stored, each LLM call once; a retried export adds nothing", async () => {
  const app = `otlp-proto-${RUN}`;
  const exporter = new OTLPProtoTraceExporter({ url: endpoint(), headers: headers() });
  const spans = await exportWith(exporter, app);
  assert.equal(spans.length, 6);
  check(await stored(app), app);

  // The exporter retries a failed export with the same spans: export them again by hand.
  const again = new OTLPProtoTraceExporter({ url: endpoint(), headers: headers() });
  const result = await new Promise<{ code: number; error?: Error }>((resolve) =>
    again.export(spans, resolve)
  );
  assert.equal(result.code, 0, String(result.error));
  await again.shutdown();
  check(await stored(app), app);
});

Deno.test("the OTLP JSON exporter (gzip) gives the same events", async () => {
  const app = `otlp-json-${RUN}`;
  const exporter = new OTLPJsonTraceExporter({
    url: endpoint(),
    headers: headers(),
    compression: "gzip" as never,
  });
  await exportWith(exporter, app);
  check(await stored(app), app);
});

Deno.test("rejected spans are reported in partialSuccess, in the request's content type", async () => {
  const app = `otlp-partial-${RUN}`;
  const memory = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": app }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  emitTrace(tracerProvider.getTracer("otlp-test"));
  const body = ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!;
  await tracerProvider.shutdown();
  const response = await fetch(endpoint(), {
    method: "POST",
    headers: { ...headers(), "content-type": "application/x-protobuf" },
    body: body as BodyInit,
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/x-protobuf");
  const decoded = ProtobufTraceSerializer.deserializeResponse(new Uint8Array(await response.arrayBuffer()));
  // 6 spans, 4 stored: the workflow span (no usage) and the wrapper (its child is counted) are rejected.
  assert.equal(Number(decoded.partialSuccess?.rejectedSpans), 2, JSON.stringify(decoded));
  assert.equal(
    decoded.partialSuccess?.errorMessage,
    "2 of 6 spans not stored: 1 a span below it carries usage too; only the innermost is counted; " +
      "1 not an LLM call (no usage attributes)",
  );
  assert.equal((await stored(app)).length, 4);
});
