import assert from "node:assert/strict";
import { labelIndexes, linear, niceAxis, niceStep } from "./scale.ts";

Deno.test("niceStep picks 1, 2, 2.5 or 5 times a power of ten", () => {
  assert.equal(niceStep(0.7), 1);
  assert.equal(niceStep(1), 1);
  assert.equal(niceStep(1.1), 2);
  assert.equal(niceStep(2.2), 2.5);
  assert.equal(niceStep(3), 5);
  assert.equal(niceStep(6), 10);
  assert.equal(niceStep(1234), 2000);
  assert.equal(niceStep(0.0031), 0.005);
  assert.equal(niceStep(0), 1);
});

Deno.test("niceAxis covers the data from zero with about four intervals", () => {
  assert.deepEqual(niceAxis(0, 2700), { min: 0, max: 3000, step: 1000, ticks: [0, 1000, 2000, 3000] });
  // 237 / 4 = 59.25 → step 100 → 0..300
  assert.deepEqual(niceAxis(12, 237).ticks, [0, 100, 200, 300]);
  // cents: 0.0123 / 4 = 0.003075 → step 0.005 → 0 .. 0.015
  assert.deepEqual(niceAxis(0, 0.0123).ticks, [0, 0.005, 0.01, 0.015]);
  assert.deepEqual(niceAxis(0, 100).ticks, [0, 25, 50, 75, 100]);
});

Deno.test("niceAxis: an empty or flat range still gives a usable axis", () => {
  assert.deepEqual(niceAxis(0, 0).ticks, [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(niceAxis(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY).ticks, [
    0,
    0.25,
    0.5,
    0.75,
    1,
  ]);
});

Deno.test("linear maps a domain onto a range, inverted ranges included", () => {
  assert.equal(linear(5, [0, 10], [0, 200]), 100);
  assert.equal(linear(0, [0, 10], [200, 20]), 200);
  assert.equal(linear(10, [0, 10], [200, 20]), 20);
  assert.equal(linear(3, [3, 3], [7, 9]), 7);
});

Deno.test("labelIndexes spaces labels evenly", () => {
  assert.deepEqual(labelIndexes(24, 6), [0, 4, 8, 12, 16, 20]);
  assert.deepEqual(labelIndexes(7, 7), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(labelIndexes(30, 6), [0, 5, 10, 15, 20, 25]);
  assert.deepEqual(labelIndexes(0, 6), []);
});
