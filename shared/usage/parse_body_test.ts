import assert from "node:assert/strict";
import {
  PARSE_ERROR_STATUS,
  parseBody,
  type ParseBodyErrorKind,
  type ParseBodyResult,
} from "./parse_body.ts";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const event = { request_id: "r", model: "gpt-4o", input_tokens: 1, output_tokens: 1 };

function failure(result: ParseBodyResult) {
  assert.ok(!result.ok, `expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

Deno.test("JSON: one object or an array of objects", () => {
  assert.deepEqual(parseBody(JSON.stringify(event), "application/json"), {
    ok: true,
    format: "json",
    events: [event],
    metadataSources: [undefined],
  });
  assert.deepEqual(parseBody(bytes(JSON.stringify([event, event])), "Application/JSON; charset=UTF-8"), {
    ok: true,
    format: "json",
    events: [event, event],
    metadataSources: [undefined, undefined],
  });
});

Deno.test("NDJSON: one object per line, blank lines and CRLF tolerated, line numbers kept", () => {
  const body = `${JSON.stringify(event)}\r\n\n  \n${JSON.stringify({ ...event, request_id: "s" })}\n`;
  for (const type of ["application/x-ndjson", "application/jsonl", "application/ndjson"]) {
    const result = parseBody(bytes(body), type);
    assert.ok(result.ok);
    assert.equal(result.format, "ndjson");
    assert.deepEqual(result.lines, [1, 4]);
    assert.deepEqual(result.events.map((e) => (e as { request_id: string }).request_id), ["r", "s"]);
  }
});

Deno.test("a UTF-8 byte order mark is ignored", () => {
  assert.ok(parseBody(bytes(`\uFEFF${JSON.stringify(event)}`), "application/json").ok);
  assert.ok(parseBody(`\uFEFF${JSON.stringify(event)}`, "application/json").ok);
});

Deno.test("the event limit is 5,000 by default and can be set", () => {
  const many = (n: number) => JSON.stringify(Array.from({ length: n }, () => event));
  assert.ok(parseBody(many(5_000), "application/json").ok);
  const over = failure(parseBody(many(5_001), "application/json"));
  assert.deepEqual([over.kind, over.message], [
    "too_many",
    "5001 events in one request; at most 5000 accepted",
  ]);
  const ndjson = failure(parseBody(`{}\n{}\n{}`, "application/x-ndjson", { maxEvents: 2 }));
  assert.equal(ndjson.kind, "too_many");
});

Deno.test("each failure kind maps to its HTTP status", () => {
  const expected: Record<ParseBodyErrorKind, number> = {
    unsupported_media_type: 415,
    too_large: 413,
    too_many: 413,
    invalid_encoding: 400,
    empty: 400,
    invalid_json: 400,
  };
  assert.deepEqual(PARSE_ERROR_STATUS, expected);
});

const MALFORMED: [string, string | Uint8Array, string | null, ParseBodyErrorKind, string][] = [
  [
    "form-encoded body",
    "a=1",
    "application/x-www-form-urlencoded",
    "unsupported_media_type",
    "unsupported content type",
  ],
  [
    "no content type",
    JSON.stringify(event),
    null,
    "unsupported_media_type",
    "send application/json or application/x-ndjson",
  ],
  ["text/plain", JSON.stringify(event), "text/plain", "unsupported_media_type", '"text/plain"'],
  [
    "latin-1 charset",
    JSON.stringify(event),
    "application/json; charset=iso-8859-1",
    "unsupported_media_type",
    'unsupported charset "iso-8859-1"',
  ],
  [
    "invalid UTF-8 bytes",
    new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    "application/json",
    "invalid_encoding",
    "not valid UTF-8",
  ],
  [
    "truncated UTF-8 sequence",
    new Uint8Array([0x22, 0xe2, 0x82, 0x22]),
    "application/x-ndjson",
    "invalid_encoding",
    "not valid UTF-8",
  ],
  ["empty string", "", "application/json", "empty", "body is empty"],
  ["whitespace only", bytes(" \n\t "), "application/x-ndjson", "empty", "body is empty"],
  ["empty array", "[]", "application/json", "empty", "holds no events"],
  ["broken JSON", '{"request_id": ', "application/json", "invalid_json", "invalid JSON"],
  ["JSON scalar", "42", "application/json", "invalid_json", "expected a JSON object or an array of objects"],
  ["JSON null", "null", "application/json", "invalid_json", "expected a JSON object or an array of objects"],
  ["NDJSON sent as application/json", "{}\n{}", "application/json", "invalid_json", "invalid JSON"],
];

Deno.test("malformed bodies: each has its kind and message", async (t) => {
  for (const [name, body, type, kind, fragment] of MALFORMED) {
    await t.step(name, () => {
      const result = failure(parseBody(body, type));
      assert.equal(result.kind, kind);
      assert.ok(result.message.includes(fragment), `"${result.message}" lacks "${fragment}"`);
    });
  }
});

Deno.test("body over maxBytes is too_large before it is decoded", () => {
  const result = failure(parseBody(bytes("x".repeat(11)), "application/json", { maxBytes: 10 }));
  assert.deepEqual([result.kind, result.message], ["too_large", "body is 11 bytes; at most 10 accepted"]);
});

Deno.test("NDJSON: every bad line is reported with its line number", () => {
  const body = [JSON.stringify(event), "{not json", "", "[1, 2]", '"text"', JSON.stringify(event)].join("\n");
  const result = failure(parseBody(body, "application/x-ndjson"));
  assert.equal(result.kind, "invalid_json");
  assert.equal(result.message, "3 of 5 lines are not JSON objects");
  assert.deepEqual(result.lines?.map((l) => l.line), [2, 4, 5]);
  assert.ok(result.lines?.[0].message.startsWith("invalid JSON"));
  assert.equal(result.lines?.[1].message, "expected a JSON object (one event per line)");
});

Deno.test("each event's metadata object comes back as the source text it was sent as", () => {
  const big = '{"n":12345678901234567891,"__proto__":{"x":1},"d":0.12345678901234567890123}';
  const json =
    `[{"request_id":"a","metadata":${big}},{"request_id":"b"},{"request_id":"c","metadata":null},` +
    `{"metadata":{"n":1},"request_id":"d","metadata" : { "n" : 2 } }]`;
  const parsed = parseBody(json, "application/json");
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.metadataSources, [big, undefined, undefined, '{ "n" : 2 }']);

  const single = parseBody(`  {"request_id":"a","metadata":${big}}\n`, "application/json");
  assert.ok(single.ok);
  assert.deepEqual(single.metadataSources, [big]);

  const ndjson = parseBody(
    `{"request_id":"a","metadata":${big}}\r\n\n{"request_id":"b"}\n`,
    "application/x-ndjson",
  );
  assert.ok(ndjson.ok);
  assert.deepEqual(ndjson.metadataSources, [big, undefined]);
  assert.deepEqual(ndjson.lines, [1, 3]);
});

Deno.test("a body nested 1,000,000 levels deep parses without overflowing the stack (the events say why)", () => {
  const deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
  const parsed = parseBody(deep, "application/json");
  assert.ok(parsed.ok);
  assert.equal(parsed.events.length, 1);
  const meta = '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000);
  const withMeta = parseBody(`{"request_id":"r","metadata":${meta}}`, "application/x-ndjson");
  assert.ok(withMeta.ok);
  assert.equal(withMeta.metadataSources?.[0], meta);
});
