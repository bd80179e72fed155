/**
 * A budget row as monitoring.check_budget returns it and the HTTP API sends it (the shared contract
 * with the TypeScript client): read from the database as JSON and validated here, not cast.
 */
import { z } from "../deps/zod.ts";

const isoInstant = z.string().transform((s, ctx) => {
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: `not a timestamp: ${s}` });
    return z.NEVER;
  }
  return d.toISOString();
});

/** One budget that applies to a scope, with its spend and state in the current period. */
export const budgetRowSchema = z.object({
  budget: z.string(),
  scope_value: z.record(z.string()),
  period_start: isoInstant,
  period_end: isoInstant,
  limit_usd: z.number().nullable(),
  spent_usd: z.number(),
  remaining_usd: z.number().nullable(),
  limit_tokens: z.number().nullable(),
  spent_tokens: z.number(),
  percent: z.number().nullable(),
  state: z.enum(["ok", "warning", "exceeded"]),
  enforce: z.boolean(),
  unpriced_requests: z.number(),
  /** Unpriced requests were listed, not counted (no fallback price configured). */
  partly_unpriced: z.boolean(),
  forecast_exhausted_at: isoInstant.nullable(),
});

/** A budget row (see {@link budgetRowSchema}). */
export type BudgetRow = z.infer<typeof budgetRowSchema>;

/** The worst state among rows: exceeded over warning over ok (ok when there are none). */
export function worstState(rows: readonly Pick<BudgetRow, "state">[]): BudgetRow["state"] {
  if (rows.some((r) => r.state === "exceeded")) return "exceeded";
  if (rows.some((r) => r.state === "warning")) return "warning";
  return "ok";
}
