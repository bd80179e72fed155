/**
 * The dashboard's charts, each built from the loaded data: an SVG (or an empty state that says
 * why there is nothing to draw), an HTML legend and notes. Chart and series ids are a contract
 * with the browser test: `data-chart` on each SVG, `data-series` on each point.
 */
import type { DashboardData } from "./types.ts";
import { escapeHtml, formatCompact, formatMs, formatPercent, formatUsd } from "./format.ts";
import { type RangeKey, RANGES } from "./query.ts";
import { barChart, timeChart } from "./svg_chart.ts";
import { billingChart } from "./billing_chart.ts";

/** One legend entry. */
export interface LegendItem {
  label: string;
  color: string;
  /** Drawn as a dashed line, a band or a reference line rather than a solid swatch. */
  style?: "dashed" | "band" | "ref";
}

/** A chart ready to place on the page. */
export interface ChartCard {
  id: string;
  title: string;
  /** What is measured and in which unit. */
  subtitle: string;
  legend: LegendItem[];
  /** The SVG, or an empty-state paragraph. */
  body: string;
  /** Extra lines under the chart (HTML, already escaped). */
  notes: string[];
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number): string => String(n).padStart(2, "0");

/** "14:00" (UTC). */
export function hourLabel(iso: string): string {
  return `${pad(new Date(iso).getUTCHours())}:00`;
}

