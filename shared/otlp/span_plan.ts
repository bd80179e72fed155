/**
 * Which spans of an export request are LLM calls, and the ingest event of each. A span is an LLM call when
 * a dialect reads usage from it (the first of {@link DIALECTS} that detects its attributes) and it is not
 * an aggregate (dialect.ts) nor an ancestor of another span with usage (span_tree.ts); a failed span that
 * names a model but carries no usage is a failed LLM call (stored with status `error` and no tokens).
 * Every other span is rejected with the reason, which the answer's `partialSuccess` reports.
 */
import { attributeValue } from "./attributes.ts";
import type { Dialect, UsageReading } from "./dialect.ts";
import { GEN_AI_MODEL_KEYS, GEN_AI_PROVIDER_KEYS, genAiDialect } from "./dialect_gen_ai.ts";
import { langfuseDialect } from "./dialect_langfuse.ts";
import { openInferenceDialect } from "./dialect_openinference.ts";
import { vercelAiDialect } from "./dialect_vercel_ai.ts";
import { type OtlpSpan, STATUS_ERROR } from "./model.ts";
import { spanEvent } from "./span_event.ts";
import { outerUsageSpans } from "./span_tree.ts";

/** The dialects, most specific first: a Vercel AI SDK span also carries `gen_ai.usage.*` copies. */
export const DIALECTS: readonly Dialect[] = [
  vercelAiDialect,
  openInferenceDialect,
  langfuseDialect,
  genAiDialect,
];

/** Model attributes that make a failed span without usage a failed LLM call. */
const MODEL_KEYS = [...GEN_AI_MODEL_KEYS, "ai.model.id", "llm.model_name", "langfuse.observation.model.name"];

/** Why a span is not stored. */
export type RejectionReason = "malformed_id" | "no_usage" | "aggregate" | "outer_span" | "invalid";

/** A span that is not stored. */
export interface Rejection {
  span: number;
  reason: RejectionReason;
  message: string;
}

/** The outcome of {@link planSpans}: the events to validate and store, each with its span, and the rest. */
export interface SpanPlan {
  events: { span: number; event: Record<string, unknown> }[];
  rejected: Rejection[];
}

function failedCall(span: OtlpSpan): UsageReading | undefined {
  const model = attributeValue(span.attributes, MODEL_KEYS);
  if (span.statusCode !== STATUS_ERROR || model === undefined) return undefined;
  return {
    dialect: "gen_ai",
    tokens: {},
    model,
    provider: attributeValue(span.attributes, ["ai.model.provider", "llm.provider", ...GEN_AI_PROVIDER_KEYS]),
    aggregate: false,
  };
}

/** Reads every span of a request. */
export function planSpans(spans: readonly OtlpSpan[]): SpanPlan {
  const rejected: Rejection[] = [];
  const readings: (UsageReading | undefined)[] = spans.map((span, i) => {
    if (span.traceId === "" || span.spanId === "") {
      rejected.push({
        span: i,
        reason: "malformed_id",
        message: "traceId must be 16 bytes and spanId 8 bytes, not all zero",
      });
      return undefined;
    }
    const dialect = DIALECTS.find((d) => d.detects(span.attributes));
    const reading = dialect ? dialect.read(span.attributes) : failedCall(span);
    if (!reading) {
      rejected.push({ span: i, reason: "no_usage", message: "not an LLM call (no usage attributes)" });
      return undefined;
    }
    if (reading.aggregate) {
      rejected.push({
        span: i,
        reason: "aggregate",
        message: `sums the LLM calls below it (${reading.dialect}); they are counted instead`,
      });
      return undefined;
    }
    return reading;
  });
  const outer = outerUsageSpans(spans, readings.map((r) => r !== undefined));
  const events: SpanPlan["events"] = [];
  readings.forEach((reading, i) => {
    if (!reading) return;
    if (outer.has(i)) {
      rejected.push({
        span: i,
        reason: "outer_span",
        message: "a span below it carries usage too; only the innermost is counted",
      });
      return;
    }
    events.push({ span: i, event: spanEvent(spans[i], reading) });
  });
  rejected.sort((a, b) => a.span - b.span);
  return { events, rejected };
}
