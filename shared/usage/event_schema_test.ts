import assert from "node:assert/strict";
import { EVENT_FIELDS, type IncomingEvent, IncomingEventSchema, parseEventFields } from "./event_schema.ts";

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
