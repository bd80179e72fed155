/**
 * What an OTLP trace export carries, as the `otlp` function reads it: the same shape whether the body was
 * protobuf (decode_protobuf.ts) or OTLP JSON (decode_json.ts). Ids are lowercase hex; attribute values are
 * plain JSON-like values (`intValue` becomes a number when it is a safe integer, else its decimal string;
 * `bytesValue` becomes lowercase hex); times are milliseconds since the epoch.
 */

/** An attribute value: OTLP's AnyValue as a plain value. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

/** A span's, resource's or scope's attributes by key (a key sent twice keeps its last value). */
export type Attributes = ReadonlyMap<string, AttributeValue>;

/** OTLP's span status codes. */
export const STATUS_UNSET = 0;
export const STATUS_OK = 1;
export const STATUS_ERROR = 2;

/** One span with what it inherits from its resource and scope. */
export interface OtlpSpan {
  /** 32 lowercase hex digits, or "" when missing or of the wrong length (the span is then rejected). */
  traceId: string;
  /** 16 lowercase hex digits, or "" when missing or of the wrong length. */
  spanId: string;
  /** 16 lowercase hex digits, or "" for a root span. */
  parentSpanId: string;
  name: string;
  /** Start and end in milliseconds since the epoch (fractions kept), NaN when missing. */
  startMs: number;
  endMs: number;
  statusCode: number;
  statusMessage: string;
  attributes: Attributes;
  resource: Attributes;
  scopeName: string;
}

/** A decoded export request: its spans in the order they were sent. */
export interface ExportRequest {
  spans: OtlpSpan[];
}

/** The lowercase hex form of bytes. */
export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** A trace id (16 bytes) or span id (8 bytes) as hex, "" when it has another length or is all zeros. */
export function idHex(hex: string, bytes: 16 | 8): string {
  if (hex.length !== bytes * 2 || !/^[0-9a-f]+$/.test(hex) || /^0+$/.test(hex)) return "";
  return hex;
}

/** A 64-bit integer's decimal text as a number when it is a safe integer, else the text itself. */
export function int64Value(text: string): number | string {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : text;
}