/** "Wed 18" for a UTC day or instant. */
export function weekdayLabel(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()}`;
}

/** "Nov 18" for a UTC day or instant. */
export function monthDayLabel(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** "Nov 24 14:00–15:00 UTC": a bucket named in full, for tooltips. */
export function bucketTitle(iso: string, bucketSeconds: number): string {
  const start = new Date(iso);
  if (bucketSeconds >= 86400) return `${WEEKDAYS[start.getUTCDay()]} ${monthDayLabel(iso)} (UTC)`;
  const end = new Date(start.getTime() + bucketSeconds * 1000);
  return `${monthDayLabel(iso)} ${pad(start.getUTCHours())}:00–${pad(end.getUTCHours())}:00 UTC`;
}

/** Axis labels for a range's buckets: every 4 h for 24h, each UTC midnight for 7d, every 5 days for 30d. */
function timeAxis(range: RangeKey, times: string[]): { label: (i: number) => string; at: number[] } {
  if (range === "24h") {
    return {
      label: (i) => hourLabel(times[i]),
      at: times.map((_, i) => i).filter((i) => i % 4 === 0),
    };
  }
  if (range === "7d") {
    return {
      label: (i) => weekdayLabel(times[i]),
      at: times.map((_, i) => i).filter((i) => new Date(times[i]).getUTCHours() === 0),
    };
  }
  return { label: (i) => monthDayLabel(times[i]), at: times.map((_, i) => i).filter((i) => i % 5 === 0) };
}

function empty(id: string, text: string): string {
  return `<p class="empty" data-empty="${escapeHtml(id)}">${escapeHtml(text)}</p>`;
}

/** Tokens per bucket by type: input (all), cached (cache reads), output, system prompt. */
export function tokensChart(data: DashboardData, range: RangeKey): ChartCard {
  const unit = RANGES[range].bucketLabel;
  const series = [
    { id: "input", label: "input (all)", color: "#2563eb", values: data.buckets.map((b) => b.input_tokens) },
    {
      id: "cached",
      label: "cached (cache reads)",
      color: "#0d9488",
      values: data.buckets.map((b) => b.cache_read_tokens),
    },
    { id: "output", label: "output", color: "#d97706", values: data.buckets.map((b) => b.output_tokens) },
    {
      id: "system_prompt",
      label: "system prompt",
      color: "#7c3aed",
      values: data.buckets.map((b) => b.system_prompt_tokens),
    },
  ];
  const times = data.buckets.map((b) => b.t);
  const axis = timeAxis(range, times);
  return {
    id: "tokens",
    title: `Tokens per ${unit === "h" ? "hour" : unit} by type`,
    subtitle: `Tokens in each ${
      unit === "h" ? "hour" : unit
    } (UTC). Cached and system-prompt tokens are parts of input.`,
    legend: series.map((s) => ({ label: s.label, color: s.color })),
    body: data.summary.requests === 0 ? empty("tokens", "No requests in this range.") : timeChart({
      id: "tokens",
      title: "Tokens by type",
      categories: times,
      categoryLabel: axis.label,
      labelAt: axis.at,
      pointLabel: (i) => bucketTitle(times[i], data.window.bucket_seconds),
      series,
      yFormat: formatCompact,
      yTitle: `tokens / ${unit}`,
    }),
    notes: [],
  };
}

const VARIANT_COLORS = ["#7c3aed", "#db2777", "#2563eb", "#ea580c", "#0891b2", "#65a30d"];

/**
 * Average system-prompt tokens per request per bucket, one small chart per prompt variant (so a
 * 5,200-token design does not flatten a 198-token one), each against its own baseline: the band
 * (system_prompt_tokens ± tolerance) when the baseline has one, else a line at the baseline; a
 * variant without a baseline of its name is held against the mcp band.
 */
export function systemPromptChart(data: DashboardData, range: RangeKey): ChartCard {
  const times = data.buckets.map((b) => b.t);
  const index = new Map(times.map((t, i) => [new Date(t).getTime(), i]));
  const variants = [...new Set(data.system_prompt.map((p) => p.prompt_variant))];
  const axis = timeAxis(range, times);
  const legend: LegendItem[] = [];
  const panels = variants.map((variant, k) => {
    const values: (number | null)[] = times.map(() => null);
    for (const p of data.system_prompt) {
      const i = index.get(new Date(p.t).getTime());
      if (p.prompt_variant === variant && i !== undefined) values[i] = p.avg_system_prompt_tokens;
    }
    const label = variant ?? "(no variant)";
    const color = VARIANT_COLORS[k % VARIANT_COLORS.length];
    legend.push({ label, color });
    const own = data.baselines.find((b) => b.name === variant);
    let band: { low: number; high: number; label: string } | undefined;
    let lines: { value: number; label: string; color: string }[] | undefined;
    let against: string;
    if (own && own.tolerance !== null) {
      band = {
        low: own.system_prompt_tokens - own.tolerance,
        high: own.system_prompt_tokens + own.tolerance,
        label: `${own.name} band`,
      };
      against =
        `healthy band ${band.low}–${band.high} (${own.name} ${own.system_prompt_tokens} ± ${own.tolerance})`;
    } else if (own) {
      lines = [{
        value: own.system_prompt_tokens,
        label: `baseline ${formatCompact(own.system_prompt_tokens)}`,
        color: "#6b7280",
      }];
      against = `${own.name} baseline ${formatCompact(own.system_prompt_tokens)}`;
    } else if (data.band) {
      band = { low: data.band.low, high: data.band.high, label: `${data.band.baseline} band` };
      against = `healthy band ${data.band.low}–${data.band.high} (${data.band.baseline})`;
    } else {
      against = "no baseline";
    }
    const chart = timeChart({
      id: "system-prompt",
      title: `System-prompt tokens per request, ${label}, against ${against}`,
      categories: times,
      categoryLabel: axis.label,
      labelAt: axis.at,
      pointLabel: (i) => bucketTitle(times[i], data.window.bucket_seconds),
      series: [{ id: `variant:${variant ?? "(none)"}`, label, color, values }],
      yFormat: formatCompact,
      yTitle: "tokens / request",
      band,
      lines,
      height: variants.length > 1 ? 160 : 220,
    });
    return `<p class="panel" data-panel="${escapeHtml(label)}"><strong>${
      escapeHtml(label)
    }</strong> against ${escapeHtml(against)}</p>${chart}`;
  });
  legend.push({ label: "healthy band", color: "#16a34a", style: "band" }, {
    label: "baseline",
    color: "#6b7280",
    style: "ref",
  });
  return {
    id: "system-prompt",
    title: "System-prompt tokens per request",
    subtitle:
      "Average over the requests that reported it, per prompt variant; above the band means prompt creep.",
    legend,
    body: panels.length === 0
      ? empty("system-prompt", "No request in this range reported its system-prompt tokens.")
      : panels.join(""),
    notes: [],
  };
}

/** Daily cost (bars) with its 7-day average (dashed), and the monthly projection. */
export function costChart(data: DashboardData): ChartCard {
  const days = data.daily_cost.map((d) => d.day);
  const many = days.length > 10;
  const unpriced = data.daily_cost.reduce((n, d) => n + d.unpriced_requests, 0);
  const anyUsage = data.daily_cost.some((d) => d.requests > 0);
  const p = data.projection;
  const notes = [
    `Monthly projection <strong data-stat="projection" data-value="${p.monthly_usd}">${
      escapeHtml(formatUsd(p.monthly_usd))
    }</strong> = last 7 days (${escapeHtml(monthDayLabel(p.from_day))}–${
      escapeHtml(monthDayLabel(p.to_day))
    }, ${escapeHtml(formatUsd(p.last_7_days_usd))}) × 4.3.`,
  ];
  if (unpriced > 0) {
    notes.push(
      `${unpriced} request${
        unpriced === 1 ? " had no known price and is" : "s had no known price and are"
      } not in these costs.`,
    );
  }
  return {
    id: "cost",
    title: "Daily cost",
    subtitle: "USD per UTC day (priced requests) and the 7-day average (that day and the 6 before, ÷ 7).",
    legend: [{ label: "cost per day", color: "#059669" }, {
      label: "7-day average",
      color: "#374151",
      style: "dashed",
    }],
    body: !anyUsage ? empty("cost", "No requests in these days.") : timeChart({
      id: "cost",
      title: "Daily cost with 7-day average",
      categories: days,
      categoryLabel: (i) => many ? monthDayLabel(days[i]) : weekdayLabel(days[i]),
      labelAt: many ? days.map((_, i) => i).filter((i) => i % 5 === 0) : days.map((_, i) => i),
      pointLabel: (i) => `${weekdayLabel(days[i])} ${monthDayLabel(days[i])}`,
      series: [
        {
          id: "cost",
          label: "cost",
          color: "#059669",
          kind: "bar",
          values: data.daily_cost.map((d) => d.cost_usd),
        },
        {
          id: "avg7",
          label: "7-day average",
          color: "#374151",
          dashed: true,
          values: data.daily_cost.map((d) => d.cost_usd_7d_avg),
        },
      ],
      yFormat: formatUsd,
      yTitle: "USD / day",
    }),
    notes,
  };
}

/** Tokens per request measured per prompt variant, next to each baseline, and the savings table. */
export function savingsChart(data: DashboardData): ChartCard {
  const variants = [...new Map(data.savings.map((s) => [s.prompt_variant, s])).values()];
  const groups = [
    ...variants.map((v) => ({
      label: `${v.prompt_variant ?? "(no variant)"} · measured, ${formatCompact(v.requests)} request${
        v.requests === 1 ? "" : "s"
      }`,
      key: `measured:${v.prompt_variant ?? "(none)"}`,
      values: [v.avg_system_prompt_tokens, v.avg_tokens_per_request],
    })),
    ...data.baselines.map((b) => ({
      label: `${b.name} · baseline`,
      key: `baseline:${b.name}`,
      values: [b.system_prompt_tokens, b.tokens_per_request] as (number | null)[],
    })),
  ];
  const rows = data.savings.filter((s) => s.baseline !== s.prompt_variant);
  const table = rows.length === 0 ? "" : `<div class="table-wrap"><table class="savings" data-table="savings">
