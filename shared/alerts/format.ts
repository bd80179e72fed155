/**
 * How metric values, thresholds and windows read in messages, notifications and the CLI.
 */
import type { Comparison, Metric } from "./types.ts";

const LABELS: Record<Metric, string> = {
  avg_system_prompt_tokens: "average system-prompt tokens",
  avg_tokens_per_request: "average tokens per request",
  tool_failure_rate: "tool failure rate",
  error_rate: "error rate",
  cost_usd: "cost",
  requests: "requests",
  unpriced_requests: "unpriced requests",
  unpriced_share: "unpriced share",
  total_tokens: "total tokens",
  billing_drift: "billing drift (billed vs tracked cost)",
};

const RATES: ReadonlySet<Metric> = new Set([
  "tool_failure_rate",
  "error_rate",
  "unpriced_share",
  "billing_drift",
]);

/** The metric's name in words. */
export function metricLabel(metric: Metric): string {
  return LABELS[metric];
}

/** Drops trailing zeros of a fixed-point number: 5.50 -> 5.5, 6.00 -> 6. */
function trimmed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** Dollars with at least 2 and at most 6 decimals: 10 -> 10.00, 10.001 -> 10.001, 0.0042 -> 0.0042. */
function money(value: number): string {
  const text = trimmed(value, 6);
  const decimals = text.includes(".") ? text.length - text.indexOf(".") - 1 : 0;
  return decimals >= 2 ? text : value.toFixed(2);
}

/** A metric value for people: rates as percentages, cost in dollars, counts as numbers. */
export function formatValue(metric: Metric, value: number | null): string {
  if (value === null) return "n/a";
  if (RATES.has(metric)) return `${trimmed(value * 100, 2)}%`;
  if (metric === "cost_usd") return `$${money(value)}`;
  return trimmed(value, 2);
}

/** A threshold for people: for bands a ± half-width in tokens, for rolling rules a multiplier. */
export function formatThreshold(threshold: number, rule: { metric: Metric; comparison: Comparison }): string {
  const { metric, comparison } = rule;
  if (comparison === "outside_band") return `± ${trimmed(threshold, 2)}`;
  if (comparison === "above_rolling_baseline") return `${trimmed(threshold, 2)}x`;
  return formatValue(metric, threshold);
}

/** The window in words; rolling rules use whole hours. */
export function windowLabel(window: string, comparison: Comparison): string {
  const words: Record<string, string> = {
    last_5m: "last 5 minutes",
    last_15m: "last 15 minutes",
    last_hour: "last hour",
    last_6h: "last 6 hours",
    last_24h: "last 24 hours",
    last_7d: "last 7 days",
    today: "today (UTC)",
    yesterday: "yesterday (UTC)",
  };
  if (comparison === "above_rolling_baseline") {
    const hours: Record<string, string> = {
      last_hour: "last complete hour",
      last_6h: "last 6 complete hours",
      last_24h: "last 24 complete hours",
    };
    return hours[window] ?? window;
  }
  return words[window] ?? window;
}
