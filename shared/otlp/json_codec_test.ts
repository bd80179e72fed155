import assert from "node:assert/strict";
import { decodeJsonRequest, encodeJsonResponse } from "./json_codec.ts";
import { UndecodableBody } from "./protobuf_codec.ts";

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function body(spanFields: Record<string, unknown>): Uint8Array {
  return encode({
    resourceSpans: [{
      resource: { attributes: [{ key: "service.name", value: { stringValue: "shop" } }] },
      scopeSpans: [{ scope: { name: "s" }, spans: [spanFields] }],
    }],
  });
}

Deno.test("decodes OTLP JSON: hex ids, int64 as strings or numbers, times, status as number or name", () => {
  const [a] = decodeJsonRequest(body({
    traceId: "0AF7651916CD43DD8448EB211C80319C",
    spanId: "b7ad6b7169203331",
    name: "chat",
    startTimeUnixNano: "1795089600000000000",
    endTimeUnixNano: 1795089601500000000,
    status: { code: "STATUS_CODE_ERROR", message: "x" },
    attributes: [
      { key: "in", value: { intValue: "1200" } },
      { key: "out", value: { intValue: 80 } },
      { key: "big", value: { intValue: "12345678901234567891" } },
      { key: "kv", value: { kvlistValue: { values: [{ key: "d", value: { doubleValue: 1.5 } }] } } },
      { key: "empty", value: {} },
    ],
    unknownField: true,
  })).spans;
  assert.equal(a.traceId, "0af7651916cd43dd8448eb211c80319c");
  assert.equal(a.startMs, Date.parse("2026-11-19T12:00:00Z"));
  assert.equal(a.endMs - a.startMs, 1500);
  assert.equal(a.statusCode, 2);
  assert.deepEqual(Object.fromEntries(a.attributes), {
    in: 1200,
    out: 80,
    big: "12345678901234567891",
    kv: { d: 1.5 },
    empty: null,
  });
  assert.equal(a.resource.get("service.name"), "shop");
  const [b] = decodeJsonRequest(body({ traceId: "00000000000000000000000000000000", spanId: "abc" })).spans;
  assert.equal(b.traceId, "");
  assert.equal(b.spanId, "");
});

Deno.test("not JSON, wrong types and nesting past 64 levels throw UndecodableBody naming the place", () => {
  assert.throws(() => decodeJsonRequest(new TextEncoder().encode("{")), UndecodableBody);
  assert.throws(
    () => decodeJsonRequest(body({ traceId: 5 })),
    (e: Error) =>
      e instanceof UndecodableBody &&
      /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId/.test(e.message),
  );
  assert.throws(
    () => decodeJsonRequest(body({ attributes: [{ key: "k", value: { intValue: "1.5" } }] })),
    UndecodableBody,
  );
  let deep: unknown = { stringValue: "x" };
  for (let i = 0; i < 40; i++) deep = { arrayValue: { values: [deep] } };
  assert.throws(
    () => decodeJsonRequest(body({ attributes: [{ key: "k", value: deep }] })),
    /nests more than 64/,
  );
});

Deno.test("the JSON response: {} when all spans were stored, partialSuccess with int64 as a string otherwise", () => {
  assert.equal(encodeJsonResponse(0, ""), "{}");
  assert.deepEqual(JSON.parse(encodeJsonResponse(2, "why")), {
    partialSuccess: { rejectedSpans: "2", errorMessage: "why" },
  });
});
