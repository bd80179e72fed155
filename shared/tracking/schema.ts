/**
 * zod read schemas for the usage documents SQL writes (monitoring.usage_summary,
 * monitoring.baseline_comparison, monitoring.track_usage), matching types.ts: whoever reads one (the
 * weekly report's numbers, the `monitor:tokens` command) checks it instead of casting. Objects pass
 * unknown keys through, so a field SQL adds later reaches the reader untouched.
 */
import { z } from "../deps/zod.ts";
import type {
  BaselineComparison,
  DayTotals,
  DayUsage,
  ModelUsage,
  TrackUsageResult,
  UsageSummary,
  VariantUsage,
} from "./types.ts";

/** An object schema that keeps keys it does not name. */
export const doc = <T extends z.ZodRawShape>(shape: T) => z.object(shape).passthrough();

/** A number, or null where nothing divides. */
export const n = z.number().nullable();
const count = z.number();
const text = z.string();
const nullableText = z.string().nullable();

export const modelUsageSchema: z.ZodType<ModelUsage> = doc({
  provider: text,
  model: text,
  requests: count,
  input_tokens: count,
  cache_read_tokens: count,
  output_tokens: count,
  reasoning_tokens: count,
  total_tokens: count,
  avg_tokens_per_request: n,
  cost_usd: count,
  cost_share: n,
  unpriced_requests: count,
  errors: count,
  error_rate: n,
});

const variantUsageSchema: z.ZodType<VariantUsage> = doc({
  prompt_variant: nullableText,
  requests: count,
  input_tokens: count,
  output_tokens: count,
  total_tokens: count,
  avg_tokens_per_request: n,
  system_prompt_requests: count,
  avg_system_prompt_tokens: n,
  tool_calls: count,
  tool_failures: count,
  tool_failure_rate: n,
  cost_usd: count,
  cost_per_request: n,
  unpriced_requests: count,
  errors: count,
  error_rate: n,
});

export const latencySchema = doc({ requests: count, avg: n, p50: n, p95: n, p99: n });

export const usageSummaryShape = {
  from: text,
  to: text,
  filters: doc({
    app: nullableText,
    environment: nullableText,
    model: nullableText,
    prompt_variant: nullableText,
  }),
  requests: count,
  priced_requests: count,
  unpriced_requests: count,
  unpriced_share: n,
  unpriced_input_tokens: count,
  unpriced_output_tokens: count,
  errors: count,
  error_rate: n,
  input_tokens: count,
  uncached_input_tokens: count,
  cache_read_tokens: count,
  cache_write_tokens: count,
  cache_write_1h_tokens: count,
  output_tokens: count,
  reasoning_tokens: count,
  total_tokens: count,
  system_prompt_tokens: count,
  system_prompt_requests: count,
  avg_system_prompt_tokens: n,
  avg_tokens_per_request: n,
  per_request: doc({
    input_tokens: n,
    uncached_input_tokens: n,
    cache_read_tokens: n,
    cache_write_tokens: n,
    cache_write_1h_tokens: n,
    output_tokens: n,
    reasoning_tokens: n,
    total_tokens: n,
    system_prompt_tokens: n,
    tool_calls: n,
  }),
  cost_usd: count,
  cost_per_request: n,
  token_source: doc({ provider: n, tokenizer: n, heuristic: n }),
  tool_calls: count,
  tool_failures: count,
  tool_failure_rate: n,
  latency_ms: latencySchema,
  by_model: z.array(modelUsageSchema),
  by_prompt_variant: z.array(variantUsageSchema),
};

export const usageSummarySchema: z.ZodType<UsageSummary> = doc(usageSummaryShape);

const baselineSavingsShape = {
  requests: count,
  system_prompt_requests: count,
  avg_system_prompt_tokens: n,
  system_prompt_savings_rate: n,
  avg_tokens_per_request: n,
  token_savings_rate: n,
};

const bandStatus = z.enum(["above", "in_band", "below"]).nullable();

export const baselineComparisonSchema: z.ZodType<BaselineComparison> = doc({
  target: doc({
    name: text,
    system_prompt_tokens: count,
    tolerance: n,
    band_low: count,
    band_high: count,
    tokens_per_request: count,
  }).nullable(),
  reference: doc({ name: text, system_prompt_tokens: count, tokens_per_request: count }).nullable(),
  promised_savings_rate: n,
  overall: doc(baselineSavingsShape),
  target_check: doc({
    prompt_variant: text,
    requests: count,
    system_prompt_requests: count,
    avg_system_prompt_tokens: n,
    delta_tokens: n,
    band_status: bandStatus,
    met: z.boolean().nullable(),
    system_prompt_savings_rate: n,
    savings_rate_delta: n,
    avg_tokens_per_request: n,
    tokens_per_request_met: z.boolean().nullable(),
  }).nullable(),
  by_prompt_variant: z.array(doc({
    ...baselineSavingsShape,
    prompt_variant: nullableText,
    baseline: nullableText,
    dollars_saved_usd: n,
    excess_over_target_usd: n,
    requests_counted: count,
    unpriced_requests_excluded: count,
  })),
  dollars_saved: doc({
    usd: n,
    requests_counted: count,
    unpriced_requests_excluded: count,
    unknown_system_prompt_requests: count,
    system_prompt_tokens_saved: n,
    reference_system_prompt_cost_usd: n,
    actual_system_prompt_cost_usd: n,
  }),
});

export const dayTotalsShape = {
  day: text,
  requests: count,
  errors: count,
  error_rate: n,
  input_tokens: count,
  cache_read_tokens: count,
  output_tokens: count,
  total_tokens: count,
  avg_tokens_per_request: n,
  avg_system_prompt_tokens: n,
  tool_calls: count,
  tool_failures: count,
  tool_failure_rate: n,
  cost_usd: count,
  priced_requests: count,
  unpriced_requests: count,
};

export const dayTotalsSchema: z.ZodType<DayTotals> = doc(dayTotalsShape);

const dayUsageSchema: z.ZodType<DayUsage> = doc({ ...dayTotalsShape, from: text, to: text });

/** The track-usage function's answer. */
export const trackUsageResultSchema: z.ZodType<TrackUsageResult> = doc({
  ...usageSummaryShape,
  period: text,
  data_as_of: text,
  by_day: z.array(dayUsageSchema),
  baselines: baselineComparisonSchema,
});
