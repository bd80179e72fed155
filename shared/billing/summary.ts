/**
 * The billing reconciliation summary (monitoring.billing_reconciliation_summary) as the weekly
 * report and the dashboard read it: validated with zod where it crosses from the database, and
 * loaded with one query. Numbers arrive as JSON numbers computed by SQL; nothing is added here.
 */
import type { Sql } from "../deps/postgres.ts";
import { z } from "../deps/zod.ts";

const money = z.number();
const rate = z.number().nullable();

const Totals = z.object({
  tracked_cost_usd: money,
  billed_cost_usd: money,
  cost_difference_usd: money,
  drift_pct: rate,
  unattributed_cost_usd: money,
  coverage: rate,
});

export const BillingSummarySchema = z.object({
  from: z.string(),
  to: z.string(),
  available: z.boolean(),
  sources: z.array(z.object({
    name: z.string(),
    provider: z.string(),
    enabled: z.boolean(),
    last_synced_at: z.string().nullable(),
    last_error: z.string().nullable(),
  })),
  totals: Totals,
  providers: z.array(Totals.extend({ provider: z.string() })),
  days: z.array(
    z.object({ day: z.string(), tracked_cost_usd: money, billed_cost_usd: money, drift_pct: rate }),
  ),
  models: z.array(z.object({
    provider: z.string(),
    model: z.string().nullable(),
    tracked_cost_usd: money,
    billed_cost_usd: money,
    cost_difference_usd: money,
    unattributed_cost_usd: money,
    tracked_tokens: z.number(),
    reported_tokens: z.number(),
  })),
});

/** The summary of UTC days [from, to). */
export type BillingSummary = z.infer<typeof BillingSummarySchema>;

/** Loads the summary of the UTC days [from, to) (YYYY-MM-DD). */
export async function loadBillingSummary(sql: Sql, from: string, to: string): Promise<BillingSummary> {
  const [row] = await sql<{ summary: unknown }[]>`
    select monitoring.billing_reconciliation_summary(${from}::date, ${to}::date) as summary`;
  return BillingSummarySchema.parse(row.summary);
}
