/**
 * The channel-neutral message of a budget notification, as monitoring.notify_budgets stores it in
 * monitoring.notifications.message: what was spent of which limit, by which models, and when the limit
 * is reached at the period's pace. Validated when read back from the outbox (outbox.ts), rendered per
 * channel by shared/notify/render_budget.ts.
 */
import { z } from "../deps/zod.ts";

/** The stored budget message. */
export const budgetMessageSchema = z.object({
  kind: z.literal("budget"),
  budget: z.string(),
  scope_value: z.record(z.string()),
  scope_text: z.string(),
  threshold: z.number(),
  severity: z.enum(["WARNING", "CRITICAL"]),
  state: z.enum(["ok", "warning", "exceeded"]),
  percent: z.number(),
  spent_usd: z.number(),
  limit_usd: z.number().nullable(),
  spent_tokens: z.number(),
  limit_tokens: z.number().nullable(),
  period: z.string(),
  time_zone: z.string(),
  period_start: z.string(),
  period_end: z.string(),
  forecast_exhausted_at: z.string().nullable(),
  unpriced_requests: z.number(),
  partly_unpriced: z.boolean(),
  by_model: z.array(z.object({
    model: z.string().nullable(),
    spent_usd: z.number(),
    tokens: z.number(),
    requests: z.number(),
  })),
  title: z.string(),
  text: z.string(),
});

/** A budget notification's message. */
export type BudgetMessage = z.infer<typeof budgetMessageSchema>;