<thead><tr><th>saved</th><th>system prompt</th><th>tokens</th><th>cost (est.)</th></tr></thead>
<tbody>${
    rows.map((r) =>
      `<tr data-variant="${escapeHtml(r.prompt_variant ?? "")}" data-baseline="${
        escapeHtml(r.baseline)
      }"><td>${escapeHtml(r.prompt_variant ?? "(no variant)")} vs ${
        escapeHtml(r.baseline)
      }</td><td class="num" data-value="${r.system_prompt_savings_rate ?? ""}">${
        escapeHtml(formatPercent(r.system_prompt_savings_rate))
      }</td><td class="num" data-value="${r.tokens_saved}" title="${
        escapeHtml(formatPercent(r.token_savings_rate))
      } of the baseline's tokens">${escapeHtml(formatCompact(r.tokens_saved))}</td><td class="num">${
        escapeHtml(formatUsd(r.cost_saved_usd_est))
      }</td></tr>`
    ).join("")
  }</tbody></table></div>`;
  return {
    id: "savings",
    title: "Savings against the baselines",
    subtitle:
      "Tokens per request, measured per prompt variant and as each baseline expects; below, what each variant saved against each baseline (negative: used more).",
    legend: [{ label: "system prompt / request", color: "#7c3aed" }, {
      label: "all tokens / request",
      color: "#94a3b8",
    }],
    body: variants.length === 0 ? empty("savings", "No requests in this range to compare.") : barChart({
      id: "savings",
      title: "Tokens per request against the baselines",
      series: [
        { id: "system_prompt", label: "system prompt / request", color: "#7c3aed" },
        { id: "tokens_per_request", label: "all tokens / request", color: "#94a3b8" },
      ],
      groups,
      format: formatCompact,
      xTitle: "tokens per request",
    }),
    notes: table ? [table] : [],
  };
}

/** Tool success rate and request error rate per bucket, with the 95% / 5% thresholds. */
export function ratesChart(data: DashboardData, range: RangeKey): ChartCard {
  const times = data.buckets.map((b) => b.t);
  const axis = timeAxis(range, times);
  const noCalls = data.summary.requests > 0 && data.summary.tool_calls === 0;
  const tools = data.tools.length === 0 ? "" : `<div class="table-wrap"><table data-table="tools">
