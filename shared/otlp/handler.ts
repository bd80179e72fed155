/**
 * The `otlp` Edge Function's handler (supabase/functions/otlp/index.ts only serves it): an OTLP/HTTP trace
 * receiver at `POST /functions/v1/otlp/v1/traces` (exporters append `/v1/traces` to
 * `OTEL_EXPORTER_OTLP_ENDPOINT`). Spans that are LLM calls become usage events and are stored exactly as
 * ingest stores them: each validated by shared/usage/validate_batch.ts `normaliseEvent`, the batch stored by
 * shared/ingest/store_events.ts in one statement (priced by the database, idempotent on
 * `(source, request_id)`, request_id = trace id + span id, so a retried export stores nothing twice).
 *
 * | request | answer (in the request's content type: protobuf or JSON) |
 * | --- | --- |
 * | spans stored, none rejected | 200 `ExportTraceServiceResponse` without `partial_success` |
 * | some spans not LLM calls, or invalid | 200 with `partialSuccess.rejectedSpans` and `errorMessage` saying why |
 * | a body that does not decode (protobuf cut short, not JSON, wrong types), more than {@link MAX_EVENTS} LLM spans | 400 `google.rpc.Status` (nothing stored) |
 * | no or wrong credentials (secret key, or TOKENWATCH_INGEST_KEY as Bearer, `apikey`, `x-tokenwatch-key`) | 401 |
 * | not POST | 405; another path 404 |
 * | body over 10 MiB (after gzip decompression) | 413 |
 * | content type other than `application/x-protobuf` / `application/json`, encoding other than gzip | 415 |
 */
import { requireCredential } from "../http/credentials.ts";
import { badRequest, HttpError, methodNotAllowed, unsupportedMediaType } from "../http/errors.ts";
import type { HandlerDeps } from "../http/handler_deps.ts";
import { INGEST_KEY_SECRET, refusedByDatabase } from "../ingest/handler.ts";
import { readBodyCapped } from "../ingest/read_body.ts";
import { storeEvents, type StoreResult } from "../ingest/store_events.ts";
import type { CanonicalEvent } from "../usage/canonical_event.ts";
import { MAX_BODY_BYTES, MAX_EVENTS } from "../usage/parse_body.ts";
import { tokenizeBudget } from "../usage/token_counter.ts";
import { normaliseEvent } from "../usage/validate_batch.ts";
import { decodeJsonRequest, encodeJsonResponse } from "./json_codec.ts";
import type { ExportRequest } from "./model.ts";
import {
  decodeProtobufRequest,
  encodeProtobufResponse,
  encodeProtobufStatus,
  UndecodableBody,
} from "./protobuf_codec.ts";
import { planSpans, type Rejection } from "./span_plan.ts";

export { MAX_BODY_BYTES, MAX_EVENTS };

/** The path exporters post traces to, below the function's URL. */
export const TRACES_PATH = "/v1/traces";

/** The most rejected spans an answer's errorMessage describes one by one. */
export const LISTED_REJECTIONS = 5;

/** The two encodings OTLP/HTTP defines. */
export type OtlpFormat = "protobuf" | "json";

/** CORS for browser exporters (they send content-type and, with gzip, content-encoding). */
const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers":
    "authorization, apikey, x-client-info, x-tokenwatch-key, content-type, content-encoding",
  "access-control-max-age": "86400",
};

/** What {@link createOtlpHandler} is built from: the common deps, and test seams. */
export interface OtlpHandlerOptions extends HandlerDeps {
  /** Stores validated events; default storeEvents on `sql()`. */
  store?: (events: CanonicalEvent[]) => Promise<StoreResult>;
  maxBytes?: number;
  maxEvents?: number;
}

/** The request's encoding from its Content-Type, or null for any other type. */
export function otlpFormat(contentType: string | null): OtlpFormat | null {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

/** gRPC status codes for the OTLP/HTTP error body (google.rpc.Status.code). */
const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 404: 5, 405: 12, 413: 8, 415: 3 };

function answer(
  format: OtlpFormat,
  status: number,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
) {
  return new Response(body as BodyInit, {
    status,
    headers: {
      "content-type": format === "protobuf" ? "application/x-protobuf" : "application/json",
      ...CORS_HEADERS,
      ...headers,
    },
  });
}

function errorAnswer(format: OtlpFormat, error: unknown): Response {
  if (!(error instanceof HttpError)) {
    console.error(error);
    error = new HttpError(500, "Internal error");
  }
  const { status, message, problems, headers } = error as HttpError;
  const code = GRPC_CODE[status] ?? 13;
  if (format === "protobuf") return answer(format, status, encodeProtobufStatus(code, message), headers);
  const body: Record<string, unknown> = { code, message };
  if (problems.length > 0) body.problems = problems;
  return answer(format, status, JSON.stringify(body), headers);
}

