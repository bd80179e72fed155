import assert from "node:assert/strict";
import { billingChart } from "./billing_chart.ts";
import { sampleDashboardData } from "../../tests/fixtures/dashboard/sample_data.ts";

/** [series, x, value] of every point of an SVG. */
function points(svg: string): [string, string, string][] {
  return [...svg.matchAll(/class="pt" data-series="([^"]*)" data-x="([^"]*)" data-value="([^"]*)"/g)].map((
    m,
  ) => [
    m[1],
    m[2],
    m[3],
  ]);
}

Deno.test("tracked vs billed: one bar and one point per billed day, gaps elsewhere, drift in the notes", () => {
  const data = sampleDashboardData(); // days 2026-11-18 .. 24
  data.billing = {
    available: true,
    // 23rd: tracked 0.015, billed 0.02; 24th: tracked 0.02, billed 0.02 → window drift 100 × 0.005 / 0.04 = 12.5 %
    totals: {
      tracked_cost_usd: 0.035,
      billed_cost_usd: 0.04,
      drift_pct: 12.5,
      unattributed_cost_usd: 0,
      coverage: 0.875,
    },
    days: [
      { day: "2026-11-23", tracked_cost_usd: 0.015, billed_cost_usd: 0.02, drift_pct: 25 },
      { day: "2026-11-24", tracked_cost_usd: 0.02, billed_cost_usd: 0.02, drift_pct: 0 },
    ],
  };
  const card = billingChart(data);
  assert.equal(card.id, "billing");
  const pts = points(card.body);
  assert.deepEqual(pts.filter((p) => p[0] === "billed").map((p) => p[2]), ["0.02", "0.02"]);
  assert.deepEqual(pts.filter((p) => p[0] === "tracked").map((p) => p[2]), ["0.015", "0.02"]);
  assert.match(card.notes[0], /data-stat="drift" data-value="12.5">\+12.50%</);
  assert.match(card.notes[1], /coverage 87.5%/);
});

Deno.test("tracked vs billed: empty states without a source and without billed days", () => {
  const data = sampleDashboardData();
  assert.match(billingChart(data).body, /data-empty="billing">No billing source configured/);
  data.billing = {
    available: true,
    totals: {
      tracked_cost_usd: 0,
      billed_cost_usd: 0,
      drift_pct: null,
      unattributed_cost_usd: 0,
      coverage: null,
    },
    days: [],
  };
  assert.match(billingChart(data).body, /No billing data for these days yet/);
});
