import assert from "node:assert/strict";
import type { BillingSummary } from "../billing/summary.ts";
import { renderMarkdown } from "../document/render_markdown.ts";
import { BILLING_SECTION_TITLE, billingSection } from "./billing_section.ts";
import type { WeeklyReport } from "./types.ts";

// A week with one OpenAI source: tracked $94.00, billed $100.00 → drift +6 %, $4.00 of it on a
// model Tokenwatch never saw. The numbers are as billing_reconciliation_summary computes them.
const billing: BillingSummary = {
  from: "2025-03-03",
  to: "2025-03-10",
  available: true,
  sources: [
    {
      name: "openai-org",
      provider: "openai",
      enabled: true,
      last_synced_at: "2025-03-10T05:17:00Z",
      last_error: null,
    },
    {
      name: "anthropic-org",
      provider: "anthropic",
      enabled: true,
      last_synced_at: null,
      last_error: "HTTP 401 invalid x-api-key",
    },
  ],
  totals: {
    tracked_cost_usd: 94,
    billed_cost_usd: 100,
    cost_difference_usd: 6,
    drift_pct: 6,
    unattributed_cost_usd: 4,
    coverage: 0.94,
  },
  providers: [{
    provider: "openai",
    tracked_cost_usd: 94,
    billed_cost_usd: 100,
    cost_difference_usd: 6,
    drift_pct: 6,
    unattributed_cost_usd: 4,
    coverage: 0.94,
  }],
  days: [],
  models: [{
    provider: "openai",
    model: "gpt-4o-mini",
    tracked_cost_usd: 0,
    billed_cost_usd: 4,
    cost_difference_usd: 4,
    unattributed_cost_usd: 4,
    tracked_tokens: 0,
    reported_tokens: 120000,
  }],
};

const report = (extra: Record<string, unknown>) => ({ app: null, ...extra }) as unknown as WeeklyReport;

Deno.test("the billing section shows tracked, billed, drift, unattributed spend, coverage and each source", () => {
  const md = renderMarkdown(billingSection(report({ billing })));
  assert.ok(md.startsWith(`## ${BILLING_SECTION_TITLE}`));
  for (
    const part of [
      "$94.00",
      "$100.00",
      "+6.00%",
      "$4.00",
      "94.0%",
      "gpt-4o-mini",
      "120,000",
      "2025-03-10 05:17 UTC",
    ]
  ) {
    assert.ok(md.includes(part), `shows ${part}`);
  }
  assert.match(md, /anthropic-org \(anthropic\): last synced never; last error: HTTP 401 invalid x-api-key/);
  assert.match(md, /1 billing source\(s\) failed their last sync/);
});

Deno.test("without sources, without billing data, and in an app's report the section says why it is empty", () => {
  const none = renderMarkdown(
    billingSection(report({ billing: { ...billing, available: false, sources: [] } })),
  );
  assert.match(none, /No billing source is configured/);
  assert.match(renderMarkdown(billingSection(report({}))), /n\/a \(no billing data in this report\)/);
  assert.match(
    renderMarkdown(billingSection(report({ app: "shop", billing }))),
    /whole organisation: see the report for all apps/,
  );
});
