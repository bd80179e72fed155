/**
 * The channel-neutral message of an alert notification, stored in monitoring.notifications.message
 * and rendered per channel (shared/notify/render.ts) when it is sent (its shape: shared/notify/messages.ts).
 */
import { formatThreshold, formatValue, metricLabel, windowLabel } from "./format.ts";
import type { AlertEvent, AlertMessage } from "../notify/messages.ts";
import type { AlertSeverity, Check, Metric, Scope } from "./types.ts";

/** The alert as it is after the change. */
export interface AlertSnapshot {
  id: number;
  fingerprint: string;
  rule_name: string;
  metric: Metric;
  scope: Scope;
  severity: AlertSeverity;
  value: number | null;
  threshold: number | null;
  first_seen_at: string;
  occurrences: number;
  resolution: "recovered" | "rule_inactive" | null;
}

/** Options for {@link buildAlertMessage}. */
export interface MessageInput {
  event: AlertEvent;
  alert: AlertSnapshot;
  /** The check that caused it (null when a rule was disabled or deleted). */
  check: Check | null;
  checkedAt: string;
}

function resolvedAfter(alert: AlertSnapshot): string {
  return `Resolved after ${alert.occurrences} failing check(s) since ${alert.first_seen_at}.`;
}

function scopeText(scope: Scope): string {
  const parts = Object.entries(scope).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? "" : ` [${parts.join(", ")}]`;
}

/** Builds the message for one alert change. */
export function buildAlertMessage(input: MessageInput): AlertMessage {
  const { event, alert, check } = input;
  const value = check ? check.value : alert.value;
  const comparison = check?.comparison ?? null;
  const threshold = event === "resolved"
    ? (check ? check.critical_threshold ?? check.warning_threshold : alert.threshold)
    : alert.threshold;
  const thresholdText = threshold === null || comparison === null
    ? null
    : formatThreshold(threshold, { metric: alert.metric, comparison });
  const where = check ? ` (${windowLabel(check.window, check.comparison)})` : "";
  const name = `${alert.rule_name}${scopeText(alert.scope)}`;
  let title: string;
  let text: string;
  if (event === "resolved") {
    title = `[RESOLVED] ${name}`;
    text = alert.resolution === "rule_inactive"
      ? `The rule was disabled, deleted or re-scoped; the ${alert.severity} alert open since ${alert.first_seen_at} is closed.`
      : `${check?.message ?? metricLabel(alert.metric)}. ${resolvedAfter(alert)}`;
  } else {
    const verb = event === "opened" ? "opened" : "escalated to CRITICAL";
    title = `[${alert.severity}] ${name} ${verb}`;
    text = `${check?.message ?? `${metricLabel(alert.metric)} ${formatValue(alert.metric, value)}${where}`}.`;
  }
  return {
    event,
    severity: alert.severity,
    title,
    text,
    rule: alert.rule_name,
    metric: alert.metric,
    comparison,
    value,
    value_text: formatValue(alert.metric, value),
    threshold,
    threshold_text: thresholdText,
    reference: check?.reference ?? null,
    window: check?.window ?? null,
    window_from: check?.window_from ?? null,
    window_to: check?.window_to ?? null,
    scope: alert.scope,
    alert_id: alert.id,
    fingerprint: alert.fingerprint,
    occurrences: alert.occurrences,
    first_seen_at: alert.first_seen_at,
    checked_at: input.checkedAt,
    resolution: alert.resolution,
    recommendation: event === "resolved" ? null : check?.recommendation ?? null,
  };
}
