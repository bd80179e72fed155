/**
 * What the page draws, loaded with one call of `monitoring.dashboard_data` (one snapshot). The SQL
 * does all token and cost arithmetic; these types describe its JSON.
 */
import type { Sql } from "../deps/postgres.ts";
import type { DashboardQuery, TimeWindow } from "./query.ts";

/** One time bucket of the window. Rates are fractions 0..1, null when undefined. */
export interface Bucket {
  t: string;
  requests: number;
  errors: number;
  input_tokens: number;
  cache_read_tokens: number;
  output_tokens: number;
  system_prompt_tokens: number;
  cost_usd: number;
  tool_calls: number;
  tool_failures: number;
  error_rate: number | null;
  tool_success_rate: number | null;
}

/** Average system-prompt tokens in one bucket for one prompt variant (only buckets that reported them). */
export interface SystemPromptPoint {
  t: string;
  prompt_variant: string | null;
  requests_reporting: number;
  avg_system_prompt_tokens: number;
}

/** One UTC day of the cost chart. */
export interface DailyCost {
  day: string;
  cost_usd: number;
  /** Cost of this day and the 6 before, / 7. */
  cost_usd_7d_avg: number;
  requests: number;
  unpriced_requests: number;
}

/** Latency percentiles of one model over the window. */
export interface LatencyRow {
  provider: string;
  model: string;
  requests: number;
  p50_ms: number | null;
  p95_ms: number | null;
}

/** A named baseline (monitoring.baselines). */
export interface Baseline {
  name: string;
  system_prompt_tokens: number;
  tolerance: number | null;
  tokens_per_request: number;
}

/** One prompt variant against one baseline over the window (as v_savings_by_day defines it). */
export interface SavingsRow {
  prompt_variant: string | null;
  baseline: string;
  requests: number;
  total_tokens: number;
  avg_tokens_per_request: number | null;
  baseline_tokens_per_request: number;
  tokens_saved: number;
  token_savings_rate: number | null;
  avg_system_prompt_tokens: number | null;
  baseline_system_prompt_tokens: number;
  system_prompt_savings_rate: number | null;
  cost_usd: number;
  cost_saved_usd_est: number | null;
}

/** Calls and failures of one tool over the window. */
export interface ToolRow {
  tool_name: string;
  calls: number;
  failures: number;
  failure_rate: number | null;
}

/** The parts of monitoring.usage_summary the page shows. */
export interface SummaryFigures {
  requests: number;
  errors: number;
  error_rate: number | null;
  input_tokens: number;
  cache_read_tokens: number;
  output_tokens: number;
  total_tokens: number;
  system_prompt_tokens: number;
  avg_system_prompt_tokens: number | null;
  avg_tokens_per_request: number | null;
  cost_usd: number;
  unpriced_requests: number;
  tool_calls: number;
  tool_failures: number;
  tool_failure_rate: number | null;
  latency_ms: { requests: number; avg: number | null; p50: number | null; p95: number | null };
}

/** Everything the page needs; `alerts` / `report` are null when their tables do not exist yet. */
export interface DashboardData {
  window: { from: string; to: string; bucket_seconds: number; first_day: string; last_day: string };
  summary: SummaryFigures;
  buckets: Bucket[];
  system_prompt: SystemPromptPoint[];
  band: {
    baseline: string;
    system_prompt_tokens: number;
    tolerance: number | null;
    low: number;
    high: number;
  } | null;
  daily_cost: DailyCost[];
  projection: { from_day: string; to_day: string; last_7_days_usd: number; monthly_usd: number };
  latency: LatencyRow[];
  baselines: Baseline[];
  savings: SavingsRow[];
  tools: ToolRow[];
  options: { app: string[]; environment: string[]; model: string[]; prompt_variant: string[] };
  /** Open alerts as row JSON; null = no alerts table. */
  alerts: Record<string, unknown>[] | null;
  /** The latest weekly report as row JSON; {} = none yet; null = no reports table. */
  report: Record<string, unknown> | null;
}

/** Loads the page's data for a query and its window from the database. */
export async function loadDashboardData(
  sql: Sql,
  query: DashboardQuery,
  window: TimeWindow,
): Promise<DashboardData> {
  const f = query.filters;
  const rows = await sql<{ data: DashboardData }[]>`
    select monitoring.dashboard_data(
      ${window.from.toISOString()}::timestamptz,
      ${window.to.toISOString()}::timestamptz,
      make_interval(secs => ${window.bucketSeconds}),
      ${f.app ?? null}::text, ${f.environment ?? null}::text, ${f.model ?? null}::text, ${
    f.prompt_variant ?? null
  }::text
    ) as data`;
  return rows[0].data;
}
