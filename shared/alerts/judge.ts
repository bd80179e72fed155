/**
 * Judging one measured rule: which severity its numbers deserve. The database has already
 * computed `compared` (the value, its distance from a band centre, or its ratio to history) in
 * exact numeric; here it is only compared with the thresholds.
 *
 * - A value exactly AT a threshold passes; only crossing it fails (`above`, `outside_band` and
 *   `above_rolling_baseline` fail when compared > threshold, `below` when compared < threshold).
 * - CRITICAL when the critical threshold is crossed, else WARNING when the warning threshold
 *   is, else INFO.
 * - Not judged (INFO, `judged: false`, with a reason) when the window has fewer requests than
 *   `min_requests`, when the metric has no value (e.g. no tool calls for a failure rate), when
 *   a rolling rule has no history, or when a rule has no threshold to apply.
 */
import { formatThreshold, formatValue, metricLabel, windowLabel } from "./format.ts";
import { recommendationFor } from "./recommend.ts";
import type { Check, Measurement, Severity } from "./types.ts";

/** Per-run overrides (never stored in the rule). */
export interface JudgeOverrides {
  /** System-prompt tolerance (± tokens) for `outside_band` rules on avg_system_prompt_tokens: the CRITICAL half-width for this run. */
  systemPromptTolerance?: number;
}

/** The thresholds in force for this run, after overrides. */
export function effectiveThresholds(
  m: Measurement,
  overrides: JudgeOverrides = {},
): { warning: number | null; critical: number | null } {
  const tolerance = overrides.systemPromptTolerance;
  if (tolerance !== undefined && m.metric === "avg_system_prompt_tokens" && m.comparison === "outside_band") {
    const warning = m.warning_threshold !== null && m.warning_threshold < tolerance
      ? m.warning_threshold
      : null;
    return { warning, critical: tolerance };
  }
  return { warning: m.warning_threshold, critical: m.critical_threshold };
}

/** Whether the measured `compared` crosses a threshold (null never does). */
function crosses(m: Measurement, threshold: number | null): boolean {
  if (threshold === null || m.compared === null) return false;
  return m.comparison === "below" ? m.compared < threshold : m.compared > threshold;
}

/** The thresholds in force for a run. */
interface Limits {
  warning: number | null;
  critical: number | null;
}

function notJudgedReason(m: Measurement, { warning, critical }: Limits): string | null {
  if (m.requests < m.min_requests) {
    return `${m.requests} requests in the window, fewer than the ${m.min_requests} this rule needs`;
  }
  if (m.value === null) return `no ${metricLabel(m.metric)} in the window (nothing to divide by)`;
  if (
    m.comparison === "above_rolling_baseline" &&
    (m.reference === null || m.reference === 0 || m.compared === null)
  ) {
    const what = metricLabel(m.metric);
    const days = m.history_days ?? 0;
    return `no history: ${what} was 0 or unknown in the same hours of the previous ${days} days`;
  }
  if (m.comparison === "outside_band" && m.reference === null) {
    return `baseline ${m.baseline ?? "(none)"} has no centre for this metric`;
  }
  if (warning === null && critical === null) {
    return "no threshold to apply (set one on the rule, or a tolerance on its baseline)";
  }
  if (m.compared === null) return "nothing to compare";
  return null;
}

function describe(m: Measurement, { severity, warning, critical }: Limits & { severity: Severity }): string {
  const label = metricLabel(m.metric);
  const value = formatValue(m.metric, m.value);
  const where = windowLabel(m.window, m.comparison);
  const crossed = severity === "CRITICAL"
    ? critical
    : severity === "WARNING"
    ? warning
    : (critical ?? warning);
  if (m.comparison === "outside_band") {
    const centre = formatValue(m.metric, m.reference);
    const band = crossed === null ? "" : ` ${formatThreshold(crossed, m)}`;
    return severity === "INFO"
      ? `${label} ${value} is within ${centre}${band} (${where})`
      : `${label} ${value} is outside ${centre}${band} (${where})`;
  }
  if (m.comparison === "above_rolling_baseline") {
    const ratio = m.compared === null ? "n/a" : `${Number(m.compared.toFixed(2))}x`;
    const usual = formatValue(m.metric, m.reference);
    const limit = crossed === null ? "" : `, limit ${formatThreshold(crossed, m)}`;
    return `${label} ${value} in the ${where} is ${ratio} the ${m.history_days}-day average of ${usual}${limit}`;
  }
  const limit = crossed === null ? "n/a" : formatValue(m.metric, crossed);
  if (severity === "INFO") {
    return `${label} ${value} is within ${m.comparison === "below" ? "≥" : "≤"} ${limit} (${where})`;
  }
  return `${label} ${value} is ${m.comparison === "below" ? "below" : "above"} ${limit} (${where})`;
}

/** Judges one measured rule. */
export function judge(m: Measurement, overrides: JudgeOverrides = {}): Check {
  const { warning, critical } = effectiveThresholds(m, overrides);
  const reason = notJudgedReason(m, { warning, critical });
  const judged = reason === null;
  let severity: Severity = "INFO";
  if (judged) {
    if (crosses(m, critical)) severity = "CRITICAL";
    else if (crosses(m, warning)) severity = "WARNING";
  }
  const passed = judged && severity === "INFO";
  const check: Check = {
    rule: m.rule,
    rule_id: m.rule_id,
    metric: m.metric,
    comparison: m.comparison,
    value: m.value,
    reference: m.reference,
    compared: m.compared,
    warning_threshold: warning,
    critical_threshold: critical,
    severity,
    judged,
    passed,
    reason,
    window: m.window,
    window_from: m.window_from,
    window_to: m.window_to,
    requests: m.requests,
    min_requests: m.min_requests,
    scope: m.scope,
    history: m.history,
    cooldown_seconds: m.cooldown_seconds,
    fingerprint: m.fingerprint,
    message: judged ? describe(m, { severity, warning, critical }) : `${m.rule}: not judged, ${reason}`,
    recommendation: null,
  };
  check.recommendation = recommendationFor(check, m.recommendation);
  return check;
}
