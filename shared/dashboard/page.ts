/**
 * The dashboard page: header with the range switch, the filter form, headline figures, the
 * charts, the open alerts and the latest weekly report. Renders only; every number comes from
 * the loaded data. Every headline figure carries `data-stat` and its exact `data-value`.
 */
import type { BudgetRow } from "../budgets/row.ts";
import { budgetsCard } from "./budgets_card.ts";
import { allCharts, type ChartCard, monthDayLabel } from "./charts.ts";
import type { DashboardData } from "./types.ts";
import { escapeHtml, formatCompact, formatInteger, formatMs, formatPercent, formatUsd } from "./format.ts";
import { htmlDocument } from "./layout.ts";
import { type DashboardQuery, FILTER_NAMES, queryString, type RangeKey, RANGES } from "./query.ts";

/** Options for {@link renderDashboardPage}. */
export interface PageOptions {
  data: DashboardData;
  query: DashboardQuery;
  /** When the page was made. */
  now: Date;
  /**
   * How the header signs out: a form that POSTs to the function (the server page, default) or a
   * button the static page's script handles (`data-action="signout"`).
   */
  signOut?: "form" | "button";
  /** Where the data came from, shown in the header (the static page names the project it reads). */
  source?: string;
  /** Budget rows for the budgets panel (budgets_card.ts); no panel when absent. */
  budgets?: BudgetRow[];
}

const FILTER_LABELS: Record<(typeof FILTER_NAMES)[number], string> = {
  app: "App",
  environment: "Environment",
  model: "Model",
  prompt_variant: "Prompt variant",
};

