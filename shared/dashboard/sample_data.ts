/**
 * A small hand-made DashboardData (24 hourly buckets ending 2026-11-24 11:00 UTC, six requests in
 * three of them) for the unit tests of the page and its charts. Not used at run time.
 */
import type { Bucket, DashboardData } from "./data.ts";

const FROM = Date.parse("2026-11-23T11:00:00Z");

function bucket(i: number, values: Partial<Bucket> = {}): Bucket {
  return {
    t: new Date(FROM + i * 3600_000).toISOString(),
    requests: 0,
    errors: 0,
    input_tokens: 0,
    cache_read_tokens: 0,
    output_tokens: 0,
    system_prompt_tokens: 0,
    cost_usd: 0,
    tool_calls: 0,
    tool_failures: 0,
    error_rate: null,
    tool_success_rate: null,
    ...values,
  };
}

/** Buckets 8, 20 and 23 hold requests; everything else is zero. */
export function sampleDashboardData(): DashboardData {
  const buckets = Array.from({ length: 24 }, (_, i) => bucket(i));
  buckets[8] = bucket(8, {
    requests: 2,
    input_tokens: 1200,
    cache_read_tokens: 200,
    output_tokens: 300,
    system_prompt_tokens: 396,
    cost_usd: 0.012,
    tool_calls: 4,
    tool_failures: 1,
    error_rate: 0,
    tool_success_rate: 0.75,
  });
  buckets[20] = bucket(20, {
    requests: 1,
    errors: 1,
    input_tokens: 500,
    output_tokens: 50,
    system_prompt_tokens: 198,
    cost_usd: 0.003,
    error_rate: 1,
  });
  buckets[23] = bucket(23, {
    requests: 3,
    input_tokens: 5700,
    output_tokens: 600,
    system_prompt_tokens: 5600,
    cost_usd: 0.02,
    tool_calls: 3,
    error_rate: 0,
    tool_success_rate: 1,
  });
  return {
    window: {
      from: "2026-11-23T11:00:00+00:00",
      to: "2026-11-24T11:00:00+00:00",
      bucket_seconds: 3600,
      first_day: "2026-11-18",
      last_day: "2026-11-24",
    },
    summary: {
      requests: 6,
      errors: 1,
      error_rate: 0.166667,
      input_tokens: 7400,
      cache_read_tokens: 200,
      output_tokens: 950,
      total_tokens: 8350,
      system_prompt_tokens: 6194,
      avg_system_prompt_tokens: 1032.33,
      avg_tokens_per_request: 1391.67,
      cost_usd: 0.035,
      unpriced_requests: 1,
      tool_calls: 7,
      tool_failures: 1,
      tool_failure_rate: 0.142857,
      latency_ms: { requests: 6, avg: 700, p50: 640.5, p95: 1210.2 },
    },
    buckets,
    system_prompt: [
      { t: buckets[8].t, prompt_variant: "mcp", requests_reporting: 2, avg_system_prompt_tokens: 198 },
      { t: buckets[20].t, prompt_variant: "mcp", requests_reporting: 1, avg_system_prompt_tokens: 198 },
      { t: buckets[23].t, prompt_variant: "mcp", requests_reporting: 2, avg_system_prompt_tokens: 200 },
      {
        t: buckets[23].t,
        prompt_variant: "traditional",
        requests_reporting: 1,
        avg_system_prompt_tokens: 5200,
      },
    ],
    band: { baseline: "mcp", system_prompt_tokens: 198, tolerance: 20, low: 178, high: 218 },
    daily_cost: ["18", "19", "20", "21", "22", "23", "24"].map((d) => ({
      day: `2026-11-${d}`,
      cost_usd: d === "23" ? 0.015 : d === "24" ? 0.02 : 0,
      cost_usd_7d_avg: d === "23" ? 0.002143 : d === "24" ? 0.005 : 0,
      requests: d === "23" ? 3 : d === "24" ? 3 : 0,
      unpriced_requests: d === "24" ? 1 : 0,
    })),
    projection: { from_day: "2026-11-18", to_day: "2026-11-24", last_7_days_usd: 0.035, monthly_usd: 0.1505 },
    latency: [
      { provider: "openai", model: "gpt-4o-mini", requests: 4, p50_ms: 406.4, p95_ms: 1210.2 },
      { provider: "anthropic", model: "claude-sonnet-4-5", requests: 2, p50_ms: 812.7, p95_ms: 1024 },
    ],
    baselines: [
      { name: "mcp", system_prompt_tokens: 198, tolerance: 20, tokens_per_request: 400 },
      { name: "traditional", system_prompt_tokens: 5200, tolerance: null, tokens_per_request: 5400 },
    ],
    savings: [
      {
        prompt_variant: "mcp",
        baseline: "mcp",
        requests: 5,
        total_tokens: 2650,
        avg_tokens_per_request: 530,
        baseline_tokens_per_request: 400,
        tokens_saved: -650,
        token_savings_rate: -0.325,
        avg_system_prompt_tokens: 198.8,
        baseline_system_prompt_tokens: 198,
        system_prompt_savings_rate: -0.00404,
        cost_usd: 0.025,
        cost_saved_usd_est: -0.006132,
      },
      {
        prompt_variant: "mcp",
        baseline: "traditional",
        requests: 5,
        total_tokens: 2650,
        avg_tokens_per_request: 530,
        baseline_tokens_per_request: 5400,
        tokens_saved: 24350,
        token_savings_rate: 0.901852,
        avg_system_prompt_tokens: 198.8,
        baseline_system_prompt_tokens: 5200,
        system_prompt_savings_rate: 0.961769,
        cost_usd: 0.025,
        cost_saved_usd_est: 0.229717,
      },
      {
        prompt_variant: "traditional",
        baseline: "mcp",
        requests: 1,
        total_tokens: 5700,
        avg_tokens_per_request: 5700,
        baseline_tokens_per_request: 400,
        tokens_saved: -5300,
        token_savings_rate: -13.25,
        avg_system_prompt_tokens: 5200,
        baseline_system_prompt_tokens: 198,
        system_prompt_savings_rate: -25.262626,
        cost_usd: 0.01,
        cost_saved_usd_est: -0.009298,
      },
      {
        prompt_variant: "traditional",
        baseline: "traditional",
        requests: 1,
        total_tokens: 5700,
        avg_tokens_per_request: 5700,
        baseline_tokens_per_request: 5400,
        tokens_saved: -300,
        token_savings_rate: -0.055556,
        avg_system_prompt_tokens: 5200,
        baseline_system_prompt_tokens: 5200,
        system_prompt_savings_rate: 0,
        cost_usd: 0.01,
        cost_saved_usd_est: -0.000526,
      },
    ],
    tools: [
      { tool_name: "search", calls: 5, failures: 1, failure_rate: 0.2 },
      { tool_name: "fetch", calls: 2, failures: 0, failure_rate: 0 },
    ],
    options: {
      app: ["shop"],
      environment: ["prod"],
      model: ["claude-sonnet-4-5", "gpt-4o-mini"],
      prompt_variant: ["mcp", "traditional"],
    },
    alerts: null,
    report: null,
  };
}

