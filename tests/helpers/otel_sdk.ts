/**
 * The OpenTelemetry JS SDK and its OTLP exporters, pinned, for the tests that send real exports to the
 * `otlp` function (tests/integration/otlp_*_test.ts) and for the bench.
 */
export { ROOT_CONTEXT, type Span, SpanStatusCode, trace, type Tracer } from "npm:@opentelemetry/api@1.10.0";
export {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from "npm:@opentelemetry/sdk-trace@3.1.1";
export { resourceFromAttributes } from "npm:@opentelemetry/resources@3.1.1";
export { OTLPTraceExporter as OTLPProtoTraceExporter } from "npm:@opentelemetry/exporter-trace-otlp-proto@0.301.1";
export { OTLPTraceExporter as OTLPJsonTraceExporter } from "npm:@opentelemetry/exporter-trace-otlp-http@0.301.0";
export { ProtobufTraceSerializer } from "npm:@opentelemetry/otlp-transformer@0.301.1";
/** The Vercel AI SDK 6 (its built-in OpenTelemetry spans: `ai.generateText` around `ai.generateText.doGenerate`). */
export { generateText } from "npm:ai@6.0.325";
export { MockLanguageModelV3 } from "npm:ai@6.0.325/test";
