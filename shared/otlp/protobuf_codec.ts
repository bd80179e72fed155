/**
 * Decodes an OTLP/HTTP protobuf body (`application/x-protobuf`, an ExportTraceServiceRequest) with pbf and
 * the reader compiled from shared/otlp/proto/trace_subset.proto. A body that is not such a message (cut
 * short, a wrong wire type, a length past its end) throws {@link UndecodableBody}; one that decodes yields
 * every span, each checked later on its own.
 */
import { PbfReader, PbfWriter } from "../deps/pbf.ts";
import {
  type AnyValue,
  type KeyValue,
  readExportTraceServiceRequest,
  writeExportTraceServiceResponse,
  writeRpcStatus,
} from "./proto/trace_pb.js";
import {
  type Attributes,
  type AttributeValue,
  type ExportRequest,
  idHex,
  type OtlpSpan,
  toHex,
} from "./model.ts";

/** The body is not a message of the expected type; the message says why. */
export class UndecodableBody extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UndecodableBody";
  }
}

function anyValue(value: AnyValue | undefined): AttributeValue {
  switch (value?.value) {
    case "string_value":
      return value.string_value;
    case "bool_value":
      return value.bool_value;
    case "int_value":
      return value.int_value;
    case "double_value":
      return value.double_value;
    case "bytes_value":
      return toHex(value.bytes_value ?? new Uint8Array(0));
    case "array_value":
      return (value.array_value?.values ?? []).map(anyValue);
    case "kvlist_value":
      return Object.fromEntries(attributeMap(value.kvlist_value?.values ?? []));
    default:
      return null;
  }
}

function attributeMap(values: readonly KeyValue[]): Map<string, AttributeValue> {
  const map = new Map<string, AttributeValue>();
  for (const { key, value } of values) map.set(key, anyValue(value));
  return map;
}

const hexOf = (bytes: Uint8Array | undefined, size: 16 | 8): string => bytes ? idHex(toHex(bytes), size) : "";

/** Decodes an ExportTraceServiceRequest; throws {@link UndecodableBody} when the bytes are not one. */
export function decodeProtobufRequest(bytes: Uint8Array): ExportRequest {
  const reader = new PbfReader(bytes);
  let request;
  try {
    request = readExportTraceServiceRequest(reader);
  } catch (error) {
    throw new UndecodableBody(`not a protobuf ExportTraceServiceRequest: ${(error as Error).message}`);
  }
  // A length that points past the end (a body cut short) leaves the reader beyond the last byte.
  if (reader.pos !== bytes.length) {
    throw new UndecodableBody(
      `not a protobuf ExportTraceServiceRequest: a field runs past the end of the body (byte ${reader.pos} of ${bytes.length}); was it cut short?`,
    );
  }
  const spans: OtlpSpan[] = [];
  for (const resourceSpans of request.resource_spans) {
    const resource: Attributes = attributeMap(resourceSpans.resource?.attributes ?? []);
    for (const scopeSpans of resourceSpans.scope_spans) {
      const scopeName = scopeSpans.scope?.name ?? "";
      for (const span of scopeSpans.spans) {
        spans.push({
          traceId: hexOf(span.trace_id, 16),
          spanId: hexOf(span.span_id, 8),
          parentSpanId: hexOf(span.parent_span_id, 8),
          name: span.name,
          startMs: span.start_time_unix_nano ? span.start_time_unix_nano / 1e6 : NaN,
          endMs: span.end_time_unix_nano ? span.end_time_unix_nano / 1e6 : NaN,
          statusCode: span.status?.code ?? 0,
          statusMessage: span.status?.message ?? "",
          attributes: attributeMap(span.attributes),
          resource,
          scopeName,
        });
      }
    }
  }
  return { spans };
}

/** An ExportTraceServiceResponse: empty, or with `partial_success` when spans were rejected. */
export function encodeProtobufResponse(rejectedSpans: number, errorMessage: string): Uint8Array {
  const writer = new PbfWriter();
  writeExportTraceServiceResponse(
    rejectedSpans > 0 || errorMessage !== ""
      ? { partial_success: { rejected_spans: rejectedSpans, error_message: errorMessage } }
      : {},
    writer,
  );
  return writer.finish();
}

/** A google.rpc.Status (code and message), the body of an OTLP/HTTP error answer. */
export function encodeProtobufStatus(code: number, message: string): Uint8Array {
  const writer = new PbfWriter();
  writeRpcStatus({ code, message }, writer);
  return writer.finish();
}
