import assert from "node:assert/strict";
import {
  attributeValue,
  countValue,
  firstAttribute,
  hasPrefix,
  labelValue,
  objectAttribute,
} from "./attributes.ts";
import { attrs } from "./testdata/spans.ts";

Deno.test("attribute helpers: first present name, counts from decimal strings, JSON object text, labels", () => {
  const a = attrs({ "a.x": null, "a.y": "v", n: 3 });
  assert.deepEqual(firstAttribute(a, ["missing", "a.x", "a.y"]), { key: "a.y", value: "v" });
  assert.equal(attributeValue(a, ["missing"]), undefined);
  assert.ok(hasPrefix(a, "a."));
  assert.ok(!hasPrefix(a, "b."));
  assert.equal(countValue("1200"), 1200);
  assert.equal(countValue(" 7 "), 7);
  assert.equal(countValue("1.5"), "1.5");
  assert.equal(countValue(true), true);
  assert.deepEqual(objectAttribute('{"input": 3}'), { input: 3 });
  assert.deepEqual(objectAttribute({ input: 3 }), { input: 3 });
  assert.equal(objectAttribute("[1]"), undefined);
  assert.equal(objectAttribute("not json"), undefined);
  assert.equal(labelValue(42), "42");
  assert.equal(labelValue(" "), undefined);
  assert.equal(labelValue(true), undefined);
});
