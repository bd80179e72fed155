/**
 * The shape of what the dashboard draws: the JSON document `monitoring.dashboard_data` returns
 * (the SQL does all token and cost arithmetic). Types only, with no imports, so the browser
 * bundle (dist/dashboard.html) can use them without pulling in the database modules.
 */

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
  /** Tracked vs billed cost per day (monitoring.billing_reconciliation_summary); absent in older documents. */
  billing?: DashboardBilling | null;
}

/** What the tracked-vs-billed chart draws (billing_chart.ts). */
export interface DashboardBilling {
  available: boolean;
  totals: {
    tracked_cost_usd: number;
    billed_cost_usd: number;
    drift_pct: number | null;
    unattributed_cost_usd: number;
    coverage: number | null;
  };
  days: { day: string; tracked_cost_usd: number; billed_cost_usd: number; drift_pct: number | null }[];
}
