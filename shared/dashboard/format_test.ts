import assert from "node:assert/strict";
import { escapeHtml, formatCompact, formatInteger, formatMs, formatPercent, formatUsd } from "./format.ts";

Deno.test("formatCompact: plain below 1,000, then k/M/B with one decimal below 100 of the unit", () => {
  const cases: [number, string][] = [
    [0, "0"],
    [7, "7"],
    [198.46, "198.5"],
    [999, "999"],
    [1000, "1k"],
    [1200, "1.2k"],
    [1250, "1.3k"],
    [12_345, "12.3k"],
    [99_949, "99.9k"],
    [99_950, "100k"],
    [123_456, "123k"],
    [999_499, "999k"],
    [999_999, "1M"],
    [2_500_000, "2.5M"],
    [3_400_000_000, "3.4B"],
    [-1200, "-1.2k"],
    [0.04, "0"],
  ];
  for (const [value, text] of cases) assert.equal(formatCompact(value), text, `formatCompact(${value})`);
  assert.equal(formatCompact(null), "—");
  assert.equal(formatCompact(Number.NaN), "—");
});

Deno.test("formatInteger groups thousands and rounds", () => {
  assert.equal(formatInteger(1_234_567), "1,234,567");
  assert.equal(formatInteger(999), "999");
  assert.equal(formatInteger(-12_345.6), "-12,346");
  assert.equal(formatInteger(undefined), "—");
});

Deno.test("formatUsd: cents, thousands, millions and sub-cent amounts", () => {
  const cases: [number, string][] = [
    [0, "$0.00"],
    [3.449, "$3.45"],
    [3.455, "$3.46"],
    [10, "$10.00"],
    [1234.5, "$1,234.50"],
    [0.0042, "$0.0042"],
    [0.00425, "$0.0043"],
    [0.002, "$0.002"],
    [0.005, "$0.01"],
    [2_500_000, "$2.5M"],
    [-3.45, "-$3.45"],
  ];
  for (const [value, text] of cases) assert.equal(formatUsd(value), text, `formatUsd(${value})`);
  assert.equal(formatUsd(null), "—");
});

Deno.test("formatPercent and formatMs", () => {
  assert.equal(formatPercent(1 - 198 / 5200), "96.2%");
  assert.equal(formatPercent(0.05), "5.0%");
  assert.equal(formatPercent(0.5, 0), "50%");
  assert.equal(formatPercent(null), "—");
  assert.equal(formatMs(4.24), "4.2 ms");
  assert.equal(formatMs(850.4), "850 ms");
  assert.equal(formatMs(1234), "1.2 s");
  assert.equal(formatMs(150_000), "2.5 min");
  assert.equal(formatMs(null), "—");
});

Deno.test("escapeHtml escapes markup and both quote kinds", () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
  );
});
