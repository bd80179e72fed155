/**
 * Read schemas for the dashboard's JSON, used wherever it is read: by the function when
 * `monitoring.dashboard_data` hands it over, and by `dist/dashboard.html` when the function's
 * JSON answer arrives. Objects are loose: fields the page does not draw (the rest of
 * `usage_summary`, `filters`) pass through untouched, the ones it draws are checked. Built on
 * zod's mini build so the browser bundle stays small.
 */
import * as z from "../deps_browser.ts";
import { type BudgetRow, budgetRowSchema } from "../budgets/row.ts";
import type { DashboardData } from "./types.ts";
import { type DashboardQuery, FILTER_NAMES, type RangeKey, RANGES } from "./query.ts";

const num = z.number();
const numOrNull = z.nullable(z.number());
const str = z.string();
const strOrNull = z.nullable(z.string());

const bucket = z.looseObject({
  t: str,
  requests: num,
  errors: num,
  input_tokens: num,
  cache_read_tokens: num,
  output_tokens: num,
  system_prompt_tokens: num,
  cost_usd: num,
  tool_calls: num,
  tool_failures: num,
  error_rate: numOrNull,
  tool_success_rate: numOrNull,
});

const summary = z.looseObject({
  requests: num,
  errors: num,
  error_rate: numOrNull,
  input_tokens: num,
  cache_read_tokens: num,
  output_tokens: num,
  total_tokens: num,
  system_prompt_tokens: num,
  avg_system_prompt_tokens: numOrNull,
  avg_tokens_per_request: numOrNull,
  cost_usd: num,
  unpriced_requests: num,
  tool_calls: num,
  tool_failures: num,
  tool_failure_rate: numOrNull,
  latency_ms: z.looseObject({ requests: num, avg: numOrNull, p50: numOrNull, p95: numOrNull }),
});

/** The document `monitoring.dashboard_data` returns (see data.ts for what each field means). */
export const dashboardDataSchema = z.looseObject({
  window: z.looseObject({ from: str, to: str, bucket_seconds: num, first_day: str, last_day: str }),
  summary,
  buckets: z.array(bucket),
  system_prompt: z.array(
    z.looseObject({
      t: str,
      prompt_variant: strOrNull,
      requests_reporting: num,
      avg_system_prompt_tokens: num,
    }),
  ),
  band: z.nullable(
    z.looseObject({ baseline: str, system_prompt_tokens: num, tolerance: numOrNull, low: num, high: num }),
  ),
  daily_cost: z.array(
    z.looseObject({ day: str, cost_usd: num, cost_usd_7d_avg: num, requests: num, unpriced_requests: num }),
  ),
  projection: z.looseObject({ from_day: str, to_day: str, last_7_days_usd: num, monthly_usd: num }),
  latency: z.array(
    z.looseObject({ provider: str, model: str, requests: num, p50_ms: numOrNull, p95_ms: numOrNull }),
  ),
  baselines: z.array(
    z.looseObject({ name: str, system_prompt_tokens: num, tolerance: numOrNull, tokens_per_request: num }),
  ),
  savings: z.array(z.looseObject({
    prompt_variant: strOrNull,
    baseline: str,
    requests: num,
    total_tokens: num,
    avg_tokens_per_request: numOrNull,
    baseline_tokens_per_request: num,
    tokens_saved: num,
    token_savings_rate: numOrNull,
    avg_system_prompt_tokens: numOrNull,
    baseline_system_prompt_tokens: num,
    system_prompt_savings_rate: numOrNull,
    cost_usd: num,
    cost_saved_usd_est: numOrNull,
  })),
  tools: z.array(z.looseObject({ tool_name: str, calls: num, failures: num, failure_rate: numOrNull })),
  options: z.looseObject({
    app: z.array(str),
    environment: z.array(str),
    model: z.array(str),
    prompt_variant: z.array(str),
  }),
  alerts: z.nullable(z.array(z.record(z.string(), z.unknown()))),
  report: z.nullable(z.record(z.string(), z.unknown())),
  billing: z.optional(z.nullable(z.looseObject({
    available: z.boolean(),
    totals: z.looseObject({
      tracked_cost_usd: num,
      billed_cost_usd: num,
      drift_pct: numOrNull,
      unattributed_cost_usd: num,
      coverage: numOrNull,
    }),
    days: z.array(
      z.looseObject({ day: str, tracked_cost_usd: num, billed_cost_usd: num, drift_pct: numOrNull }),
    ),
  }))),
});

const filterValue = z.optional(z.string());

/** The function's JSON answer: the data, the query it was loaded for, and when. */
export const dashboardAnswerSchema = z.object({
  generated_at: str,
  query: z.object({
    range: z.enumOf(Object.keys(RANGES) as [RangeKey, ...RangeKey[]]),
    filters: z.object({
      app: filterValue,
      environment: filterValue,
      model: filterValue,
      prompt_variant: filterValue,
    }),
  }),
  data: dashboardDataSchema,
  budgets: z.optional(z.array(budgetRowSchema)),
});

/** The function's JSON answer, read. */
export interface DashboardAnswer {
  /** When the data was loaded (ISO 8601, UTC). */
  generated_at: string;
  query: DashboardQuery;
  data: DashboardData;
  /** The budgets panel's rows, when the function sends them. */
  budgets?: BudgetRow[];
}

/** A document that did not have the expected shape; `problems` name each bad field. */
export class DashboardShapeError extends Error {
  constructor(readonly problems: string[]) {
    super(`unexpected dashboard data: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? "; …" : ""}`);
    this.name = "DashboardShapeError";
  }
}

function problemsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string[] {
  return issues.map((i) =>
    `${i.path.length > 0 ? i.path.map(String).join(".") : "(document)"}: ${i.message}`
  );
}

/** Reads `monitoring.dashboard_data`'s document; throws {@link DashboardShapeError} naming every bad field. */
export function parseDashboardData(json: unknown): DashboardData {
  const result = dashboardDataSchema.safeParse(json);
  if (!result.success) throw new DashboardShapeError(problemsOf(result.error.issues));
  return result.data;
}

/** Reads the function's JSON answer; throws {@link DashboardShapeError} naming every bad field. */
export function parseDashboardAnswer(json: unknown): DashboardAnswer {
  const result = dashboardAnswerSchema.safeParse(json);
  if (!result.success) throw new DashboardShapeError(problemsOf(result.error.issues));
  const { range, filters } = result.data.query;
  const query: DashboardQuery = { range, filters: {} };
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value !== undefined) query.filters[name] = value;
  }
  const answer: DashboardAnswer = { generated_at: result.data.generated_at, query, data: result.data.data };
  if (result.data.budgets) answer.budgets = result.data.budgets;
  return answer;
}
