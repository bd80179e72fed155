/**
 * The Vercel AI SDK (`ai` 6) with its mock language model and telemetry on, exporting through the
 * OpenTelemetry SDK's protobuf exporter to the running `otlp` function: each generateText call is stored
 * once with the usage the model reported, whether the outer `ai.generateText` span arrives in the same
 * export request as its `ai.generateText.doGenerate` step (batch processor) or in its own (simple processor).
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import {
  BatchSpanProcessor,
  generateText,
  MockLanguageModelV3,
  OTLPProtoTraceExporter,
  resourceFromAttributes,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from "../helpers/otel_sdk.ts";

const RUN = crypto.randomUUID().slice(0, 8);

/** The usage the mock model reports: 1,500 input (300 uncached + 1,000 read + 200 written), 120 output (20 reasoning). */
function mockModel(): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    provider: "openai.chat",
    modelId: "gpt-4o-mini",
    doGenerate: () =>
      Promise.resolve({
        content: [{ type: "text", text: "Hello!" }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: { total: 1500, noCache: 300, cacheRead: 1000, cacheWrite: 200 },
          outputTokens: { total: 120, text: 100, reasoning: 20 },
        },
        warnings: [],
      }),
  });
}

async function run(
  app: string,
  processor: (exporter: OTLPProtoTraceExporter) => SpanProcessor,
): Promise<void> {
  const exporter = new OTLPProtoTraceExporter({
    url: `${stackEnv.url}/functions/v1/otlp/v1/traces`,
    headers: { apikey: stackEnv.secretKey },
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": app }),
    spanProcessors: [processor(exporter)],
  });
  const tracer = provider.getTracer("ai");
  for (let i = 0; i < 2; i++) {
    const result = await generateText({
      model: mockModel(),
      prompt: "Say hello",
      experimental_telemetry: { isEnabled: true, tracer, functionId: "greet" },
    });
    assert.equal(result.text, "Hello!");
  }
  await provider.forceFlush();
  await provider.shutdown();
}

async function stored(app: string) {
  const sql = connect();
  try {
    return await sql<Record<string, unknown>[]>`
      select provider, model, input_tokens::int, cache_read_tokens::int, cache_write_tokens::int,
             output_tokens::int, reasoning_tokens::int, metadata->>'span_name' as span_name
      from monitoring.usage_events where source = 'otlp' and app = ${app}`;
  } finally {
    await sql.end();
  }
}

const EACH_CALL = {
  provider: "openai",
  model: "gpt-4o-mini",
  input_tokens: 1500,
  cache_read_tokens: 1000,
  cache_write_tokens: 200,
  output_tokens: 120,
  reasoning_tokens: 20,
  span_name: "ai.generateText.doGenerate",
};

Deno.test("generateText with telemetry: each call stored once with the model's usage (one export request)", async () => {
  const app = `otlp-ai-batch-${RUN}`;
  await run(app, (exporter) => new BatchSpanProcessor({ exporter }));
  assert.deepEqual([...await stored(app)], [EACH_CALL, EACH_CALL]);
});

Deno.test("generateText with telemetry: the outer span in a request of its own is still not counted", async () => {
  const app = `otlp-ai-simple-${RUN}`;
  await run(app, (exporter) => new SimpleSpanProcessor({ exporter }));
  assert.deepEqual([...await stored(app)], [EACH_CALL, EACH_CALL]);
});