function utc(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function header(query: DashboardQuery, opts: Pick<PageOptions, "signOut" | "source">): string {
  const links = (Object.keys(RANGES) as RangeKey[]).map((range) => {
    const current = range === query.range ? ' aria-current="page"' : "";
    return `<a href="${escapeHtml(queryString({ ...query, range }))}"${current}>${range}</a>`;
  }).join("");
  return `<header class="top">
<h1>Tokenwatch</h1><span class="sub">usage dashboard · last ${escapeHtml(RANGES[query.range].label)}${
    opts.source ? ` · ${escapeHtml(opts.source)}` : ""
  }</span>
<span class="spacer"></span>
<nav class="ranges" aria-label="Range">${links}</nav>
${
    opts.signOut === "button"
      ? `<button type="button" data-action="signout">Sign out</button>`
      : `<form class="inline" method="post"><input type="hidden" name="action" value="signout"><button type="submit">Sign out</button></form>`
  }
</header>`;
}

function filterForm(data: DashboardData, query: DashboardQuery): string {
  const selects = FILTER_NAMES.map((name) => {
    const current = query.filters[name];
    const values = [...data.options[name]];
    if (current !== undefined && !values.includes(current)) values.unshift(current);
    const options = values.map((v) =>
      `<option value="${escapeHtml(v)}"${v === current ? " selected" : ""}>${escapeHtml(v)}</option>`
    ).join("");
    return `<label>${
      FILTER_LABELS[name]
    }<select name="${name}"><option value="">all</option>${options}</select></label>`;
  }).join("");
  return `<form class="filters" method="get" aria-label="Filters">
<input type="hidden" name="range" value="${escapeHtml(query.range)}">
${selects}
<button type="submit">Apply</button>
<a href="${escapeHtml(queryString({ range: query.range, filters: {} }))}">Clear filters</a>
</form>`;
}

interface Stat {
  key: string;
  label: string;
  value: number | null;
  shown: string;
  exact: string;
  hint: string;
  tone?: "bad" | "ok";
}

function stat(s: Stat): string {
  return `<div class="stat${s.tone ? ` ${s.tone}` : ""}"><div class="label">${escapeHtml(s.label)}</div>` +
    `<div class="value" data-stat="${s.key}" data-value="${s.value ?? ""}" title="${escapeHtml(s.exact)}">${
      escapeHtml(s.shown)
    }</div>` +
    `<div class="hint">${escapeHtml(s.hint)}</div></div>`;
}

/** A failure rate: `count of total unit` in full, bad above the 5% that alerts call critical. */
function rateStat(
  r: { key: string; label: string; rate: number | null },
  count: number,
  total: number,
  unit: string,
): Stat {
  return {
    key: r.key,
    label: r.label,
    value: r.rate,
    shown: formatPercent(r.rate),
    exact: `${formatInteger(count)} of ${formatInteger(total)} ${unit}`,
    hint: "critical above 5%",
    tone: r.rate === null ? undefined : r.rate > 0.05 ? "bad" : "ok",
  };
}

function stats(data: DashboardData): string {
  const s = data.summary;
  const band = data.band;
  const sp = s.avg_system_prompt_tokens;
  const list: Stat[] = [
    {
      key: "total_tokens",
      label: "Tokens",
      value: s.total_tokens,
      shown: formatCompact(s.total_tokens),
      exact: `${formatInteger(s.total_tokens)} tokens`,
      hint: `in ${formatCompact(s.input_tokens)} · out ${formatCompact(s.output_tokens)}`,
    },
    {
      key: "requests",
      label: "Requests",
      value: s.requests,
      shown: formatCompact(s.requests),
      exact: `${formatInteger(s.requests)} requests`,
      hint: `${formatInteger(s.errors)} failed`,
    },
    {
      key: "cost_usd",
      label: "Cost",
      value: s.cost_usd,
      shown: formatUsd(s.cost_usd),
      exact: `$${s.cost_usd}`,
      hint: s.unpriced_requests > 0
        ? `${formatInteger(s.unpriced_requests)} unpriced requests not included`
        : "all requests priced",
    },
    {
      key: "monthly_projection",
      label: "Monthly projection",
      value: data.projection.monthly_usd,
      shown: formatUsd(data.projection.monthly_usd),
      exact: `$${data.projection.monthly_usd}`,
      hint: "last 7 days × 4.3",
    },
    {
      key: "avg_system_prompt_tokens",
      label: "System prompt / request",
      value: sp,
      shown: formatCompact(sp),
      exact: sp === null ? "no request reported it" : `${sp} tokens`,
      hint: band ? `healthy ${band.low}–${band.high}` : "no mcp baseline",
      tone: sp === null || !band ? undefined : sp < band.low || sp > band.high ? "bad" : "ok",
    },
    rateStat(
      { key: "error_rate", label: "Error rate", rate: s.error_rate },
      s.errors,
      s.requests,
      "requests",
    ),
    rateStat(
      { key: "tool_failure_rate", label: "Tool failures", rate: s.tool_failure_rate },
      s.tool_failures,
      s.tool_calls,
      "calls",
    ),
    {
      key: "latency_p95",
      label: "Latency p95",
      value: s.latency_ms.p95,
      shown: formatMs(s.latency_ms.p95),
      exact: `${s.latency_ms.p95 ?? "—"} ms`,
      hint: `p50 ${formatMs(s.latency_ms.p50)}`,
    },
  ];
  return `<section class="stats" aria-label="Headline figures">${list.map(stat).join("")}</section>`;
}

function legend(card: ChartCard): string {
  const items = card.legend.map((l) => {
    const style = l.style === "dashed" || l.style === "ref"
      ? `border-color:${l.color}`
      : `background:${l.color}`;
    return `<li><span class="sw${l.style ? ` ${l.style}` : ""}" style="${style}"></span>${
      escapeHtml(l.label)
    }</li>`;
  }).join("");
  return `<ul class="legend">${items}</ul>`;
}

function chartCard(card: ChartCard): string {
  const notes = card.notes.length === 0
    ? ""
    : `<div class="notes">${card.notes.map((n) => n.startsWith("<div") ? n : `<p>${n}</p>`).join("")}</div>`;
  return `<section class="card" id="chart-${card.id}" aria-labelledby="h-${card.id}">
<h2 id="h-${card.id}">${escapeHtml(card.title)}</h2>
<p class="subtitle">${escapeHtml(card.subtitle)}</p>
${legend(card)}
${card.body}
${notes}
</section>`;
}

function pick(row: Record<string, unknown>, keys: string[]): string | undefined {
  for (const key of keys) {
    const v = row[key];
    if (v !== null && v !== undefined && v !== "") return typeof v === "string" ? v : JSON.stringify(v);
  }
  return undefined;
}

function alertsCard(alerts: DashboardData["alerts"]): string {
  let body: string;
  if (alerts === null) {
    body =
      `<p class="empty" data-empty="alerts">No alerts table yet: install the check-alerts migrations to see alerts here.</p>`;
  } else if (alerts.length === 0) {
    body = `<p class="empty" data-empty="alerts">No open alerts.</p>`;
  } else {
    body = `<ul class="alerts">${
      alerts.map((a) => {
        const severity = (pick(a, ["severity", "level"]) ?? "alert").toLowerCase();
        const title = pick(a, ["title", "rule_name", "name", "metric", "rule", "rule_id", "fingerprint"]) ??
          "alert";
        const message = pick(a, ["message", "summary", "description"]);
        const value = pick(a, ["value", "last_value", "current_value"]);
        const threshold = pick(a, ["threshold", "threshold_value"]);
        const since = pick(a, ["first_seen_at", "first_seen", "opened_at", "created_at"]);
        const last = pick(a, ["last_seen_at", "last_seen", "updated_at"]);
        const count = pick(a, ["occurrences", "count"]);
        const scope = a.scope && typeof a.scope === "object" && !Array.isArray(a.scope)
          ? Object.entries(a.scope as Record<string, unknown>).filter(([, v]) =>
            v !== null && v !== undefined && v !== ""
          )
            .map(([k, v]) => `${k} ${typeof v === "string" ? v : JSON.stringify(v)}`).join(", ")
          : "";
        const meta = [
          scope,
          value !== undefined ? `value ${value}` : "",
          threshold !== undefined ? `threshold ${threshold}` : "",
          since ? `since ${utc(since)}` : "",
          last ? `last seen ${utc(last)}` : "",
          count ? `${count}×` : "",
        ].filter(Boolean).join(" · ");
        return `<li data-alert><span class="sev ${escapeHtml(severity)}">${
          escapeHtml(severity.toUpperCase())
        }</span><strong>${escapeHtml(title)}</strong>` +
          `${message ? `<div>${escapeHtml(message)}</div>` : ""}${
            meta ? `<div class="meta">${escapeHtml(meta)}</div>` : ""
          }</li>`;
      }).join("")
    }</ul>`;
  }
  const count = alerts === null ? "" : ` (${alerts.length})`;
  return `<section class="card" id="alerts" aria-labelledby="h-alerts"><h2 id="h-alerts">Open alerts${count}</h2>
<p class="subtitle">From monitoring.alerts, most severe first. Not affected by the range or filters.</p>${body}</section>`;
}

function reportCard(report: DashboardData["report"]): string {
  let body: string;
  if (report === null) {
    body =
      `<p class="empty" data-empty="report">No reports table yet: install the weekly-report migrations to see reports here.</p>`;
  } else if (Object.keys(report).length === 0) {
    body = `<p class="empty" data-empty="report">No weekly report yet.</p>`;
  } else {
    const week = pick(report, ["week", "iso_week", "period_start"]) ?? "latest";
    const generated = pick(report, ["generated_at", "created_at", "updated_at"]);
    const scope = "app" in report
      ? (report.app === null ? " · all apps" : ` · app ${String(report.app)}`)
      : "";
    const markdown = pick(report, ["markdown", "content_md", "body_md", "md", "report_md"]);
    const lines = (markdown ?? "").split("\n");
    const excerpt = lines.slice(0, 80).join("\n") + (lines.length > 80 ? "\n…" : "");
    body =
      `<p data-report-week="${escapeHtml(week)}"><strong>Week ${escapeHtml(week)}${
        escapeHtml(scope)
      }</strong>${
        generated ? ` <span class="meta">generated ${escapeHtml(utc(generated))}</span>` : ""
      }</p>` +
      (markdown
        ? `<pre class="report">${escapeHtml(excerpt)}</pre>`
        : `<p class="meta">This report has no markdown text.</p>`);
  }
  return `<section class="card" id="report" aria-labelledby="h-report"><h2 id="h-report">Latest weekly report</h2>
<p class="subtitle">From monitoring.reports; the full report: weekly-report function or npm run monitor:report.</p>${body}</section>`;
}

function filtersText(query: DashboardQuery): string {
  const set = FILTER_NAMES.filter((n) => query.filters[n] !== undefined).map((n) =>
    `${n} “${query.filters[n]}”`
  );
  return set.length === 0 ? "" : ` for ${set.join(", ")}`;
}

/** The page's title: the range and the filters that are set. */
export function dashboardTitle(query: DashboardQuery): string {
  return `Tokenwatch · ${RANGES[query.range].label}${filtersText(query)}`;
}

/** The whole dashboard page. */
export function renderDashboardPage(opts: PageOptions): string {
  return htmlDocument(dashboardTitle(opts.query), renderDashboardBody(opts));
}

/**
 * The page's body: the same markup on the server page and, drawn in the browser from the JSON
 * answer, on `dist/dashboard.html`.
 */
export function renderDashboardBody(opts: PageOptions): string {
  const { data, query } = opts;
  const banner = data.summary.requests === 0
    ? `<p class="banner" data-empty="page">No usage recorded in the last ${
      escapeHtml(RANGES[query.range].label)
    }${escapeHtml(filtersText(query))}. Send events to the ingest function, or pick a longer range.</p>`
    : "";
  return `${header(query, opts)}
<main data-from="${escapeHtml(data.window.from)}" data-to="${escapeHtml(data.window.to)}">
${filterForm(data, query)}
${banner}
${stats(data)}
<div class="grid">
${allCharts(data, query.range).map(chartCard).join("\n")}
${alertsCard(data.alerts)}
${reportCard(data.report)}
${opts.budgets ? budgetsCard(opts.budgets) : ""}
</div>
</main>
<footer>Times are UTC. Window ${escapeHtml(utc(data.window.from))} – ${
    escapeHtml(utc(data.window.to))
  }; cost chart ${escapeHtml(monthDayLabel(data.window.first_day))} – ${
    escapeHtml(monthDayLabel(data.window.last_day))
  }.
Generated ${
    escapeHtml(utc(opts.now))
  } from monitoring.dashboard_data (the hourly rollup plus events not rolled up yet).</footer>`;
}
