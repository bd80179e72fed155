/**
 * Reads the rules' measurements from the database (monitoring.measure_alert_rules), checking each
 * row with a zod schema (a metric or comparison it does not know, a number that is not one, fails
 * naming the field) and turning numeric strings into numbers. No arithmetic happens here.
 */
import type { Sql } from "../deps/postgres.ts";
import { z } from "../deps/zod.ts";
import { alertFingerprint } from "./fingerprint.ts";
import type { Comparison, Measurement, Metric } from "./types.ts";

/** Options for {@link measureRules}. */
export interface MeasureOptions {
  /** Measure as of this instant; the database's now() by default. */
  now?: Date;
  /** Only these rules (enabled or not); every enabled rule by default. */
  ruleIds?: number[];
}

/** The measurements and the instant they were taken at. */
export interface Measured {
  measuredAt: Date;
  measurements: Measurement[];
}

const METRICS = [
  "avg_system_prompt_tokens",
  "avg_tokens_per_request",
  "tool_failure_rate",
  "error_rate",
  "cost_usd",
  "requests",
  "unpriced_requests",
  "unpriced_share",
  "total_tokens",
  "billing_drift",
] as const satisfies readonly Metric[];
const COMPARISONS = [
  "above",
  "below",
  "outside_band",
  "above_rolling_baseline",
] as const satisfies readonly Comparison[];

/** numeric / bigint as postgres.js returns them (text), read as a number; null stays null. */
const numeric = z.union([z.string(), z.number()]).transform(Number).refine(Number.isFinite, "not a number");
const nullableNumeric = numeric.nullable();
const nullableText = z.string().nullable();

/** One row of monitoring.measure_alert_rules, checked as it crosses from SQL. */
const measurementRow = z.object({
  rule_id: numeric,
  rule_name: z.string(),
  description: nullableText,
  metric: z.enum(METRICS),
  comparison: z.enum(COMPARISONS),
  warning_threshold: nullableNumeric,
  critical_threshold: nullableNumeric,
  baseline: nullableText,
  time_window: z.string(),
  window_from: z.date(),
  window_to: z.date(),
  history_days: z.number().int().nullable(),
  min_requests: z.number().int(),
  app: nullableText,
  environment: nullableText,
  model: nullableText,
  prompt_variant: nullableText,
  cooldown_seconds: numeric,
  recommendation: nullableText,
  requests: numeric,
  value: nullableNumeric,
  reference: nullableNumeric,
  compared: nullableNumeric,
  history: z.array(nullableNumeric).nullable(),
});

/** Measures every enabled rule (or the given ones) in one query. */
export async function measureRules(sql: Sql, opts: MeasureOptions = {}): Promise<Measured> {
  const [{ now }] = opts.now ? [{ now: opts.now }] : await sql<{ now: Date }[]>`select now() as now`;
  const ids = opts.ruleIds ?? null;
  const rows = z.array(measurementRow).parse(
    await sql`
      select * from monitoring.measure_alert_rules(${now.toISOString()}::timestamptz, ${ids}::bigint[])`,
  );
  const measurements: Measurement[] = [];
  for (const r of rows) {
    const scope = {
      app: r.app,
      environment: r.environment,
      model: r.model,
      prompt_variant: r.prompt_variant,
    };
    const ruleId = r.rule_id;
    measurements.push({
      rule_id: ruleId,
      rule: r.rule_name,
      description: r.description,
      metric: r.metric,
      comparison: r.comparison,
      warning_threshold: r.warning_threshold,
      critical_threshold: r.critical_threshold,
      baseline: r.baseline,
      window: r.time_window,
      window_from: r.window_from.toISOString(),
      window_to: r.window_to.toISOString(),
      history_days: r.history_days,
      min_requests: r.min_requests,
      scope,
      cooldown_seconds: r.cooldown_seconds,
      recommendation: r.recommendation,
      requests: r.requests,
      value: r.value,
      reference: r.reference,
      compared: r.compared,
      history: r.history,
      fingerprint: await alertFingerprint({
        rule_id: ruleId,
        metric: r.metric,
        comparison: r.comparison,
        scope,
      }),
    });
  }
  return { measuredAt: now, measurements };
}
