/**
 * What to do about a failing check: the rule's own recommendation when it has one, else advice
 * for the metric and the direction it went.
 */
import type { Check } from "./types.ts";

/** Built-in advice, by metric; `low` is used when the value fell below a band or threshold. */
const ADVICE: Record<string, { high: string; low?: string }> = {
  avg_system_prompt_tokens: {
    high:
      "The system prompt has grown. Compare the current prompt with the last good version (monitoring.prompt_versions), move tool descriptions and examples back behind progressive disclosure, and remove instructions that crept in.",
    low:
      "The system prompt is smaller than its baseline. Check that instructions or tool hints were not dropped by a deploy, and update monitoring.baselines if the smaller prompt is intended.",
  },
  avg_tokens_per_request: {
    high:
      "Requests carry more tokens than planned. Trim conversation history (summarise or window it), cap output with max_tokens, and make sure repeated context is served from the prompt cache.",
    low: "Requests are unusually small. Check for truncated inputs or early failures.",
  },
  tool_failure_rate: {
    high:
      "Tools are failing. Find the failing tools in monitoring.tool_usage_hourly, check their recent deploys, credentials and rate limits, and make the agent stop retrying a broken tool.",
  },
  error_rate: {
    high:
      "Requests are failing. Group recent errors by error_type: rate limits call for backoff or a higher quota, timeouts for smaller requests or a longer limit, invalid requests for a client fix.",
  },
  cost_usd: {
    high:
      "Spend is above its limit. Look at cost by model and by app, move routine traffic to a cheaper model, and look for loops or retries that repeat requests.",
  },
  requests: {
    high:
      "Traffic is above its usual level. Look for retry loops, a runaway agent, or a new client, and add rate limits if it is unwanted.",
    low: "Traffic is below its usual level. Check that the application is up and still reporting usage.",
  },
  unpriced_requests: {
    high:
      "Requests have no known price. Add custom rows to monitoring.model_prices for these models, then run monitoring.reprice.",
  },
  unpriced_share: {
    high:
      "Requests have no known price. Add custom rows to monitoring.model_prices for these models, then run monitoring.reprice.",
  },
  billing_drift: {
    high:
      "The providers billed a different amount than Tokenwatch tracked. Open monitoring.v_billing_reconciliation for the day: unattributed spend is traffic Tokenwatch never saw (instrument that code path); matching tokens with a cost gap point at prices or service tiers (monitoring.model_prices, unpriced requests).",
  },
  total_tokens: {
    high:
      "Token volume is above its limit. Look at usage by app and model for the source, and trim prompts or history.",
    low: "Token volume is below its limit. Check that the application is up and still reporting usage.",
  },
};

/** The recommendation for a check that failed (null for a passing or unjudged check). */
export function recommendationFor(
  check: Pick<Check, "passed" | "judged" | "metric" | "comparison" | "value" | "reference" | "history">,
  custom: string | null = null,
): string | null {
  if (!check.judged || check.passed) return null;
  if (custom && custom.trim() !== "") return custom.trim();
  const advice = ADVICE[check.metric];
  const low = check.comparison === "below" ||
    (check.comparison === "outside_band" && check.value !== null && check.reference !== null &&
      check.value < check.reference);
  const base = (low ? advice.low : undefined) ?? advice.high;
  if (check.comparison === "above_rolling_baseline") {
    const days = check.history?.length ?? 0;
    return `This is well above the usual level for these hours over the last ${days} days. ${base}`;
  }
  return base;
}
