import assert from "node:assert/strict";
import {
  EVENT_FIELDS,
  FAST_FIELDS,
  type IncomingEvent,
  IncomingEventSchema,
  parseEventFields,
} from "./event_schema.ts";

Deno.test("parseEventFields: keeps what parsed and reports every field that did not", () => {
  const { fields, errors } = parseEventFields({
    request_id: "r-1",
    model: "gpt-4o",
    input_tokens: 12,
    output_tokens: -3,
    status: "error",
    shoe_size: 44,
  });
  assert.deepEqual(fields, { request_id: "r-1", model: "gpt-4o", input_tokens: 12, status: "error" });
  assert.deepEqual(errors, [
    { field: "output_tokens", message: "must not be negative" },
    { field: "shoe_size", message: "unknown field (put custom data in metadata)" },
  ]);
});

Deno.test("parseEventFields: null is absent, for every field", () => {
  const raw = Object.fromEntries(Object.keys(EVENT_FIELDS).map((key) => [key, null]));
  assert.deepEqual(parseEventFields(raw), { fields: {}, errors: [] });
});

Deno.test("parseEventFields: messages accept content parts and extra keys; metadata any JSON object", () => {
  const { fields, errors } = parseEventFields({
    messages: [
      {
        role: "user",
        content: [{ type: "text", text: "hi" }, { type: "image_url", image_url: { url: "x" } }],
      },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1" }] },
    ],
    metadata: { nested: { list: [1, "two", null] } },
  });
  assert.deepEqual(errors, []);
  assert.equal(fields.messages?.length, 2);
  assert.deepEqual(fields.metadata, { nested: { list: [1, "two", null] } });
});

Deno.test("IncomingEventSchema: the whole-object schema rejects unknown keys too", () => {
  const event: IncomingEvent = { request_id: "r", model: "gpt-4o", usage: { prompt_tokens: 1 } };
  assert.ok(IncomingEventSchema.safeParse(event).success);
  assert.ok(!IncomingEventSchema.safeParse({ ...event, extra: 1 }).success);
});

Deno.test("parseEventFields: a field nested past 32 levels is a problem naming it, for every field", () => {
  const nest = (levels: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < levels; i++) value = i % 2 === 0 ? { a: value } : [value];
    return value;
  };
  const message = "nests more than 32 levels of objects and arrays; at most 32 allowed";
  // metadata nested 32 levels ({} is one) passes; 33 and 5,000 (deep enough to overflow a recursive walk) do not.
  assert.deepEqual(parseEventFields({ metadata: { deep: nest(31) } }).errors, []);
  for (const levels of [33, 5_000]) {
    for (const field of ["metadata", "usage", "messages", "tools"]) {
      const value = field === "metadata" ? { deep: nest(levels - 1) } : nest(levels);
      assert.deepEqual(
        parseEventFields({ [field]: value }),
        { fields: {}, errors: [{ field, message }] },
        field,
      );
    }
  }
});

Deno.test("parseEventFields: metadata keeps every key, __proto__ included (the very object sent)", () => {
  const sent = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
  const { fields, errors } = parseEventFields({ metadata: sent });
  assert.deepEqual(errors, []);
  assert.equal(fields.metadata, sent);
  assert.equal(JSON.stringify(fields.metadata), '{"__proto__":{"polluted":true},"a":1}');
  assert.deepEqual(parseEventFields({ metadata: [1] }).errors, [{
    field: "metadata",
    message: "must be a JSON object",
  }]);
});

