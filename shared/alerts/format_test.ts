import assert from "node:assert/strict";
import { formatThreshold, formatValue, metricLabel, windowLabel } from "./format.ts";

Deno.test("rates read as percentages without trailing zeros", () => {
  assert.equal(formatValue("error_rate", 0.05), "5%");
  assert.equal(formatValue("tool_failure_rate", 0.0575), "5.75%");
  assert.equal(formatValue("error_rate", 1), "100%");
  assert.equal(formatValue("unpriced_share", 0), "0%");
});

Deno.test("cost reads in dollars with 2 to 6 decimals", () => {
  assert.equal(formatValue("cost_usd", 10), "$10.00");
  assert.equal(formatValue("cost_usd", 10.001), "$10.001");
  assert.equal(formatValue("cost_usd", 0.0042), "$0.0042");
  assert.equal(formatValue("cost_usd", 0), "$0.00");
  assert.equal(formatValue("cost_usd", 1234.5), "$1234.50");
});

Deno.test("token counts keep up to 2 decimals; 100 stays 100; null is n/a", () => {
  assert.equal(formatValue("avg_system_prompt_tokens", 218), "218");
  assert.equal(formatValue("avg_system_prompt_tokens", 100), "100");
  assert.equal(formatValue("avg_tokens_per_request", 600.5), "600.5");
  assert.equal(formatValue("requests", null), "n/a");
});

Deno.test("thresholds: bands as ± half-widths, rolling rules as multipliers, others like values", () => {
  assert.equal(
    formatThreshold(20, { metric: "avg_system_prompt_tokens", comparison: "outside_band" }),
    "± 20",
  );
  assert.equal(formatThreshold(3, { metric: "cost_usd", comparison: "above_rolling_baseline" }), "3x");
  assert.equal(formatThreshold(0.05, { metric: "error_rate", comparison: "above" }), "5%");
});

Deno.test("labels and windows in words", () => {
  assert.equal(metricLabel("avg_tokens_per_request"), "average tokens per request");
  assert.equal(windowLabel("today", "above"), "today (UTC)");
  assert.equal(windowLabel("last_hour", "above"), "last hour");
  assert.equal(windowLabel("last_hour", "above_rolling_baseline"), "last complete hour");
});
