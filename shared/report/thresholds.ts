/**
 * The limits the weekly report's recommendations compare with: read from the enabled
 * `monitoring.alert_rules`, so that editing, adding or disabling a rule changes the report as it
 * changes the alerts (one place for each threshold). Only what has no alert rule is a constant
 * here ({@link REPORT_ONLY_LIMITS}).
 *
 * For each metric the report judges, the rules that count are the enabled `above` rules on that
 * metric whose scope fits the whole report: no environment, model or prompt variant, and no app or
 * the report's app. The cost rule must also measure the UTC day (`today`), as the report's daily
 * cost does. Of those, the lowest threshold (WARNING when set, else CRITICAL) is the limit: the
 * first one an alert would fire at. No such rule: no limit, and no recommendation on that metric.
 */
import type { Sql, TransactionSql } from "../deps/postgres.ts";
import { z } from "../deps/zod.ts";

/** Limits taken from alert rules; null where no enabled rule sets one. */
export interface RuleThresholds {
  /** tool_failure_rate (fraction 0..1). */
  toolFailureRate: number | null;
  /** error_rate (fraction 0..1). */
  errorRate: number | null;
  /** avg_tokens_per_request (tokens). */
  avgTokensPerRequest: number | null;
  /** cost_usd over `today` (USD a UTC day). */
  dailyCostUsd: number | null;
}

/** Limits of the report alone (no alert rule measures these). */
export const REPORT_ONLY_LIMITS = {
  /** Week-over-week cost growth (fraction) worth a recommendation. */
  weekOverWeekIncrease: 0.25,
  /** A day needs this many requests before its error rate is worth a recommendation. */
  minRequestsForDailyRate: 20,
} as const;

const RULE_METRICS = {
  toolFailureRate: { metric: "tool_failure_rate", window: null },
  errorRate: { metric: "error_rate", window: null },
  avgTokensPerRequest: { metric: "avg_tokens_per_request", window: null },
  dailyCostUsd: { metric: "cost_usd", window: "today" },
} as const satisfies Record<keyof RuleThresholds, { metric: string; window: string | null }>;

/** One row of the query below; numeric arrives as text (full precision), parsed here. */
const thresholdRow = z.object({
  key: z.enum(["toolFailureRate", "errorRate", "avgTokensPerRequest", "dailyCostUsd"]),
  threshold: z.string().regex(/^\d+(\.\d+)?$/).transform(Number).nullable(),
});

/** Reads the limits for a report of `app` (null = all apps), inside the caller's snapshot. */
export async function readRuleThresholds(
  sql: Sql | TransactionSql,
  app: string | null,
): Promise<RuleThresholds> {
  const wanted = Object.entries(RULE_METRICS).map(([key, m]) => ({
    key,
    metric: m.metric,
    window: m.window,
  }));
  const rows = await sql`
    select w.key, min(coalesce(r.warning_threshold, r.critical_threshold))::text as threshold
    from jsonb_to_recordset(${sql.json(wanted)}) as w(key text, metric text, "window" text)
    left join monitoring.alert_rules r
      on r.enabled and r.comparison = 'above' and r.metric = w.metric
     and (w."window" is null or r.time_window = w."window")
     and r.environment is null and r.model is null and r.prompt_variant is null
     and (r.app is null or r.app = ${app}::text)
    group by w.key`;
  const out: RuleThresholds = {
    toolFailureRate: null,
    errorRate: null,
    avgTokensPerRequest: null,
    dailyCostUsd: null,
  };
  for (const row of z.array(thresholdRow).parse(rows)) out[row.key] = row.threshold;
  return out;
}