/** Values of every kind the fields meet, valid for some fields, invalid for others, at the limits of each rule. */
function sampleValues(): unknown[] {
  const strings = [
    "",
    " ",
    "a",
    " a ",
    "gpt-4o",
    "Claude-Sonnet-4-5",
    "r-1",
    "\t",
    "a\tb",
    "a\nb",
    "\u0000",
    "a\u0001",
    "\u007f",
    "\u0085",
    "\u009f",
    "\u00a0",
    "\ud800",
    "x\udfff",
    "😀",
    "é",
    "x".repeat(64),
    "x".repeat(65),
    "x".repeat(100),
    "x".repeat(101),
    "x".repeat(200),
    "x".repeat(201),
    " ".repeat(5),
    "ok",
    "error",
    "OK",
    "Error",
    "provider",
    "tokenizer",
    "heuristic",
    "Provider",
    "default",
    "Batch",
    " flex ",
    "priority",
    "9tier",
    "a_b-c",
    "a b",
    "a".repeat(32),
    "a".repeat(33),
    "Standard\n",
    "0".repeat(64),
    "A".repeat(64),
    "aF".repeat(32),
    "g".repeat(64),
    "0".repeat(63),
    "0".repeat(65),
  ];
  const stamps = [
    "2026-01-05T10:00:00Z",
    "2026-01-05T10:00:00.123Z",
    "2026-01-05T10:00:00.123456789Z",
    "2026-01-05T10:00:00+05:30",
    "2026-01-05T10:00:00-0800",
    "2026-01-05T10:00:00+05",
    "2026-01-05T10:00Z",
    "2026-01-05 10:00:00Z",
    "2026-01-05T10:00:00z",
    "2026-01-05T10:00:00",
    "2026-13-05T10:00:00Z",
    "2026-04-31T10:00:00Z",
    "2026-04-30T10:00:00Z",
    "2024-02-29T10:00:00Z",
    "2026-02-29T10:00:00Z",
    "2000-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2026-01-05T24:00:00Z",
    "2026-01-05T23:59:60Z",
    "2026-01-05T23:59:59.Z",
    "2026-01-05T10:00:00.5+00:00",
    "20260105T100000Z",
    "2026-1-5T10:00:00Z",
  ];
  const numbers = [
    0,
    -0,
    1,
    -1,
    0.5,
    1.5,
    12,
    199,
    1e8,
    1e8 + 1,
    4e8,
    4e8 + 1,
    2 ** 31,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    1e300,
    Infinity,
    -Infinity,
    NaN,
    7 * 24 * 3600 * 1000,
    7 * 24 * 3600 * 1000 + 0.5,
    -0.001,
    250.7,
  ];
  const others = [
    true,
    false,
    [],
    [1],
    ["a"],
    {},
    { a: 1 },
    { "a": "\u0000" },
    { "\u0000": 1 },
    { k: "x".repeat(17_000) },
    { k: "é".repeat(6_000) },
    { nested: { list: [1, "two", null] } },
    [{ name: "search", calls: 2, failures: 1 }],
    [{ name: "search", calls: 2 }],
    [{ name: "", calls: 1 }],
    [{ name: "a", calls: 1, extra: 1 }],
    [{ role: "user", content: "hi" }],
    [{ role: "user", content: [{ type: "text", text: "hi" }] }],
    [{ role: 1 }],
    { prompt_tokens: 10, completion_tokens: 2 },
    { input_tokens: 5, output_tokens: 1 },
  ];
  return [...strings, ...stamps, ...numbers, ...others];
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("parseEventFields: the fast checks agree with zod on every field and every sample value", () => {
  const values = sampleValues();
  let accepted = 0;
  let declined = 0;
  for (const field of Object.keys(EVENT_FIELDS)) {
    for (const value of values) {
      const raw = { [field]: value };
      const slow = parseEventFields(raw, { fast: false });
      assert.deepEqual(parseEventFields(raw), slow, `${field}: ${JSON.stringify(value)}`);
      const fast = FAST_FIELDS[field as keyof typeof FAST_FIELDS];
      if (fast) {
        if (slow.errors.length === 0) accepted++;
        else declined++;
      }
    }
  }
  // Neither side of the comparison is empty: the fast checks met values to accept and values to refuse.
  assert.ok(accepted > 300 && declined > 1000, `${accepted} accepted, ${declined} refused`);
});

Deno.test("parseEventFields: fast and zod alone agree on 5,000 generated events, valid and invalid", () => {
  const values = sampleValues();
  const fields = [...Object.keys(EVENT_FIELDS), "unknown_key"];
  const rnd = random(17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  let valid = 0;
  for (let i = 0; i < 5_000; i++) {
    const raw: Record<string, unknown> = {};
    const n = 1 + Math.floor(rnd() * 8);
    for (let k = 0; k < n; k++) raw[pick(fields)] = rnd() < 0.1 ? null : pick(values);
    const slow = parseEventFields(raw, { fast: false });
    assert.deepEqual(parseEventFields(raw), slow, JSON.stringify(raw));
    if (slow.errors.length === 0) valid++;
  }
  assert.ok(valid > 100, `${valid} of 5,000 generated events were valid`);
});

Deno.test("parseEventFields: fast checks return the value zod returns (service_tier trimmed and lowercased)", () => {
  assert.deepEqual(parseEventFields({ service_tier: " Flex " }), {
    fields: { service_tier: "flex" },
    errors: [],
  });
  const metadata = { a: [1, { b: "c" }] };
  assert.equal(parseEventFields({ metadata }).fields.metadata, metadata);
});
