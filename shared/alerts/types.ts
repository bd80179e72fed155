/**
 * The shapes check-alerts works with: what the database measured for a rule
 * (monitoring.measure_alert_rules), and what the rule was judged to be (a check).
 */

/** How bad a check is: INFO passes (or was not judged); WARNING and CRITICAL fail. */
export type Severity = "INFO" | "WARNING" | "CRITICAL";

/** The severities an alert can have. */
export type AlertSeverity = Exclude<Severity, "INFO">;

/** Overall status of a health check. */
export type HealthStatus = "healthy" | "warning" | "critical";

/** Keys of monitoring.health_metrics a rule can watch. */
export type Metric =
  | "avg_system_prompt_tokens"
  | "avg_tokens_per_request"
  | "tool_failure_rate"
  | "error_rate"
  | "cost_usd"
  | "requests"
  | "unpriced_requests"
  | "unpriced_share"
  | "total_tokens"
  | "billing_drift";

/** How a rule compares its metric (see the alert_rules migration). */
export type Comparison = "above" | "below" | "outside_band" | "above_rolling_baseline";

/** A rule's scope; null means every value. */
export interface Scope {
  app: string | null;
  environment: string | null;
  model: string | null;
  prompt_variant: string | null;
}

/** One rule as measured by the database (numbers already converted from numeric). */
export interface Measurement {
  rule_id: number;
  rule: string;
  description: string | null;
  metric: Metric;
  comparison: Comparison;
  warning_threshold: number | null;
  critical_threshold: number | null;
  baseline: string | null;
  window: string;
  window_from: string;
  window_to: string;
  history_days: number | null;
  min_requests: number;
  scope: Scope;
  cooldown_seconds: number;
  recommendation: string | null;
  requests: number;
  value: number | null;
  /** Band centre, or the history average of a rolling rule; null otherwise. */
  reference: number | null;
  /** What is compared with the thresholds, computed in SQL: value, |value - centre|, or value / history. */
  compared: number | null;
  /** Rolling rules: the metric on each previous day, day 1 first. */
  history: (number | null)[] | null;
  /** sha256 of the rule and its scope (see fingerprint.ts). */
  fingerprint: string;
}

/** One judged rule, as check-alerts returns it and monitoring.health_checks.checks stores it. */
export interface Check {
  rule: string;
  rule_id: number;
  metric: Metric;
  comparison: Comparison;
  value: number | null;
  reference: number | null;
  compared: number | null;
  warning_threshold: number | null;
  critical_threshold: number | null;
  severity: Severity;
  /** false when the rule had too few requests, no value, or nothing to compare with. */
  judged: boolean;
  /** true when judged and INFO. */
  passed: boolean;
  /** Why the check was not judged; null when it was. */
  reason: string | null;
  window: string;
  window_from: string;
  window_to: string;
  requests: number;
  min_requests: number;
  scope: Scope;
  history: (number | null)[] | null;
  cooldown_seconds: number;
  fingerprint: string;
  /** One line saying what was found. */
  message: string;
  /** What to do; only for failing checks. */
  recommendation: string | null;
}

/** Order of severities, for comparisons. */
export const SEVERITY_RANK: Record<Severity, number> = { INFO: 0, WARNING: 1, CRITICAL: 2 };
