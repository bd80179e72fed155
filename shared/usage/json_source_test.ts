import assert from "node:assert/strict";
import { childSpans, memberSource, valueSpan } from "./json_source.ts";

const sources = (text: string): string[] =>
  childSpans(text, valueSpan(text)).map(({ start, end }) => text.slice(start, end));

Deno.test("childSpans: the elements of an array, each exactly as written", () => {
  const text = ' [ 1 , "a,]}\\"" ,{"x":[1,{"y":"}"}]}, [] ,12345678901234567890, -1.50e+3 , null ] ';
  assert.deepEqual(sources(text), [
    "1",
    '"a,]}\\""',
    '{"x":[1,{"y":"}"}]}',
    "[]",
    "12345678901234567890",
    "-1.50e+3",
    "null",
  ]);
  assert.deepEqual(sources("[]"), []);
  assert.deepEqual(sources("[ ]"), []);
  assert.deepEqual(sources('"not a container"'), []);
});

Deno.test("childSpans: the members of an object with their keys decoded", () => {
  const text = '{"a":1,"m\\u0065ta":{"b":"x"} , "__proto__" : {"c":2},"q\\"":[true]}';
  const children = childSpans(text, valueSpan(text));
  assert.deepEqual(children.map((c) => [c.key, text.slice(c.start, c.end)]), [
    ["a", "1"],
    ["meta", '{"b":"x"}'],
    ["__proto__", '{"c":2}'],
    ['q"', "[true]"],
  ]);
});

Deno.test("memberSource: the last occurrence of a key, as JSON.parse reads it; none when absent", () => {
  const text = '{"metadata":{"n":1},"model":"x","metadata":{"n":12345678901234567891}}';
  assert.equal(memberSource(text, valueSpan(text), "metadata"), '{"n":12345678901234567891}');
  assert.equal(memberSource(text, valueSpan(text), "usage"), undefined);
  assert.equal(memberSource("[1]", valueSpan("[1]"), "metadata"), undefined);
});

Deno.test("every span parses to the value JSON.parse gives that child (mixed, nested, escaped input)", () => {
  const value = {
    s: 'q"uote \\ back } ] , : { [',
    unicode: "é\u2028😀",
    nested: [[[{ deep: [1, 2, { k: "v" }] }]]],
    empty: {},
    list: [],
    n: -0.5,
    t: true,
    f: false,
    z: null,
  };
  for (
    const text of [
      JSON.stringify(value),
      JSON.stringify(value, null, 2),
      JSON.stringify([value, value], null, "\t"),
    ]
  ) {
    const parsed = JSON.parse(text);
    const children = childSpans(text, valueSpan(text));
    const entries = Array.isArray(parsed) ? parsed.map((v, i) => [String(i), v]) : Object.entries(parsed);
    assert.equal(children.length, entries.length);
    children.forEach((child, i) => {
      if (child.key !== undefined) assert.equal(child.key, entries[i][0]);
      assert.deepEqual(JSON.parse(text.slice(child.start, child.end)), entries[i][1]);
    });
  }
});

Deno.test("a child nested 100,000 levels deep is scanned without overflowing the stack", () => {
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  const text = `{"a":${deep},"b":2}`;
  assert.deepEqual(sources(text), [deep, "2"]);
});