/** The same window with no requests at all. */
export function emptyDashboardData(): DashboardData {
  const data = sampleDashboardData();
  return {
    ...data,
    summary: {
      ...data.summary,
      requests: 0,
      errors: 0,
      error_rate: null,
      input_tokens: 0,
      cache_read_tokens: 0,
      output_tokens: 0,
      total_tokens: 0,
      system_prompt_tokens: 0,
      avg_system_prompt_tokens: null,
      avg_tokens_per_request: null,
      cost_usd: 0,
      unpriced_requests: 0,
      tool_calls: 0,
      tool_failures: 0,
      tool_failure_rate: null,
      latency_ms: { requests: 0, avg: null, p50: null, p95: null },
    },
    buckets: data.buckets.map((b) => ({ ...bucket(0), t: b.t })),
    system_prompt: [],
    daily_cost: data.daily_cost.map((d) => ({
      ...d,
      cost_usd: 0,
      cost_usd_7d_avg: 0,
      requests: 0,
      unpriced_requests: 0,
    })),
    projection: { ...data.projection, last_7_days_usd: 0, monthly_usd: 0 },
    latency: [],
    savings: [],
    tools: [],
    options: { app: [], environment: [], model: [], prompt_variant: [] },
    alerts: [],
    report: {},
  };
}
