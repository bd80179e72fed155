import assert from "node:assert/strict";
import { reportMessageSchema } from "../notify/messages.ts";
import { buildReportMessage, reportKeyPrefix, reportTitle } from "./message.ts";
import { recommend } from "./recommendations.ts";
import { SEEDED_RULE_LIMITS } from "../../tests/fixtures/datasets/seeded_rule_limits.ts";
import type { WeeklyReport } from "./types.ts";

// Reports that monitoring.weekly_report_data produced for the fixed dataset (2025-W10, app
// h6app; tests/fixtures/datasets/fixed_week.ts) and for an empty week.
function load(name: string): WeeklyReport {
  const r = JSON.parse(
    Deno.readTextFileSync(new URL(`../../tests/fixtures/datasets/${name}`, import.meta.url)),
  ) as WeeklyReport;
  r.recommendations = recommend(r, SEEDED_RULE_LIMITS);
  return r;
}

Deno.test("the summary carries requests, tokens, cost, health score, week over week and the first recommendation", () => {
  const m = buildReportMessage(load("fixed_week_report.json"), 17);
  assert.equal(m.title, "Tokenwatch weekly report 2025-W10 (h6app)");
  // 8 requests; 290,000 tokens / 8 = 36,250.00 per request; $2.502 priced + 1 unpriced request;
  // × 4.3 = $10.7586 → $10.76; no health check recorded → n/a; ($2.502 − $0.06) / $0.06 = +4070.0%
  assert.equal(
    m.text,
    "8 requests, 290,000 tokens, cost $2.50 + 1 unpriced, health score n/a, week over week +4070.0% ($0.06 in 2025-W09).",
  );
  assert.deepEqual(m.facts, [
    { label: "Requests", value: "8" },
    { label: "Tokens", value: "290,000 (36,250.00 per request)" },
    { label: "Cost", value: "$2.50 + 1 unpriced; monthly projection $10.76" },
    { label: "Health score", value: "n/a" },
    { label: "Week over week", value: "+4070.0% ($0.06 in 2025-W09)" },
  ]);
  assert.deepEqual(m.numbers, {
    requests: 8,
    total_tokens: 290000,
    cost_usd: 2.502,
    unpriced_requests: 1,
    health_score: null,
    health_status: null,
    week_over_week_change_rate: 40.7,
    monthly_projection_usd: 10.7586,
  });
  // the most severe first: 3 of 12 tool calls failed = 25.0% > 5%
  assert.deepEqual(m.recommendation, {
    id: "tool-failures",
    severity: "high",
    text:
      "Fix failing tools: 25.0% of 12 tool calls failed (limit 5%); fetch_url failed 2 of 6 calls (33.3%).",
  });
  assert.deepEqual([m.kind, m.report_id, m.week, m.app], ["weekly_report", 17, "2025-W10", "h6app"]);
  assert.equal(reportMessageSchema.safeParse(JSON.parse(JSON.stringify(m))).success, true);
});

Deno.test("a health score shows as score/100 (status); an empty week says n/a where nothing divides", () => {
  const full = load("fixed_week_report.json");
  full.executive.health_score = 83;
  full.executive.health_status = "warning";
  assert.equal(buildReportMessage(full, 1).facts[3].value, "83/100 (warning)");
  const empty = buildReportMessage(load("empty_week_report.json"), 2);
  assert.equal(
    empty.text,
    "0 requests, 0 tokens, cost $0.00, health score n/a, week over week n/a (no priced cost in 2025-W11).",
  );
  assert.equal(empty.recommendation?.id, "no-traffic");
});

Deno.test("the key names the week and the app, encoded so a colon cannot merge two reports", () => {
  assert.equal(reportKeyPrefix("2026-W47", null), "tokenwatch:report:weekly:2026-W47");
  assert.equal(reportKeyPrefix("2026-W47", "shop"), "tokenwatch:report:weekly:2026-W47:app:shop");
  assert.equal(
    reportKeyPrefix("2026-W47", "a:channel:1"),
    "tokenwatch:report:weekly:2026-W47:app:a%3Achannel%3A1",
  );
  assert.equal(reportTitle({ week: "2026-W47", app: null }), "Tokenwatch weekly report 2026-W47");
});

Deno.test("the outbox reader refuses a summary of the wrong shape", () => {
  assert.equal(reportMessageSchema.safeParse({ kind: "weekly_report", week: "2026-W47" }).success, false);
});
