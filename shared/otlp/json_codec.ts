/**
 * Decodes an OTLP/HTTP JSON body (`application/json`): the protobuf JSON mapping with OTLP's rules
 * (opentelemetry-proto's docs/specification.md, "JSON Protobuf Encoding"): lowerCamelCase keys, trace and
 * span ids as hex strings (not base64), enums as integers, and 64-bit integers (`intValue`, the span times)
 * as decimal strings, also accepted as JSON numbers. Unknown keys are ignored, as the spec asks of
 * receivers. A body that is not JSON, nests past {@link MAX_JSON_NESTING} levels, or whose known fields
 * have the wrong types throws {@link UndecodableBody} naming the first problems.
 */
import { z } from "../deps/zod.ts";
import { nestingProblem } from "../usage/field_checks.ts";
import {
  type Attributes,
  type AttributeValue,
  type ExportRequest,
  idHex,
  int64Value,
  type OtlpSpan,
} from "./model.ts";
import { UndecodableBody } from "./protobuf_codec.ts";

/** How deep a JSON body may nest: the envelope is 8 levels, the rest is for nested attribute values. */
export const MAX_JSON_NESTING = 64;

/** The most problems an undecodable JSON body's message lists. */
const LISTED_PROBLEMS = 10;

const int64 = z.union([
  z.string().regex(/^-?\d+$/, "must be a decimal integer"),
  z.number().int(),
]).transform((value) => typeof value === "number" ? value : int64Value(value));

const unixNano = z.union([
  z.string().regex(/^\d+$/, "must be a decimal integer"),
  z.number().int().nonnegative(),
])
  .transform((value) => typeof value === "number" ? value / 1e6 : Number(BigInt(value) / 1000n) / 1000);

type JsonAnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: JsonAnyValue[] };
  kvlistValue?: { values?: JsonKeyValue[] };
  bytesValue?: string;
};
type JsonKeyValue = { key: string; value?: JsonAnyValue };

const anyValue: z.ZodType<JsonAnyValue, z.ZodTypeDef, unknown> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: int64.optional(),
    doubleValue: z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"]).transform(Number)]).optional(),
    arrayValue: z.object({ values: z.array(anyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(keyValue).optional() }).optional(),
    bytesValue: z.string().optional(),
  })
);
const keyValue: z.ZodType<JsonKeyValue, z.ZodTypeDef, unknown> = z.lazy(() =>
  z.object({ key: z.string(), value: anyValue.optional() })
);

const id = z.string().transform((value) => value.toLowerCase());

const statusCode = z.union([
  z.number().int(),
  z.enum(["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"]).transform((name) =>
    ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"].indexOf(name)
  ),
]);

const span = z.object({
  traceId: id.optional(),
  spanId: id.optional(),
  parentSpanId: id.optional(),
  name: z.string().optional(),
  startTimeUnixNano: unixNano.optional(),
  endTimeUnixNano: unixNano.optional(),
  attributes: z.array(keyValue).optional(),
  status: z.object({ code: statusCode.optional(), message: z.string().optional() }).optional(),
});

const exportRequest = z.object({
  resourceSpans: z.array(z.object({
    resource: z.object({ attributes: z.array(keyValue).optional() }).optional(),
    scopeSpans: z.array(z.object({
      scope: z.object({ name: z.string().optional() }).optional(),
      spans: z.array(span).optional(),
    })).optional(),
  })).optional(),
});

function value(any: JsonAnyValue | undefined): AttributeValue {
  if (any === undefined) return null;
  if (any.stringValue !== undefined) return any.stringValue;
  if (any.boolValue !== undefined) return any.boolValue;
  if (any.intValue !== undefined) return any.intValue;
  if (any.doubleValue !== undefined) return any.doubleValue;
  if (any.arrayValue !== undefined) return (any.arrayValue.values ?? []).map(value);
  if (any.kvlistValue !== undefined) return Object.fromEntries(attributes(any.kvlistValue.values));
  if (any.bytesValue !== undefined) return any.bytesValue;
  return null;
}

function attributes(values: readonly JsonKeyValue[] | undefined): Map<string, AttributeValue> {
  const map = new Map<string, AttributeValue>();
  for (const kv of values ?? []) map.set(kv.key, value(kv.value));
  return map;
}

const pathText = (path: (string | number)[]): string =>
  path.reduce<string>(
    (text, part) => typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part,
    "",
  );

/** Decodes an OTLP JSON ExportTraceServiceRequest; throws {@link UndecodableBody} when the text is not one. */
export function decodeJsonRequest(bytes: Uint8Array): ExportRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new UndecodableBody(`not JSON: ${(error as Error).message}`);
  }
  const tooDeep = nestingProblem(parsed, MAX_JSON_NESTING);
  if (tooDeep) throw new UndecodableBody(`the body ${tooDeep}`);
  const result = exportRequest.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues;
    const listed = issues.slice(0, LISTED_PROBLEMS).map((issue) =>
      `${pathText(issue.path) || "body"}: ${issue.message}`
    );
    const more = issues.length > LISTED_PROBLEMS ? ` (and ${issues.length - LISTED_PROBLEMS} more)` : "";
    throw new UndecodableBody(`not an OTLP JSON ExportTraceServiceRequest: ${listed.join("; ")}${more}`);
  }
  const spans: OtlpSpan[] = [];
  for (const resourceSpans of result.data.resourceSpans ?? []) {
    const resource: Attributes = attributes(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      const scopeName = scopeSpans.scope?.name ?? "";
      for (const s of scopeSpans.spans ?? []) {
        spans.push({
          traceId: idHex(s.traceId ?? "", 16),
          spanId: idHex(s.spanId ?? "", 8),
          parentSpanId: idHex(s.parentSpanId ?? "", 8),
          name: s.name ?? "",
          startMs: s.startTimeUnixNano ?? NaN,
          endMs: s.endTimeUnixNano ?? NaN,
          statusCode: s.status?.code ?? 0,
          statusMessage: s.status?.message ?? "",
          attributes: attributes(s.attributes),
          resource,
          scopeName,
        });
      }
    }
  }
  return { spans };
}

/** The JSON ExportTraceServiceResponse: `{}`, or `partialSuccess` when spans were rejected. */
export function encodeJsonResponse(rejectedSpans: number, errorMessage: string): string {
  return JSON.stringify(
    rejectedSpans > 0 || errorMessage !== ""
      ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } }
      : {},
  );
}