function rejectionMessage(total: number, rejected: Rejection[], spanLabel: (i: number) => string): string {
  if (rejected.length === 0) return "";
  const counts = new Map<string, number>();
  for (const r of rejected) {
    const what = r.reason === "invalid" ? "invalid" : r.message;
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  const summary = [...counts].map(([what, n]) => `${n} ${what}`).join("; ");
  const invalid = rejected.filter((r) => r.reason === "invalid");
  const listed = invalid.slice(0, LISTED_REJECTIONS).map((r) => `${spanLabel(r.span)}: ${r.message}`);
  const more = invalid.length > listed.length ? ` (and ${invalid.length - listed.length} more)` : "";
  return `${rejected.length} of ${total} spans not stored: ${summary}${
    listed.length > 0 ? `. Invalid: ${listed.join("; ")}${more}` : ""
  }`;
}

/** Builds the handler that supabase/functions/otlp/index.ts serves. */
export function createOtlpHandler(opts: OtlpHandlerOptions): (request: Request) => Promise<Response> {
  const store = opts.store ?? ((events) => storeEvents(opts.sql(), events));
  const maxBytes = opts.maxBytes ?? MAX_BODY_BYTES;
  const maxEvents = opts.maxEvents ?? MAX_EVENTS;

  async function receive(request: Request, format: OtlpFormat): Promise<Response> {
    const body = await readBodyCapped(request, { maxBytes });
    let decoded: ExportRequest;
    try {
      decoded = format === "protobuf" ? decodeProtobufRequest(body) : decodeJsonRequest(body);
    } catch (error) {
      if (error instanceof UndecodableBody) {
        throw badRequest(`${error.message}; nothing was stored`, [{ field: "body", message: error.message }]);
      }
      throw error;
    }
    const { spans } = decoded;
    const plan = planSpans(spans);
    if (plan.events.length > maxEvents) {
      throw badRequest(
        `${plan.events.length} LLM-call spans in one request; at most ${maxEvents} are accepted (lower the exporter's batch size, OTEL_BSP_MAX_EXPORT_BATCH_SIZE); nothing was stored`,
      );
    }
    const rejected = [...plan.rejected];
    const accepted: CanonicalEvent[] = [];
    const seen = new Set<string>();
    const options = { now: opts.now?.() ?? new Date(), budget: tokenizeBudget() };
    for (const { span, event } of plan.events) {
      const result = await normaliseEvent(event, options);
      if (!result.ok) {
        const message = result.errors.map((e) => `${e.field}: ${e.message}`).join(", ");
        rejected.push({ span, reason: "invalid", message });
        continue;
      }
      // The same span twice in one request is one call (the database would keep one anyway).
      if (seen.has(result.event.request_id)) continue;
      seen.add(result.event.request_id);
      accepted.push(result.event);
    }
    if (accepted.length > 0) {
      try {
        await store(accepted);
      } catch (error) {
        throw refusedByDatabase(error) ?? error;
      }
    }
    rejected.sort((a, b) => a.span - b.span);
    const label = (i: number) => `span ${spans[i].spanId || `#${i}`} (${spans[i].name.slice(0, 80)})`;
    const message = rejectionMessage(spans.length, rejected, label);
    return format === "protobuf"
      ? answer(format, 200, encodeProtobufResponse(rejected.length, message))
      : answer(format, 200, encodeJsonResponse(rejected.length, message));
  }

  return async (request: Request): Promise<Response> => {
    const format = otlpFormat(request.headers.get("content-type"));
    try {
      if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS_HEADERS });
      requireCredential(request, { extraKeySecrets: [INGEST_KEY_SECRET], secrets: opts.secrets });
      if (request.method !== "POST") throw methodNotAllowed(["POST", "OPTIONS"]);
      const path = new URL(request.url).pathname.replace(/\/+$/, "");
      if (!path.endsWith(TRACES_PATH)) {
        throw new HttpError(404, `No such endpoint; send traces to ${TRACES_PATH} below the function's URL`);
      }
      if (format === null) {
        throw unsupportedMediaType(
          `unsupported Content-Type "${
            request.headers.get("content-type") ?? ""
          }"; send application/x-protobuf or application/json`,
        );
      }
      return await receive(request, format);
    } catch (error) {
      await request.body?.cancel().catch(() => {});
      return errorAnswer(format ?? "json", error);
    }
  };
}
