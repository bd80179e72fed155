/**
 * The messages the outbox delivers, as monitoring.notifications.message stores them: an alert change
 * (built by shared/alerts/message.ts) or a weekly report's summary (built by shared/report/message.ts).
 * notify owns their shape, so that it depends on neither producer; both schemas validate a stored
 * message when it is read back for sending (outbox.ts), instead of a cast.
 */
import { z } from "../deps/zod.ts";

/** The stored message of one alert change. */
export const alertMessageSchema = z.object({
  event: z.enum(["opened", "escalated", "resolved"]),
  severity: z.enum(["WARNING", "CRITICAL"]),
  title: z.string(),
  text: z.string(),
  rule: z.string(),
  /** A key of monitoring.health_metrics (shared/alerts/types.ts Metric). */
  metric: z.string(),
  /** above | below | outside_band | above_rolling_baseline (shared/alerts/types.ts Comparison). */
  comparison: z.string().nullable(),
  value: z.number().nullable(),
  value_text: z.string(),
  threshold: z.number().nullable(),
  threshold_text: z.string().nullable(),
  reference: z.number().nullable(),
  window: z.string().nullable(),
  window_from: z.string().nullable(),
  window_to: z.string().nullable(),
  scope: z.object({
    app: z.string().nullable(),
    environment: z.string().nullable(),
    model: z.string().nullable(),
    prompt_variant: z.string().nullable(),
  }),
  alert_id: z.number().int(),
  fingerprint: z.string(),
  occurrences: z.number().int(),
  first_seen_at: z.string(),
  checked_at: z.string(),
  resolution: z.enum(["recovered", "rule_inactive"]).nullable(),
  recommendation: z.string().nullable(),
});

/** The stored message of one alert change. */
export type AlertMessage = z.infer<typeof alertMessageSchema>;

/** What happened to the alert. */
export type AlertEvent = AlertMessage["event"];

/** The stored summary of one weekly report (validated when read back from the outbox). */
export const reportMessageSchema = z.object({
  kind: z.literal("weekly_report"),
  report_id: z.number().int(),
  week: z.string(),
  app: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  title: z.string(),
  text: z.string(),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  numbers: z.object({
    requests: z.number(),
    total_tokens: z.number(),
    cost_usd: z.number(),
    unpriced_requests: z.number(),
    health_score: z.number().nullable(),
    health_status: z.string().nullable(),
    week_over_week_change_rate: z.number().nullable(),
    monthly_projection_usd: z.number(),
  }),
  recommendation: z.object({ id: z.string(), severity: z.string(), text: z.string() }).nullable(),
});

/** The stored summary of one weekly report. */
export type ReportMessage = z.infer<typeof reportMessageSchema>;
