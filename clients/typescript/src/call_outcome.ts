/**
 * One wrapped call's outcome, and the `ingest` event made from it: the provider's own usage object as
 * returned (ingest maps it onto the token columns: one implementation of that, server-side), the model that
 * served it, the latency, the error status, and the call's context. A stream that did not reach its
 * documented end is flagged in `metadata.stream_incomplete` (`cancelled` or `broken`); when it carried no
 * usage at all, the request's messages and the text received are sent for ingest to count (never stored).
 *
 * @module
 */
import type { StreamEnd } from "./observe_stream.ts";
import type { CallContext, UsageEvent } from "./types.ts";

/** What a wrapped call ended with. */
export interface CallOutcome {
  provider: "openai" | "anthropic";
  /** `model` of the request. */
  requestModel?: string;
  context: CallContext;
  startedAt: number;
  endedAt: number;
  /** The provider's response id. */
  id?: string;
  /** The model that served it (the response's), else the request's. */
  model?: string;
  usage?: Record<string, unknown>;
  /** The error's type (provider code or type, `http_<status>`, or the error's name). */
  errorType?: string;
  httpStatus?: number;
  /** For streams: how it ended. */
  streamEnd?: StreamEnd;
  /** For streams: ms from the call to the first event. */
  firstEventMs?: number;
  /** For streams without usage: the text to count. */
  text?: { messages?: { role: string; content: string }[]; input_text?: string; output_text: string };
}

/** The fields every event gets from the client's options. */
export interface EventDefaults {
  app?: string;
  environment?: string;
  customerId?: string;
  source?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The error type to record for a thrown SDK error. */
export function errorTypeOf(error: unknown): { errorType: string; httpStatus?: number } {
  const e = (isObject(error) ? error : {}) as Record<string, unknown>;
  const status = typeof e.status === "number" ? e.status : undefined;
  const body = isObject(e.error) ? e.error : {};
  const nested = isObject(body.error) ? body.error : {};
  const candidates = [e.code, nested.type, body.code, body.type, e.type];
  const named = candidates.find((value): value is string => typeof value === "string" && value !== "");
  const errorType = named ??
    (status !== undefined
      ? `http_${status}`
      : typeof e.name === "string" && e.name !== ""
      ? e.name
      : "error");
  return { errorType: errorType.slice(0, 200), httpStatus: status };
}

/** The ingest event of an outcome. */
export function eventOf(outcome: CallOutcome, defaults: EventDefaults): UsageEvent {
  const { context } = outcome;
  // Without usage or text ingest has nothing to count: only a failed request may come without.
  const countless = !outcome.usage && !outcome.text;
  const failed = outcome.errorType !== undefined || outcome.streamEnd === "broken" || countless;
  const metadata: Record<string, unknown> = { ...context.metadata };
  if (outcome.streamEnd && outcome.streamEnd !== "complete") metadata.stream_incomplete = outcome.streamEnd;
  if (outcome.httpStatus !== undefined) metadata.http_status = outcome.httpStatus;
  if (outcome.firstEventMs !== undefined) metadata.time_to_first_event_ms = outcome.firstEventMs;
  const event: UsageEvent = {
    request_id: outcome.id ?? crypto.randomUUID(),
    occurred_at: new Date(outcome.startedAt).toISOString(),
    provider: outcome.provider,
    model: outcome.model ?? outcome.requestModel ?? "unknown",
    status: failed ? "error" : "ok",
    latency_ms: Math.max(0, outcome.endedAt - outcome.startedAt),
  };
  if (defaults.source) event.source = defaults.source;
  if (failed) {
    event.error_type = outcome.errorType ??
      (outcome.streamEnd === "cancelled"
        ? "stream_cancelled"
        : outcome.streamEnd
        ? "stream_interrupted"
        : "no_usage");
  }
  if (outcome.usage) event.usage = outcome.usage;
  else if (outcome.text) Object.assign(event, outcome.text);
  const dims: [keyof UsageEvent, string | undefined][] = [
    ["user_id", context.user],
    ["conversation_id", context.conversation],
    ["prompt_variant", context.promptVariant],
    ["customer_id", context.customerId ?? defaults.customerId],
    ["app", context.app ?? defaults.app],
    ["environment", context.environment ?? defaults.environment],
  ];
  for (const [field, value] of dims) {
    if (typeof value === "string" && value !== "") {
      (event as unknown as Record<string, unknown>)[field] = value;
    }
  }
  if (Object.keys(metadata).length > 0) event.metadata = metadata;
  return event;
}
