import assert from "node:assert/strict";
import { backoffDelayMs } from "./backoff.ts";

Deno.test("the delay doubles after each failed attempt: 1, 2, 4, 8 minutes with a 1-minute base", () => {
  const opts = { baseMs: 60_000, maxMs: 6 * 3_600_000 };
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelayMs(n, opts)), [60_000, 120_000, 240_000, 480_000]);
});

Deno.test("the delay stops growing at the maximum", () => {
  const opts = { baseMs: 60_000, maxMs: 300_000 };
  assert.equal(backoffDelayMs(3, opts), 240_000); // 60 s × 2^2
  assert.equal(backoffDelayMs(4, opts), 300_000); // 480 s capped at 300 s
  assert.equal(backoffDelayMs(1000, opts), 300_000); // no overflow
});

Deno.test("attempt numbers below 1 count as the first", () => {
  assert.equal(backoffDelayMs(0, { baseMs: 200, maxMs: 10_000 }), 200);
});
