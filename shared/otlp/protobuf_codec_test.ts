import assert from "node:assert/strict";
import { PbfReader, PbfWriter } from "../deps/pbf.ts";
import {
  readExportTraceServiceResponse,
  readRpcStatus,
  writeExportTraceServiceRequest,
} from "./proto/trace_pb.js";
import {
  decodeProtobufRequest,
  encodeProtobufResponse,
  encodeProtobufStatus,
  UndecodableBody,
} from "./protobuf_codec.ts";

const bytes = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));

function request(): Uint8Array {
  const writer = new PbfWriter();
  writeExportTraceServiceRequest({
    resource_spans: [{
      resource: {
        attributes: [{ key: "service.name", value: { value: "string_value", string_value: "shop" } }],
      },
      scope_spans: [{
        scope: { name: "openllmetry" },
        spans: [{
          trace_id: bytes("0af7651916cd43dd8448eb211c80319c"),
          span_id: bytes("b7ad6b7169203331"),
          parent_span_id: bytes("00f067aa0ba902b7"),
          name: "chat",
          // 2026-11-19T12:00:00Z = 1,795,089,600 s (20,776 days × 86,400 + 43,200); 1.5 s later.
          start_time_unix_nano: 1_795_089_600_000_000_000,
          end_time_unix_nano: 1_795_089_601_500_000_000,
          status: { code: 2, message: "boom" },
          attributes: [
            { key: "gen_ai.usage.input_tokens", value: { value: "int_value", int_value: 1200 } },
            { key: "f", value: { value: "double_value", double_value: 0.5 } },
            { key: "b", value: { value: "bool_value", bool_value: true } },
            { key: "raw", value: { value: "bytes_value", bytes_value: bytes("cafe") } },
            {
              key: "list",
              value: {
                value: "array_value",
                array_value: { values: [{ value: "string_value", string_value: "a" }] },
              },
            },
            {
              key: "kv",
              value: {
                value: "kvlist_value",
                kvlist_value: { values: [{ key: "n", value: { value: "int_value", int_value: -3 } }] },
              },
            },
          ],
        }],
      }],
    }],
  }, writer);
  return writer.finish();
}

Deno.test("decodes a protobuf export: hex ids, times in ms, every attribute value type, resource and scope", () => {
  const [span] = decodeProtobufRequest(request()).spans;
  assert.equal(span.traceId, "0af7651916cd43dd8448eb211c80319c");
  assert.equal(span.spanId, "b7ad6b7169203331");
  assert.equal(span.parentSpanId, "00f067aa0ba902b7");
  assert.equal(span.startMs, Date.parse("2026-11-19T12:00:00Z"));
  assert.equal(span.endMs - span.startMs, 1500);
  assert.equal(span.statusCode, 2);
  assert.equal(span.statusMessage, "boom");
  assert.deepEqual(Object.fromEntries(span.attributes), {
    "gen_ai.usage.input_tokens": 1200,
    f: 0.5,
    b: true,
    raw: "cafe",
    list: ["a"],
    kv: { n: -3 },
  });
  assert.equal(span.resource.get("service.name"), "shop");
  assert.equal(span.scopeName, "openllmetry");
});

Deno.test("a body cut short, or bytes that are not a message, throw UndecodableBody", () => {
  const body = request();
  for (let cut = 1; cut < body.length; cut += 7) {
    assert.throws(() => decodeProtobufRequest(body.slice(0, cut)), UndecodableBody, `cut at ${cut}`);
  }
  // Field 1, wire type 7 (no such wire type).
  assert.throws(() => decodeProtobufRequest(Uint8Array.of(0x0f, 0x01)), UndecodableBody);
  assert.deepEqual(decodeProtobufRequest(new Uint8Array(0)), { spans: [] });
});

Deno.test("the response and error bodies decode as ExportTraceServiceResponse and google.rpc.Status", () => {
  assert.deepEqual(encodeProtobufResponse(0, ""), new Uint8Array(0));
  const partial = readExportTraceServiceResponse(
    new PbfReader(encodeProtobufResponse(3, "3 of 5 not stored")),
  );
  assert.deepEqual(partial.partial_success, { rejected_spans: 3, error_message: "3 of 5 not stored" });
  assert.deepEqual(readRpcStatus(new PbfReader(encodeProtobufStatus(3, "bad"))), { code: 3, message: "bad" });
});
