/**
 * The weekly report's "Billing reconciliation" section: the week's tracked cost beside what the
 * providers billed (monitoring.billing_reconciliation_summary, read into the report JSON as
 * `billing` by store.ts). Billing is organisation-wide, so only the all-apps report carries it;
 * an app's report says where to look. A report JSON without `billing` (older reports, databases
 * without billing) gets a line saying so.
 */
import { BillingSummarySchema } from "../billing/summary.ts";
import { type Block, number, tableOr, text } from "../document/document.ts";
import { int, NA, pct, usd, utcMinute } from "../document/format.ts";
import type { WeeklyReport } from "./types.ts";

/** The section's heading. */
export const BILLING_SECTION_TITLE = "9. Billing reconciliation";

/** drift_pct (already a percentage) as text. */
function driftText(value: number | null): string {
  return value === null ? NA : `${value > 0 ? "+" : ""}${value.toFixed(2)}%`;
}

/** The section's blocks for a report. */
export function billingSection(report: WeeklyReport): Block[] {
  const blocks: Block[] = [{ kind: "section", text: BILLING_SECTION_TITLE }];
  const raw = (report as unknown as { billing?: unknown }).billing;
  if (report.app) {
    blocks.push({
      kind: "paragraph",
      text: "Billing is reconciled for the whole organisation: see the report for all apps.",
    });
    return blocks;
  }
  const parsed = raw === undefined || raw === null ? null : BillingSummarySchema.safeParse(raw);
  if (parsed === null || !parsed.success) {
    blocks.push({ kind: "paragraph", text: "n/a (no billing data in this report)." });
    return blocks;
  }
  const b = parsed.data;
  if (!b.available) {
    blocks.push({
      kind: "paragraph",
      text:
        'No billing source is configured: add one to monitoring.billing_sources (README "Billing reconciliation") to compare tracked cost with the providers\' bills.',
    });
    return blocks;
  }
  const t = b.totals;
  blocks.push({
    kind: "facts",
    items: [
      { label: "Tracked cost", value: usd(t.tracked_cost_usd) },
      { label: "Billed cost", value: usd(t.billed_cost_usd) },
      { label: "Difference (billed - tracked)", value: usd(t.cost_difference_usd) },
      { label: "Drift", value: driftText(t.drift_pct) },
      { label: "Unattributed spend (billed, nothing tracked)", value: usd(t.unattributed_cost_usd) },
      { label: "Coverage (share of billed spend seen)", value: pct(t.coverage, 1) },
    ],
  });
  blocks.push(tableOr(
    [
      text("Provider"),
      number("Tracked"),
      number("Billed"),
      number("Drift"),
      number("Unattributed"),
      number("Coverage"),
    ],
    b.providers.map((p) => [
      p.provider,
      usd(p.tracked_cost_usd),
      usd(p.billed_cost_usd),
      driftText(p.drift_pct),
      usd(p.unattributed_cost_usd),
      pct(p.coverage, 1),
    ]),
    "No billing data for this week yet.",
  ));
  if (b.models.length > 0) {
    blocks.push({ kind: "subsection", text: "Largest differences by model" });
    blocks.push(tableOr(
      [
        text("Provider"),
        text("Model"),
        number("Tracked"),
        number("Billed"),
        number("Difference"),
        number("Tracked tokens"),
        number("Reported tokens"),
      ],
      b.models.map((m) => [
        m.provider,
        m.model ?? "(no model: tools, storage, other line items)",
        usd(m.tracked_cost_usd),
        usd(m.billed_cost_usd),
        usd(m.cost_difference_usd),
        int(m.tracked_tokens),
        int(m.reported_tokens),
      ]),
      "",
    ));
  }
  const failing = b.sources.filter((s) => s.last_error !== null);
  blocks.push({
    kind: "list",
    items: b.sources.map((s) =>
      `${s.name} (${s.provider}${s.enabled ? "" : ", disabled"}): last synced ${
        s.last_synced_at ? utcMinute(s.last_synced_at) : "never"
      }${s.last_error ? `; last error: ${s.last_error}` : ""}`
    ),
  });
  if (failing.length > 0) {
    blocks.push({
      kind: "paragraph",
      text: `${failing.length} billing source(s) failed their last sync; their numbers may be incomplete.`,
    });
  }
  return blocks;
}
