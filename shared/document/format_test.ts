import assert from "node:assert/strict";
import {
  costText,
  dayLabel,
  fixed,
  int,
  NA,
  num,
  pct,
  pp,
  signed,
  signedPct,
  usd,
  usdFine,
  utcMinute,
} from "./format.ts";

Deno.test("fixed rounds half away from zero on the decimal value, not the binary float", () => {
  assert.equal(fixed(2.785, 2), "2.79"); // 2.785 is 2.78499999… as a float
  assert.equal(fixed(1.005, 2), "1.01");
  assert.equal(fixed(1.845, 2), "1.85");
  assert.equal(fixed(-2.785, 2), "-2.79");
  assert.equal(fixed(0.004, 2), "0.00");
  assert.equal(fixed(-0.004, 2), "0.00"); // no "-0.00"
  assert.equal(fixed(9.995, 2), "10.00");
  assert.equal(fixed(12, 0), "12");
  assert.equal(fixed(1e-9, 4), "0.0000");
});

Deno.test("usd shows cents with separators; usdFine shows four decimals below a dollar", () => {
  assert.equal(usd(2.502), "$2.50");
  assert.equal(usd(10.7586), "$10.76");
  assert.equal(usd(1234567.891), "$1,234,567.89");
  assert.equal(usd(-3), "-$3.00");
  assert.equal(usd(0), "$0.00");
  assert.equal(usdFine(0.35742857), "$0.3574");
  assert.equal(usdFine(12.5), "$12.50");
});

Deno.test("missing values are n/a, never NaN or Infinity", () => {
  for (const v of [null, undefined, NaN, Infinity, -Infinity]) {
    assert.equal(usd(v), NA);
    assert.equal(pct(v), NA);
    assert.equal(int(v), NA);
    assert.equal(pp(v), NA);
    assert.equal(signed(v), NA);
    assert.equal(signedPct(v), NA);
  }
  assert.equal(utcMinute(null), NA);
  assert.equal(dayLabel(undefined), NA);
});

Deno.test("costText says unpriced instead of $0 when nothing had a price", () => {
  assert.equal(costText({ cost: 0, requests: 3, unpriced: 3 }), "unpriced");
  assert.equal(costText({ cost: 2.502, requests: 8, unpriced: 1 }), "$2.50 + 1 unpriced");
  assert.equal(costText({ cost: 2.502, requests: 8, unpriced: 0 }), "$2.50");
  assert.equal(costText({ cost: 0, requests: 0, unpriced: 0 }), "$0.00");
});

Deno.test("percentages, points and signs", () => {
  assert.equal(pct(0.25), "25.0%");
  assert.equal(pct(0.961923, 2), "96.19%");
  assert.equal(pp(-0.001385), "-0.14 pp");
  assert.equal(pp(0.0123), "+1.23 pp");
  assert.equal(pp(0), "0.00 pp");
  assert.equal(signed(7.2), "+7.2");
  assert.equal(signed(-3), "-3.0");
  assert.equal(signedPct(40.7), "+4070.0%");
  assert.equal(num(36250, 2), "36,250.00");
  assert.equal(int(290000), "290,000");
});

Deno.test("times and days in UTC", () => {
  assert.equal(utcMinute("2026-11-24T06:00:31.5+00:00"), "2026-11-24 06:00 UTC");
  assert.equal(dayLabel("2025-03-03"), "Mon 2025-03-03");
});
