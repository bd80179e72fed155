import assert from "node:assert/strict";
import { recommend } from "./recommendations.ts";
import { SEEDED_RULE_LIMITS } from "../../tests/fixtures/datasets/seeded_rule_limits.ts";
import type { WeeklyReport } from "./types.ts";

function load(name: string): WeeklyReport {
  return JSON.parse(
    Deno.readTextFileSync(new URL(`../../tests/fixtures/datasets/${name}`, import.meta.url)),
  ) as WeeklyReport;
}

/** Resolves `a.b[2].c` in an object. */
function valueAt(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const part of path.replace(/\[(\d+)\]/g, ".$1").split(".")) {
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

Deno.test("each recommendation names a number the report really holds", () => {
  const report = load("fixed_week_report.json");
  const recs = recommend(report, SEEDED_RULE_LIMITS);
  assert.deepEqual(recs.map((r) => r.id), [
    "tool-failures", // 3 of 12 calls failed = 25% > 5%
    "errors", // 2 of 8 requests = 25% > 5%
    "system-prompt-day", // Sunday's mcp prompt averaged 230 > 218
    "add-prices", // h6fix-gamma has no price
    "move-to-target", // 2 traditional requests, $0.090036 over the mcp target
    "cost-rising", // $0.06 -> $2.502 = +4070%
    "tokens-per-request", // 36,250 > 600
    "install-alerting", // no health_checks table in that snapshot
  ]);
  for (const r of recs) assert.equal(valueAt(report, r.metric), r.value, r.metric);
  assert.match(recs[0].text, /fetch_url failed 2 of 6 calls \(33\.3%\)/);
  assert.match(recs[4].text, /cost \$0\.09 more/);
});

Deno.test("a system prompt above the band comes first; a quiet week says all clear", () => {
  const report = load("fixed_week_report.json");
  report.savings.target_check = {
    ...report.savings.target_check!,
    band_status: "above",
    avg_system_prompt_tokens: 262,
    delta_tokens: 64,
    met: false,
  };
  assert.equal(recommend(report, SEEDED_RULE_LIMITS)[0].id, "trim-system-prompt");
  assert.match(
    recommend(report, SEEDED_RULE_LIMITS)[0].text,
    /averaged 262\.0 tokens this week, 64\.0 above the 198-token target/,
  );

  const quiet = load("fixed_week_report.json");
  quiet.tools = { ...quiet.tools, failure_rate: 0.01, tools: [] };
  quiet.per_day = quiet.per_day.map((d) => ({ ...d, target_band_status: "in_band", tool_failure_rate: 0 }));
  quiet.reliability = { ...quiet.reliability, error_rate: 0.01, worst_day: null };
  quiet.cost = { ...quiet.cost, unpriced_requests: 0, week_over_week_change_rate: 0.1 };
  quiet.savings.by_prompt_variant = quiet.savings.by_prompt_variant.filter((v) => v.prompt_variant === "mcp");
  quiet.usage = { ...quiet.usage, avg_tokens_per_request: 400 };
  quiet.health = {
    checks: { available: true, count: 10 },
    alerts: { available: true, open_at_end: 0, list: [] },
  };
  assert.deepEqual(recommend(quiet, SEEDED_RULE_LIMITS).map((r) => r.id), ["all-clear"]);
});

Deno.test("an empty week: no traffic, nothing else invented", () => {
  assert.deepEqual(recommend(load("empty_week_report.json"), SEEDED_RULE_LIMITS).map((r) => r.id), [
    "no-traffic",
    "install-alerting",
  ]);
});
