/**
 * The weekly report JSON: monitoring.weekly_report_data (supabase/migrations/20261124004200_*)
 * plus the recommendations and, once stored, when and by whom it was generated. The markdown
 * and HTML forms are rendered from exactly this object.
 */
import type { BaselineComparison, DayTotals, ModelUsage, N, UsageSummary } from "../tracking/types.ts";

/** One UTC day of the week. */
export interface ReportDay extends DayTotals {
  /** Average system-prompt tokens of the target (mcp) prompt variant that day. */
  target_avg_system_prompt_tokens: N;
  target_band_status: "above" | "in_band" | "below" | null;
}

/** A tool's week. */
export interface ToolLine {
  tool_name: string;
  requests: number;
  calls: number;
  failures: number;
  failure_rate: N;
  success_rate: N;
}

/** Health checks of the week (monitoring.health_checks), when alerting is installed. */
export interface HealthChecks {
  available: boolean;
  reason?: string;
  count?: number;
  avg_score?: N;
  min_score?: N;
  max_score?: N;
  by_status?: { healthy: number; warning: number; critical: number };
  latest?: { checked_at: string; score: number; status: string } | null;
  worst?: { checked_at: string; score: number; status: string } | null;
  failing_rules?: {
    rule: string | null;
    failed_checks: number;
    worst_severity: string | null;
    last_value: unknown;
    last_message: string | null;
  }[];
}

/** Alerts active during the week (monitoring.alerts), when alerting is installed. */
export interface AlertsOfWeek {
  available: boolean;
  reason?: string;
  active?: number;
  opened?: number;
  resolved?: number;
  open_at_end?: number;
  critical?: number;
  warning?: number;
  list?: {
    rule: string | null;
    severity: string | null;
    state_at_end: "open" | "resolved";
    first_seen_at: string | null;
    last_seen_at: string | null;
    resolved_at: string | null;
    occurrences: number | null;
    value: unknown;
    threshold: unknown;
    message: string | null;
  }[];
}

/** A recommendation, tied to the number in the report that prompted it. */
export interface Recommendation {
  /** Stable id, e.g. `trim-system-prompt`. */
  id: string;
  severity: "high" | "medium" | "low" | "info";
  text: string;
  /** Dotted path of the number in this JSON, e.g. `savings.target_check.avg_system_prompt_tokens`. */
  metric: string;
  /** That number as the JSON has it. */
  value: number | string | boolean | null;
}

/** The whole weekly report. */
export interface WeeklyReport {
  kind: "weekly";
  week: string;
  from: string;
  to: string;
  app: string | null;
  data_as_of: string;
  complete: boolean;
  executive: {
    requests: number;
    total_tokens: number;
    avg_tokens_per_request: N;
    cost_usd: number;
    priced_requests: number;
    unpriced_requests: number;
    error_rate: N;
    tool_success_rate: N;
    health_score: N;
    health_status: string | null;
    health_checked_at: string | null;
    avg_health_score: N;
    open_alerts_at_end: N;
    target_met: boolean | null;
    target_avg_system_prompt_tokens: N;
    target_savings_rate: N;
    promised_savings_rate: N;
    dollars_saved_usd: N;
    monthly_projection_usd: number;
    week_over_week_change_rate: N;
    days_outside_band: string[];
  };
  usage: UsageSummary;
  per_day: ReportDay[];
  savings: BaselineComparison;
  cost: {
    cost_usd: number;
    priced_requests: number;
    unpriced_requests: number;
    cost_per_request: N;
    by_model: ModelUsage[];
    previous_week: { week: string; requests: number; cost_usd: number; unpriced_requests: number };
    week_over_week_change_usd: number;
    week_over_week_change_rate: N;
    monthly_projection_factor: number;
    monthly_projection_usd: number;
    month_to_date: {
      month: string;
      from: string;
      to: string;
      cost_usd: number;
      requests: number;
      unpriced_requests: number;
      days_elapsed: number;
      days_in_month: number;
      forecast_usd: N;
    };
    return_vs_traditional: {
      dollars_saved_usd: N;
      requests_counted: number;
      traditional_cost_usd_est: N;
      saved_share_of_cost: N;
      monthly_savings_projection_usd: N;
    };
  };
  tools: { tool_calls: number; tool_failures: number; failure_rate: N; success_rate: N; tools: ToolLine[] };
  reliability: {
    requests: number;
    errors: number;
    error_rate: N;
    by_error_type: { error_type: string | null; errors: number; share_of_errors: N; rate: N }[];
    by_model: { provider: string; model: string; requests: number; errors: number; error_rate: N }[];
    worst_day: { day: string; errors: number; requests: number; error_rate: N } | null;
    latency_ms: UsageSummary["latency_ms"];
  };
  health: { checks: HealthChecks; alerts: AlertsOfWeek };
  recommendations?: Recommendation[];
  /** Budget rows as of data_as_of (monitoring.budget_status; shared/report/budgets_section.ts). */
  budgets?: unknown;
  /** Set once stored (monitoring.report_json). */
  generated_at?: string;
  regenerated_at?: string | null;
  generation?: number;
  generated_by?: string;
}
