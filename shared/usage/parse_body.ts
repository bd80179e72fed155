/**
 * Parses an ingest request body into raw events, by content type:
 *
 * - `application/json`: one event object, or an array of them;
 * - `application/x-ndjson`, `application/ndjson` or `application/jsonl`: one JSON object per line, blank
 *   lines ignored, problems reported by line number (1-based).
 *
 * A `charset` other than UTF-8 is refused, and so are bytes that are not valid UTF-8. At most `maxEvents`
 * events (default {@link MAX_EVENTS}, 5,000) and `maxBytes` bytes (default {@link MAX_BODY_BYTES}, 10 MiB)
 * per request. Never throws for bad input: every outcome is a value, and {@link PARSE_ERROR_STATUS} says
 * which HTTP status each kind of failure deserves.
 *
 * Each event's `metadata` object is also returned as the source text it was sent as (`metadataSources`), so
 * that it can be stored exactly as sent: parsed into JavaScript values, integers past 2^53 and decimals
 * past 17 digits would change.
 */

import { childSpans, type JsonSpan, memberSource, valueSpan } from "./json_source.ts";

/** Why a body could not be parsed. */
export type ParseBodyErrorKind =
  | "unsupported_media_type"
  | "too_large"
  | "too_many"
  | "invalid_encoding"
  | "empty"
  | "invalid_json";

/** The HTTP status for each kind of parse failure. */
export const PARSE_ERROR_STATUS: Record<ParseBodyErrorKind, number> = {
  unsupported_media_type: 415,
  too_large: 413,
  too_many: 413,
  invalid_encoding: 400,
  empty: 400,
  invalid_json: 400,
};

/** A problem with one NDJSON line. */
export interface LineError {
  line: number;
  message: string;
}

/**
 * The outcome of {@link parseBody}. For NDJSON, `lines[i]` is the line number event `i` came from;
 * `metadataSources[i]` is the source text of event `i`'s `metadata` when it is a JSON object.
 */
export type ParseBodyResult =
  | {
    ok: true;
    format: "json" | "ndjson";
    events: unknown[];
    lines?: number[];
    metadataSources?: (string | undefined)[];
  }
  | { ok: false; kind: ParseBodyErrorKind; message: string; lines?: LineError[] };

/** Options for {@link parseBody}. */
export interface ParseBodyOptions {
  /** Most events accepted in one request; default 5,000. */
  maxEvents?: number;
  /** Most bytes accepted in one request; default 10 MiB. */
  maxBytes?: number;
}

/** Default most events in one request. */
export const MAX_EVENTS = 5_000;

/** Default most bytes in one request body. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

const NDJSON_TYPES = new Set(["application/x-ndjson", "application/ndjson", "application/jsonl"]);

type Failure = Extract<ParseBodyResult, { ok: false }>;
const fail = (kind: ParseBodyErrorKind, message: string, lines?: LineError[]): Failure =>
  lines ? { ok: false, kind, message, lines } : { ok: false, kind, message };

const isObject = (value: unknown): boolean =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Whether a parsed event has a `metadata` object (whose source text is then looked up). */
const hasMetadataObject = (event: unknown): boolean =>
  isObject(event) && isObject((event as Record<string, unknown>).metadata);

/** The source text of the `metadata` object of the event at `span`, when the parsed event has one. */
function metadataSource(text: string, span: JsonSpan, event: unknown): string | undefined {
  return hasMetadataObject(event) ? memberSource(text, span, "metadata") : undefined;
}

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: `invalid JSON: ${(e as Error).message}` };
  }
}

/** Parses a request body of the given content type into raw events (not yet validated). */
export function parseBody(
  body: string | Uint8Array,
  contentType: string | null | undefined,
  opts: ParseBodyOptions = {},
): ParseBodyResult {
  const maxEvents = opts.maxEvents ?? MAX_EVENTS;
  const maxBytes = opts.maxBytes ?? MAX_BODY_BYTES;
  const [mediaType, ...params] = (contentType ?? "").split(";").map((part) => part.trim().toLowerCase());
  const format = mediaType === "application/json" ? "json" : NDJSON_TYPES.has(mediaType) ? "ndjson" : null;
  if (!format) {
    return fail(
      "unsupported_media_type",
      `unsupported content type "${contentType ?? ""}"; send application/json or application/x-ndjson`,
    );
  }
  const charset = params.find((param) => param.startsWith("charset="))?.slice("charset=".length).replace(
    /"/g,
    "",
  );
  if (charset && charset !== "utf-8" && charset !== "utf8") {
    return fail("unsupported_media_type", `unsupported charset "${charset}"; send UTF-8`);
  }

  const bytes = typeof body === "string" ? new TextEncoder().encode(body).length : body.length;
  if (bytes > maxBytes) return fail("too_large", `body is ${bytes} bytes; at most ${maxBytes} accepted`);
  let text: string;
  try {
    text = typeof body === "string"
      ? body.replace(/^\uFEFF/, "")
      : new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return fail("invalid_encoding", "body is not valid UTF-8");
  }
  if (text.trim() === "") return fail("empty", "body is empty; send one event or more");
  const tooMany = (n: number): Failure =>
    fail("too_many", `${n} events in one request; at most ${maxEvents} accepted`);

  if (format === "json") {
    const parsed = parseJson(text);
    if ("error" in parsed) return fail("invalid_json", parsed.error);
    const { value } = parsed;
    if (!Array.isArray(value) && !isObject(value)) {
      return fail("invalid_json", "expected a JSON object or an array of objects");
    }
    const events = Array.isArray(value) ? value : [value];
    if (events.length === 0) return fail("empty", "the array holds no events");
    if (events.length > maxEvents) return tooMany(events.length);
    // Finding the spans scans the whole text: only done when some event has a metadata object.
    if (!events.some(hasMetadataObject)) {
      return {
        ok: true,
        format,
        events,
        metadataSources: events.map(() => undefined),
      };
    }
    const whole = valueSpan(text);
    const spans = Array.isArray(value) ? childSpans(text, whole) : [whole];
    const metadataSources = events.map((event, i) => metadataSource(text, spans[i], event));
    return { ok: true, format, events, metadataSources };
  }

  const numbered = text.split(/\r?\n/).map((line, i) => ({ line: i + 1, text: line })).filter((l) =>
    l.text.trim() !== ""
  );
  if (numbered.length > maxEvents) return tooMany(numbered.length);
  const events: unknown[] = [];
  const lines: number[] = [];
  const errors: LineError[] = [];
  const metadataSources: (string | undefined)[] = [];
  for (const { line, text: json } of numbered) {
    const parsed = parseJson(json);
    if ("error" in parsed) errors.push({ line, message: parsed.error });
    else if (!isObject(parsed.value)) {
      errors.push({ line, message: "expected a JSON object (one event per line)" });
    } else {
      events.push(parsed.value);
      lines.push(line);
      metadataSources.push(metadataSource(json, valueSpan(json), parsed.value));
    }
  }
  if (errors.length > 0) {
    return fail("invalid_json", `${errors.length} of ${numbered.length} lines are not JSON objects`, errors);
  }
  return { ok: true, format, events, lines, metadataSources };
}
