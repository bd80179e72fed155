/**
 * One weekly-report notification as the outbox holds it when sent (the summary message and the
 * stored report), shared by the tests that render and deliver report notifications. Its
 * recommendation holds characters every format must escape; its JSON holds a number that a
 * JSON.parse / JSON.stringify round trip would change.
 */
import type { ReportMessage } from "./messages.ts";
import type { ReportContent } from "./payload.ts";

export const SAMPLE_REPORT_MESSAGE: ReportMessage = {
  kind: "weekly_report",
  report_id: 7,
  week: "2026-W47",
  app: "shop",
  from: "2026-11-16T00:00:00+00:00",
  to: "2026-11-23T00:00:00+00:00",
  title: "Tokenwatch weekly report 2026-W47 (shop)",
  text:
    "1,200 requests, 480,000 tokens, cost $12.34, health score 92/100 (warning), week over week +10.0% ($11.22 in 2026-W46).",
  facts: [
    { label: "Requests", value: "1,200" },
    { label: "Tokens", value: "480,000 (400.00 per request)" },
    { label: "Cost", value: "$12.34; monthly projection $53.06" },
    { label: "Health score", value: "92/100 (warning)" },
    { label: "Week over week", value: "+10.0% ($11.22 in 2026-W46)" },
  ],
  numbers: {
    requests: 1200,
    total_tokens: 480000,
    cost_usd: 12.34,
    unpriced_requests: 0,
    health_score: 92,
    health_status: "warning",
    week_over_week_change_rate: 0.1,
    monthly_projection_usd: 53.062,
  },
  recommendation: { id: "errors", severity: "high", text: "Reduce errors <5xx> & retries." },
};

export const SAMPLE_REPORT: ReportContent = {
  json:
    '{"kind": "weekly", "week": "2026-W47", "app": "shop", "executive": {"cost_usd": 12.340000000000000001}}',
  html: "<!doctype html><html><body><h1>Tokenwatch weekly report 2026-W47 (shop)</h1></body></html>",
  markdown: "# Tokenwatch weekly report 2026-W47 (shop)\n",
};