<thead><tr><th>tool</th><th>calls</th><th>failures</th><th>failure rate</th></tr></thead>
<tbody>${
    data.tools.map((t) =>
      `<tr${(t.failure_rate ?? 0) > 0.05 ? ' class="bad"' : ""}><td>${
        escapeHtml(t.tool_name)
      }</td><td class="num">${escapeHtml(formatCompact(t.calls))}</td><td class="num">${
        escapeHtml(formatCompact(t.failures))
      }</td><td class="num">${escapeHtml(formatPercent(t.failure_rate))}</td></tr>`
    ).join("")
  }</tbody></table></div>`;
  const notes: string[] = [];
  if (noCalls) notes.push("No tool calls in this range.");
  if (tools) notes.push(tools);
  return {
    id: "rates",
    title: "Tool success and error rates",
    subtitle: "Share of tool calls that succeeded and of requests that failed, per bucket.",
    legend: [
      { label: "tool success", color: "#16a34a" },
      { label: "request errors", color: "#dc2626" },
      { label: "thresholds: success ≥ 95%, errors ≤ 5%", color: "#b91c1c", style: "ref" },
    ],
    body: data.summary.requests === 0 ? empty("rates", "No requests in this range.") : timeChart({
      id: "rates",
      title: "Tool success rate and error rate",
      categories: times,
      categoryLabel: axis.label,
      labelAt: axis.at,
      pointLabel: (i) => bucketTitle(times[i], data.window.bucket_seconds),
      series: [
        {
          id: "tool_success",
          label: "tool success",
          color: "#16a34a",
          values: data.buckets.map((b) => b.tool_success_rate),
        },
        {
          id: "error_rate",
          label: "request errors",
          color: "#dc2626",
          values: data.buckets.map((b) => b.error_rate),
        },
      ],
      yFormat: (v) => formatPercent(v, 0),
      yTitle: "% of calls / requests",
      yMax: 1,
      lines: [{ value: 0.95, label: "95%" }, { value: 0.05, label: "5%" }],
    }),
    notes,
  };
}

/** Latency p50 and p95 per model over the window. */
export function latencyChart(data: DashboardData): ChartCard {
  return {
    id: "latency",
    title: "Latency by model",
    subtitle:
      "Median (p50) and 95th percentile (p95) end-to-end latency, within one histogram bucket (±13%).",
    legend: [{ label: "p50", color: "#60a5fa" }, { label: "p95", color: "#1d4ed8" }],
    body: data.latency.length === 0
      ? empty("latency", "No request in this range reported its latency.")
      : barChart({
        id: "latency",
        title: "Latency p50 and p95 by model",
        series: [{ id: "p50", label: "p50", color: "#60a5fa" }, {
          id: "p95",
          label: "p95",
          color: "#1d4ed8",
        }],
        groups: data.latency.map((l) => ({
          label: `${l.model} (${l.provider}) · ${formatCompact(l.requests)} req`,
          key: l.model,
          values: [l.p50_ms, l.p95_ms],
        })),
        format: formatMs,
        xTitle: "milliseconds",
      }),
    notes: [],
  };
}

/** Every chart of the page, in page order. */
export function allCharts(data: DashboardData, range: RangeKey): ChartCard[] {
  return [
    tokensChart(data, range),
    costChart(data),
    billingChart(data),
    systemPromptChart(data, range),
    savingsChart(data),
    ratesChart(data, range),
    latencyChart(data),
  ];
}
