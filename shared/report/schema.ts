/**
 * zod read schema of the weekly report document (monitoring.weekly_report_data, then
 * monitoring.report_json), matching types.ts: the report is checked when it is read, instead of
 * cast, so a document of the wrong shape fails naming the field. Objects pass unknown keys through
 * (shared/tracking/schema.ts `doc`), so a section SQL adds later reaches the renderers untouched.
 */
import { z } from "../deps/zod.ts";
import {
  baselineComparisonSchema,
  dayTotalsShape,
  doc,
  latencySchema,
  modelUsageSchema,
  n,
  usageSummarySchema,
} from "../tracking/schema.ts";
import type { AlertsOfWeek, HealthChecks, Recommendation, WeeklyReport } from "./types.ts";

const count = z.number();
const text = z.string();
const nullableText = z.string().nullable();
/** Any JSON value (a measured value or threshold as SQL stored it); the key must be present. */
const jsonValue = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.null(),
  z.array(z.unknown()),
  z.record(z.unknown()),
]);
const checkPoint = doc({ checked_at: text, score: count, status: text }).nullable();

const healthChecksSchema: z.ZodType<HealthChecks> = doc({
  available: z.boolean(),
  reason: text.optional(),
  count: count.optional(),
  avg_score: n.optional(),
  min_score: n.optional(),
  max_score: n.optional(),
  by_status: doc({ healthy: count, warning: count, critical: count }).optional(),
  latest: checkPoint.optional(),
  worst: checkPoint.optional(),
  failing_rules: z.array(doc({
    rule: nullableText,
    failed_checks: count,
    worst_severity: nullableText,
    last_value: jsonValue,
    last_message: nullableText,
  })).optional(),
});

const alertsOfWeekSchema: z.ZodType<AlertsOfWeek> = doc({
  available: z.boolean(),
  reason: text.optional(),
  active: count.optional(),
  opened: count.optional(),
  resolved: count.optional(),
  open_at_end: count.optional(),
  critical: count.optional(),
  warning: count.optional(),
  list: z.array(doc({
    rule: nullableText,
    severity: nullableText,
    state_at_end: z.enum(["open", "resolved"]),
    first_seen_at: nullableText,
    last_seen_at: nullableText,
    resolved_at: nullableText,
    occurrences: n,
    value: jsonValue,
    threshold: jsonValue,
    message: nullableText,
  })).optional(),
});

export const recommendationSchema: z.ZodType<Recommendation> = doc({
  id: text,
  severity: z.enum(["high", "medium", "low", "info"]),
  text: text,
  metric: text,
  value: z.union([z.number(), z.string(), z.boolean()]).nullable(),
});

/** The weekly report document. */
export const weeklyReportSchema: z.ZodType<WeeklyReport> = doc({
  kind: z.literal("weekly"),
  week: text,
  from: text,
  to: text,
  app: nullableText,
  data_as_of: text,
  complete: z.boolean(),
  executive: doc({
    requests: count,
    total_tokens: count,
    avg_tokens_per_request: n,
    cost_usd: count,
    priced_requests: count,
    unpriced_requests: count,
    error_rate: n,
    tool_success_rate: n,
    health_score: n,
    health_status: nullableText,
    health_checked_at: nullableText,
    avg_health_score: n,
    open_alerts_at_end: n,
    target_met: z.boolean().nullable(),
    target_avg_system_prompt_tokens: n,
    target_savings_rate: n,
    promised_savings_rate: n,
    dollars_saved_usd: n,
    monthly_projection_usd: count,
    week_over_week_change_rate: n,
    days_outside_band: z.array(text),
  }),
  usage: usageSummarySchema,
  per_day: z.array(doc({
    ...dayTotalsShape,
    target_avg_system_prompt_tokens: n,
    target_band_status: z.enum(["above", "in_band", "below"]).nullable(),
  })),
  savings: baselineComparisonSchema,
  cost: doc({
    cost_usd: count,
    priced_requests: count,
    unpriced_requests: count,
    cost_per_request: n,
    by_model: z.array(modelUsageSchema),
    previous_week: doc({ week: text, requests: count, cost_usd: count, unpriced_requests: count }),
    week_over_week_change_usd: count,
    week_over_week_change_rate: n,
    monthly_projection_factor: count,
    monthly_projection_usd: count,
    month_to_date: doc({
      month: text,
      from: text,
      to: text,
      cost_usd: count,
      requests: count,
      unpriced_requests: count,
      days_elapsed: count,
      days_in_month: count,
      forecast_usd: n,
    }),
    return_vs_traditional: doc({
      dollars_saved_usd: n,
      requests_counted: count,
      traditional_cost_usd_est: n,
      saved_share_of_cost: n,
      monthly_savings_projection_usd: n,
    }),
  }),
  tools: doc({
    tool_calls: count,
    tool_failures: count,
    failure_rate: n,
    success_rate: n,
    tools: z.array(doc({
      tool_name: text,
      requests: count,
      calls: count,
      failures: count,
      failure_rate: n,
      success_rate: n,
    })),
  }),
  reliability: doc({
    requests: count,
    errors: count,
    error_rate: n,
    by_error_type: z.array(doc({ error_type: nullableText, errors: count, share_of_errors: n, rate: n })),
    by_model: z.array(doc({ provider: text, model: text, requests: count, errors: count, error_rate: n })),
    worst_day: doc({ day: text, errors: count, requests: count, error_rate: n }).nullable(),
    latency_ms: latencySchema,
  }),
  health: doc({ checks: healthChecksSchema, alerts: alertsOfWeekSchema }),
  recommendations: z.array(recommendationSchema).optional(),
  generated_at: text.optional(),
  regenerated_at: nullableText.optional(),
  generation: count.optional(),
  generated_by: text.optional(),
});

/** The report of a JSON text, checked; throws naming the first field of the wrong shape. */
export function parseWeeklyReport(json: string): WeeklyReport {
  const parsed = weeklyReportSchema.safeParse(JSON.parse(json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`weekly report document: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "?"}`);
  }
  return parsed.data;
}
