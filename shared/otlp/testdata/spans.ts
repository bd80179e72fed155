/** Building blocks for the shared/otlp unit tests: spans with given attributes. */
import type { AttributeValue, OtlpSpan } from "../model.ts";

/** A span with the given attributes (and resource attributes); ids default to trace 1, span 1, no parent. */
export function span(
  attributes: Record<string, AttributeValue>,
  overrides: Partial<Omit<OtlpSpan, "attributes" | "resource">> & {
    resource?: Record<string, AttributeValue>;
  } = {},
): OtlpSpan {
  const { resource, ...rest } = overrides;
  return {
    traceId: "0af7651916cd43dd8448eb211c80319c",
    spanId: "b7ad6b7169203331",
    parentSpanId: "",
    name: "chat",
    startMs: Date.parse("2026-11-24T11:59:00Z"),
    endMs: Date.parse("2026-11-24T11:59:01.250Z"),
    statusCode: 0,
    statusMessage: "",
    scopeName: "test",
    ...rest,
    attributes: new Map(Object.entries(attributes)),
    resource: new Map(Object.entries(resource ?? {})),
  };
}

/** Attributes as a map. */
export const attrs = (record: Record<string, AttributeValue>) => new Map(Object.entries(record));
