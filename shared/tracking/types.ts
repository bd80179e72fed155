/**
 * The JSON that monitoring.usage_summary, monitoring.baseline_comparison and
 * monitoring.track_usage return (see supabase/migrations/20261124001700_* and 20261124004000_*).
 * Counts are numbers; rates and shares are fractions 0..1; every value that cannot be
 * computed (no requests, no price, division by zero) is null. Costs are USD at full precision.
 */

/** A number from the JSON that may be undefined (null). */
export type N = number | null;

/** One model's line in usage_summary.by_model. */
export interface ModelUsage {
  provider: string;
  model: string;
  requests: number;
  input_tokens: number;
  cache_read_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  total_tokens: number;
  avg_tokens_per_request: N;
  cost_usd: number;
  cost_share: N;
  unpriced_requests: number;
  errors: number;
  error_rate: N;
}

/** One prompt variant's line in usage_summary.by_prompt_variant. */
export interface VariantUsage {
  prompt_variant: string | null;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  avg_tokens_per_request: N;
  system_prompt_requests: number;
  avg_system_prompt_tokens: N;
  tool_calls: number;
  tool_failures: number;
  tool_failure_rate: N;
  cost_usd: number;
  cost_per_request: N;
  unpriced_requests: number;
  errors: number;
  error_rate: N;
}

/** monitoring.usage_summary(from, to, filters). */
export interface UsageSummary {
  from: string;
  to: string;
  filters: {
    app: string | null;
    environment: string | null;
    model: string | null;
    prompt_variant: string | null;
  };
  requests: number;
  priced_requests: number;
  unpriced_requests: number;
  unpriced_share: N;
  unpriced_input_tokens: number;
  unpriced_output_tokens: number;
  errors: number;
  error_rate: N;
  input_tokens: number;
  uncached_input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  total_tokens: number;
  system_prompt_tokens: number;
  system_prompt_requests: number;
  avg_system_prompt_tokens: N;
  avg_tokens_per_request: N;
  per_request: {
    input_tokens: N;
    uncached_input_tokens: N;
    cache_read_tokens: N;
    cache_write_tokens: N;
    cache_write_1h_tokens: N;
    output_tokens: N;
    reasoning_tokens: N;
    total_tokens: N;
    system_prompt_tokens: N;
    tool_calls: N;
  };
  cost_usd: number;
  cost_per_request: N;
  token_source: { provider: N; tokenizer: N; heuristic: N };
  tool_calls: number;
  tool_failures: number;
  tool_failure_rate: N;
  latency_ms: { requests: number; avg: N; p50: N; p95: N; p99: N };
  by_model: ModelUsage[];
  by_prompt_variant: VariantUsage[];
}

/** Requests and their savings against the reference, overall or for one prompt variant. */
export interface BaselineSavings {
  requests: number;
  system_prompt_requests: number;
  avg_system_prompt_tokens: N;
  system_prompt_savings_rate: N;
  avg_tokens_per_request: N;
  token_savings_rate: N;
}

/** One prompt variant's line in baseline_comparison.by_prompt_variant. */
export interface VariantBaseline extends BaselineSavings {
  prompt_variant: string | null;
  /** Name of the baseline this variant is (same name), or null. */
  baseline: string | null;
  dollars_saved_usd: N;
  excess_over_target_usd: N;
  requests_counted: number;
  unpriced_requests_excluded: number;
}

/** monitoring.baseline_comparison: usage against the mcp target and the traditional reference. */
export interface BaselineComparison {
  target: {
    name: string;
    system_prompt_tokens: number;
    tolerance: N;
    band_low: number;
    band_high: number;
    tokens_per_request: number;
  } | null;
  reference: { name: string; system_prompt_tokens: number; tokens_per_request: number } | null;
  /** 1 - target / reference system-prompt tokens (0.961923 for 198 / 5,200). */
  promised_savings_rate: N;
  overall: BaselineSavings;
  target_check: {
    prompt_variant: string;
    requests: number;
    system_prompt_requests: number;
    avg_system_prompt_tokens: N;
    delta_tokens: N;
    band_status: "above" | "in_band" | "below" | null;
    met: boolean | null;
    system_prompt_savings_rate: N;
    savings_rate_delta: N;
    avg_tokens_per_request: N;
    tokens_per_request_met: boolean | null;
  } | null;
  by_prompt_variant: VariantBaseline[];
  dollars_saved: {
    usd: N;
    requests_counted: number;
    unpriced_requests_excluded: number;
    unknown_system_prompt_requests: number;
    system_prompt_tokens_saved: N;
    reference_system_prompt_cost_usd: N;
    actual_system_prompt_cost_usd: N;
  };
}

/** The totals of one UTC day, as track-usage's by_day and the weekly report's per_day give them. */
export interface DayTotals {
  day: string;
  requests: number;
  errors: number;
  error_rate: N;
  input_tokens: number;
  cache_read_tokens: number;
  output_tokens: number;
  total_tokens: number;
  avg_tokens_per_request: N;
  avg_system_prompt_tokens: N;
  tool_calls: number;
  tool_failures: number;
  tool_failure_rate: N;
  cost_usd: number;
  priced_requests: number;
  unpriced_requests: number;
}

/** One UTC day of a track-usage window (clipped to the window). */
export interface DayUsage extends DayTotals {
  from: string;
  to: string;
}

/** The track-usage response: monitoring.track_usage plus the period asked for. */
export interface TrackUsageResult extends UsageSummary {
  /** day, week, month, or custom (from/to given). */
  period: string;
  data_as_of: string;
  by_day: DayUsage[];
  baselines: BaselineComparison;
}
