/**
 * One span → one ingest event (the raw event shared/usage/validate_batch.ts `normaliseEvent` validates, the
 * same as an event POSTed to ingest). The span's usage comes from its dialect (dialect_*.ts); the rest from
 * the span and its resource:
 *
 * | event field | from |
 * | --- | --- |
 * | `request_id` | `<trace id>-<span id>` (hex): a retried export stores nothing new |
 * | `source` | `otlp` |
 * | `occurred_at`, `latency_ms` | the span's start time, and its end minus its start |
 * | `status`, `error_type` | status code ERROR → `error`, with `error.type` (else `span_status_error`) |
 * | `model`, `provider` | the dialect's (response model first) |
 * | the dimensions | {@link DIMENSION_ATTRIBUTES}: span attributes first, then resource attributes |
 * | `metadata` | `{trace_id, span_id, parent_span_id, span_name, scope, dialect}`, and the status message |
 *
 * A new dimension is one more entry in {@link DIMENSION_ATTRIBUTES}.
 */
import { attributeValue, labelValue } from "./attributes.ts";
import type { UsageReading } from "./dialect.ts";
import { type OtlpSpan, STATUS_ERROR } from "./model.ts";

/** The `source` of every event the otlp function stores. */
export const OTLP_SOURCE = "otlp";

/** The status message kept in metadata is cut to this many characters. */
export const MAX_STATUS_MESSAGE = 1000;

/** Where each dimension of the event is read: span attribute names, then resource attribute names. */
export const DIMENSION_ATTRIBUTES: Readonly<
  Record<string, { span: readonly string[]; resource: readonly string[] }>
> = {
  conversation_id: { span: ["gen_ai.conversation.id", "session.id", "langfuse.session.id"], resource: [] },
  user_id: { span: ["user.id", "enduser.id", "langfuse.user.id"], resource: ["user.id", "enduser.id"] },
  customer_id: { span: ["tokenwatch.customer_id"], resource: ["tokenwatch.customer_id"] },
  app: { span: [], resource: ["service.name"] },
  environment: {
    span: [],
    resource: ["deployment.environment.name", "deployment.environment"],
  },
};

/** The OpenTelemetry SDKs' default service.name when none is set (`unknown_service`, `unknown_service:node`). */
const UNKNOWN_SERVICE = /^unknown_service(?::|$)/;

/** The span's request id: trace id and span id in hex. */
export const spanRequestId = (span: OtlpSpan): string => `${span.traceId}-${span.spanId}`;

function dimensions(span: OtlpSpan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, where] of Object.entries(DIMENSION_ATTRIBUTES)) {
    const value = attributeValue(span.attributes, where.span) ??
      attributeValue(span.resource, where.resource);
    if (value === undefined) continue;
    const label = labelValue(value);
    if (field === "app" && label !== undefined && UNKNOWN_SERVICE.test(label)) continue;
    out[field] = label ?? value;
  }
  return out;
}

/** The ingest event of an LLM-call span read as `reading`. */
export function spanEvent(span: OtlpSpan, reading: UsageReading): Record<string, unknown> {
  const failed = span.statusCode === STATUS_ERROR;
  const event: Record<string, unknown> = {
    request_id: spanRequestId(span),
    source: OTLP_SOURCE,
    ...reading.tokens,
    model: reading.model,
    provider: reading.provider,
    status: failed ? "error" : "ok",
    error_type: failed ? labelValue(span.attributes.get("error.type")) ?? "span_status_error" : undefined,
    ...dimensions(span),
    metadata: {
      trace_id: span.traceId,
      span_id: span.spanId,
      ...(span.parentSpanId ? { parent_span_id: span.parentSpanId } : {}),
      span_name: span.name.slice(0, 200),
      scope: span.scopeName.slice(0, 200),
      dialect: reading.dialect,
      ...(span.statusMessage ? { status_message: span.statusMessage.slice(0, MAX_STATUS_MESSAGE) } : {}),
    },
  };
  if (Number.isFinite(span.startMs)) {
    const start = new Date(span.startMs);
    // A time past what a Date holds is sent as text that the event's validation refuses.
    event.occurred_at = Number.isNaN(start.getTime())
      ? `start_time_unix_nano ${span.startMs} ms`
      : start.toISOString();
  }
  if (Number.isFinite(span.startMs) && Number.isFinite(span.endMs)) {
    event.latency_ms = Math.max(0, span.endMs - span.startMs);
  }
  for (const field of Object.keys(event)) if (event[field] === undefined) delete event[field];
  return event;
}
