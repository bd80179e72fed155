import assert from "node:assert/strict";
import { centsToDollars, decimalText } from "./decimal.ts";

Deno.test("cents to dollars moves the point two places, exactly", () => {
  assert.equal(centsToDollars("123.45"), "1.2345");
  assert.equal(centsToDollars("123.78912"), "1.2378912");
  assert.equal(centsToDollars("5"), "0.05");
  assert.equal(centsToDollars("100"), "1");
  assert.equal(centsToDollars("0"), "0");
  assert.equal(centsToDollars("12000.50"), "120.005");
  assert.equal(centsToDollars("-7.5"), "-0.075");
  assert.throws(() => centsToDollars("1e3"));
  assert.throws(() => centsToDollars("12,5"));
});

Deno.test("amounts sent as numbers or strings become the same decimal text", () => {
  assert.equal(decimalText(0.06), "0.06");
  assert.equal(decimalText("0.8958740000000000"), "0.8958740000000000");
  assert.equal(decimalText(1e-7), "0.0000001");
  assert.throws(() => decimalText("abc"));
  assert.throws(() => decimalText(Number.NaN));
});
