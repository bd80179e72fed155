/**
 * The tracked-vs-billed chart: per UTC day of the page's window, the cost Tokenwatch tracked
 * (line) beside what the providers billed (bars), from monitoring.billing_reconciliation_summary
 * (data.billing), with the window's drift, unattributed spend and coverage under it. Billing is
 * organisation-wide, so filters do not narrow it. Days without billing data are gaps.
 */
import type { ChartCard } from "./charts.ts";
import { escapeHtml, formatPercent, formatUsd } from "./format.ts";
import { timeChart } from "./svg_chart.ts";
import type { DashboardData } from "./types.ts";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const dayLabel = (day: string): string => {
  const d = new Date(`${day}T00:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()}`;
};

function emptyState(text: string): string {
  return `<p class="empty" data-empty="billing">${escapeHtml(text)}</p>`;
}

/** The chart card (an empty state when no source is configured or no day of the window was billed). */
export function billingChart(data: DashboardData): ChartCard {
  const b = data.billing ?? null;
  const days = data.daily_cost.map((d) => d.day);
  const byDay = new Map((b?.days ?? []).map((d) => [d.day, d]));
  const card = {
    id: "billing",
    title: "Tracked vs billed cost",
    subtitle:
      "USD per UTC day: what Tokenwatch tracked (line) and what the providers' cost reports billed (bars), every app.",
    legend: [{ label: "billed", color: "#9333ea" }, { label: "tracked", color: "#059669" }],
  };
  if (!b || !b.available) {
    return {
      ...card,
      body: emptyState(
        'No billing source configured (monitoring.billing_sources, README "Billing reconciliation").',
      ),
      notes: [],
    };
  }
  if (!days.some((d) => byDay.has(d))) {
    return { ...card, body: emptyState("No billing data for these days yet."), notes: [] };
  }
  const t = b.totals;
  const drift = t.drift_pct === null ? "—" : `${t.drift_pct > 0 ? "+" : ""}${t.drift_pct.toFixed(2)}%`;
  const many = days.length > 10;
  return {
    ...card,
    body: timeChart({
      id: "billing",
      title: "Tracked vs billed cost per day",
      categories: days,
      categoryLabel: (i) => dayLabel(days[i]),
      labelAt: many ? days.map((_, i) => i).filter((i) => i % 5 === 0) : days.map((_, i) => i),
      pointLabel: (i) => `${dayLabel(days[i])} (UTC)`,
      series: [
        {
          id: "billed",
          label: "billed",
          color: "#9333ea",
          kind: "bar",
          values: days.map((d) => byDay.get(d)?.billed_cost_usd ?? null),
        },
        {
          id: "tracked",
          label: "tracked",
          color: "#059669",
          values: days.map((d) => byDay.get(d)?.tracked_cost_usd ?? null),
        },
      ],
      yFormat: formatUsd,
      yTitle: "USD / day",
    }),
    notes: [
      `Billed <strong data-stat="billed" data-value="${t.billed_cost_usd}">${
        escapeHtml(formatUsd(t.billed_cost_usd))
      }</strong>, tracked <strong data-stat="tracked" data-value="${t.tracked_cost_usd}">${
        escapeHtml(formatUsd(t.tracked_cost_usd))
      }</strong>: drift <strong data-stat="drift" data-value="${t.drift_pct ?? ""}">${
        escapeHtml(drift)
      }</strong>.`,
      `Unattributed spend (billed, nothing tracked) ${
        escapeHtml(formatUsd(t.unattributed_cost_usd))
      }; coverage ${escapeHtml(formatPercent(t.coverage))} of billed spend seen.`,
    ],
  };
}
