/**
 * Reads the rules' measurements from the database (monitoring.measure_alert_rules) and turns
 * numeric strings into numbers. No arithmetic happens here.
 */
import type { Sql } from "../deps/postgres.ts";
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

interface Row {
  rule_id: string;
  rule_name: string;
  description: string | null;
  metric: Metric;
  comparison: Comparison;
  warning_threshold: string | null;
  critical_threshold: string | null;
  baseline: string | null;
  time_window: string;
  window_from: Date;
  window_to: Date;
  history_days: number | null;
  min_requests: number;
  app: string | null;
  environment: string | null;
  model: string | null;
  prompt_variant: string | null;
  cooldown_seconds: string;
  recommendation: string | null;
  requests: string;
  value: string | null;
  reference: string | null;
  compared: string | null;
  history: (string | number | null)[] | null;
}

/** numeric / bigint text to number (null stays null). */
export function toNumber(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

/** Measures every enabled rule (or the given ones) in one query. */
export async function measureRules(sql: Sql, opts: MeasureOptions = {}): Promise<Measured> {
  const [{ now }] = opts.now ? [{ now: opts.now }] : await sql<{ now: Date }[]>`select now() as now`;
  const ids = opts.ruleIds ?? null;
  const rows = await sql<Row[]>`
    select * from monitoring.measure_alert_rules(${now.toISOString()}::timestamptz, ${ids}::bigint[])`;
  const measurements: Measurement[] = [];
  for (const r of rows) {
    const scope = {
      app: r.app,
      environment: r.environment,
      model: r.model,
      prompt_variant: r.prompt_variant,
    };
    const ruleId = Number(r.rule_id);
    measurements.push({
      rule_id: ruleId,
      rule: r.rule_name,
      description: r.description,
      metric: r.metric,
      comparison: r.comparison,
      warning_threshold: toNumber(r.warning_threshold),
      critical_threshold: toNumber(r.critical_threshold),
      baseline: r.baseline,
      window: r.time_window,
      window_from: r.window_from.toISOString(),
      window_to: r.window_to.toISOString(),
      history_days: r.history_days,
      min_requests: r.min_requests,
      scope,
      cooldown_seconds: Number(r.cooldown_seconds),
      recommendation: r.recommendation,
      requests: Number(r.requests),
      value: toNumber(r.value),
      reference: toNumber(r.reference),
      compared: toNumber(r.compared),
      history: r.history === null ? null : r.history.map(toNumber),
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
