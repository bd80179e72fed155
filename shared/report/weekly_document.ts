/**
 * The weekly report as a document: nine sections in a fixed order, every number taken from
 * the report JSON and only formatted here. renderWeeklyMarkdown / renderWeeklyHtml render it.
 */
import { BILLING_SECTION_TITLE, billingSection } from "./billing_section.ts";
import { type Block, type Fact, number, tableOr, text } from "../document/document.ts";
import {
  costText,
  dayLabel,
  int,
  NA,
  num,
  pct,
  pp,
  signed,
  signedPct,
  usd,
  usdFine,
  utcMinute,
} from "../document/format.ts";
import { budgetsSection } from "./budgets_section.ts";
import { reportTitle } from "./message.ts";
import { renderHtml } from "../document/render_html.ts";
import { renderMarkdown } from "../document/render_markdown.ts";
import type { Recommendation, WeeklyReport } from "./types.ts";

/** The section headings, in order. */
export const SECTION_TITLES = [
  "1. Executive summary",
  "2. Token usage",
  "3. Savings validation",
  "4. Cost",
  "5. Tool execution",
  "6. Errors and reliability",
  "7. Alerts and health",
  "8. Recommendations",
  BILLING_SECTION_TITLE,
  "10. Budgets",
] as const;

function lastDay(report: WeeklyReport): string {
  return new Date(new Date(report.to).getTime() - 86_400_000).toISOString().slice(0, 10);
}

const title = reportTitle;

function header(report: WeeklyReport): Block[] {
  const scope = report.app ? `app ${report.app}` : "all apps";
  const lines: Block[] = [
    { kind: "title", text: title(report) },
    {
      kind: "paragraph",
      text: `${dayLabel(report.from.slice(0, 10))} to ${
        dayLabel(lastDay(report))
      } (UTC), ${scope}. Data as of ${utcMinute(report.data_as_of)}.`,
    },
  ];
  if (!report.complete) {
    lines.push({
      kind: "paragraph",
      text: "Partial report: the week was not over when this snapshot was taken.",
    });
  }
  return lines;
}

function healthLine(report: WeeklyReport): string {
  const e = report.executive;
  const checks = report.health.checks;
  if (!checks.available) return "n/a (health checks are not recorded on this database)";
  if (e.health_score === null) return "n/a (no health check ran this week)";
  return `${int(e.health_score)}/100 (${e.health_status}) at ${
    utcMinute(e.health_checked_at)
  }; week average ${num(e.avg_health_score, 1)} over ${int(checks.count)} checks`;
}

function targetVerdict(report: WeeklyReport): string {
  const s = report.savings;
  const tc = s.target_check;
  if (!s.target || !tc) return "n/a (no mcp baseline)";
  if (tc.met === null) return `n/a (no ${tc.prompt_variant} requests reported system-prompt tokens)`;
  const band = tc.band_status === "in_band" ? "within" : tc.band_status === "above" ? "above" : "below";
  return `${tc.met ? "met" : "missed"}: ${tc.prompt_variant} system prompt ${
    num(tc.avg_system_prompt_tokens, 2)
  } tokens, ${signed(tc.delta_tokens, 2)} vs the ${
    int(s.target.system_prompt_tokens)
  } target, ${band} the band ${int(s.target.band_low)}-${int(s.target.band_high)}`;
}

function executive(report: WeeklyReport, recs: Recommendation[]): Block[] {
  const e = report.executive;
  const c = report.cost;
  const facts: Fact[] = [
    { label: "Health score", value: healthLine(report) },
    {
      label: "Requests",
      value: `${int(e.requests)}; ${int(e.total_tokens)} tokens (${
        num(e.avg_tokens_per_request, 2)
      } per request)`,
    },
    {
      label: "Cost",
      value: `${
        costText({ cost: e.cost_usd, requests: e.requests, unpriced: e.unpriced_requests })
      }; monthly projection ${usd(e.monthly_projection_usd)} (week x ${c.monthly_projection_factor})`,
    },
    {
      label: "Week over week",
      value: e.week_over_week_change_rate === null
        ? `n/a (no priced cost in ${c.previous_week.week})`
        : `${signedPct(e.week_over_week_change_rate)} (${
          usd(c.previous_week.cost_usd)
        } in ${c.previous_week.week})`,
    },
    { label: "Savings target", value: targetVerdict(report) },
    {
      label: "Savings vs traditional",
      value: `${pct(e.target_savings_rate, 2)} of system-prompt tokens (promised ${
        pct(e.promised_savings_rate, 2)
      }); ${e.dollars_saved_usd === null ? "dollars saved n/a" : `${usd(e.dollars_saved_usd)} saved`}`,
    },
    {
      label: "Days outside the band",
      value: e.days_outside_band.length === 0 ? "none" : e.days_outside_band.map(dayLabel).join(", "),
    },
    {
      label: "Reliability",
      value: `error rate ${pct(e.error_rate)}; tool success ${pct(e.tool_success_rate)}`,
    },
    {
      label: "Open alerts at week end",
      value: report.health.alerts.available
        ? int(e.open_alerts_at_end)
        : "n/a (alerts are not recorded on this database)",
    },
  ];
  const blocks: Block[] = [{ kind: "section", text: SECTION_TITLES[0] }, { kind: "facts", items: facts }];
  const top = recs.find((r) => r.severity !== "info");
  if (top) blocks.push({ kind: "paragraph", text: `First action: ${top.text}` });
  return blocks;
}

function usage(report: WeeklyReport): Block[] {
  const u = report.usage;
  const pr = u.per_request;
  const rows: [string, number, number | null][] = [
    ["Input (all, cached included)", u.input_tokens, pr.input_tokens],
    ["Uncached input", u.uncached_input_tokens, pr.uncached_input_tokens],
    ["Cache reads", u.cache_read_tokens, pr.cache_read_tokens],
    ["Cache writes", u.cache_write_tokens, pr.cache_write_tokens],
    ["Output (all, reasoning included)", u.output_tokens, pr.output_tokens],
    ["Reasoning", u.reasoning_tokens, pr.reasoning_tokens],
    ["Total", u.total_tokens, pr.total_tokens],
  ];
  const blocks: Block[] = [
    { kind: "section", text: SECTION_TITLES[1] },
    {
      kind: "facts",
      items: [
        { label: "Requests", value: `${int(u.requests)} (${int(u.errors)} errors)` },
        {
          label: "Total tokens",
          value: `${int(u.total_tokens)} (${num(u.avg_tokens_per_request, 2)} per request)`,
        },
        {
          label: "System prompt",
          value: `${int(u.system_prompt_tokens)} tokens over ${
            int(u.system_prompt_requests)
          } requests that reported it (${num(u.avg_system_prompt_tokens, 2)} per request)`,
        },
        {
          label: "Token counts",
          value: `provider-reported ${pct(u.token_source.provider)}, tokenizer-counted ${
            pct(u.token_source.tokenizer)
          }, heuristic ${pct(u.token_source.heuristic)}`,
        },
      ],
    },
    { kind: "subsection", text: "Totals and per request" },
    {
      kind: "table",
      columns: [text("Tokens"), number("Total"), number("Per request")],
      rows: rows.map(([label, total, per]) => [label, int(total), num(per, 2)]),
    },
    { kind: "subsection", text: "Per day" },
    {
      kind: "table",
      columns: [
        text("Day"),
        number("Requests"),
        number("Input"),
        number("Output"),
        number("Total"),
        number("Per request"),
        number("System prompt avg"),
      ],
      rows: report.per_day.map((d) => [
        dayLabel(d.day),
        int(d.requests),
        int(d.input_tokens),
        int(d.output_tokens),
        int(d.total_tokens),
        num(d.avg_tokens_per_request, 2),
        num(d.avg_system_prompt_tokens, 2),
      ]),
    },
    { kind: "subsection", text: "By prompt variant" },
    tableOr(
      [
        text("Prompt variant"),
        number("Requests"),
        number("Total tokens"),
        number("Per request"),
        number("System prompt avg"),
        number("Cost"),
      ],
      u.by_prompt_variant.map((v) => [
        v.prompt_variant ?? "(none)",
        int(v.requests),
        int(v.total_tokens),
        num(v.avg_tokens_per_request, 2),
        num(v.avg_system_prompt_tokens, 2),
        costText({ cost: v.cost_usd, requests: v.requests, unpriced: v.unpriced_requests }),
      ]),
      "No requests this week.",
    ),
  ];
  return blocks;
}

function savings(report: WeeklyReport): Block[] {
  const s = report.savings;
  const tc = s.target_check;
  const d = s.dollars_saved;
  const facts: Fact[] = [];
  if (s.target) {
    facts.push({
      label: `Target (${s.target.name})`,
      value: `${int(s.target.system_prompt_tokens)} system-prompt tokens, band ${int(s.target.band_low)}-${
        int(s.target.band_high)
      }; ${int(s.target.tokens_per_request)} tokens per request`,
    });
  }
  if (s.reference) {
    facts.push({
      label: `Reference (${s.reference.name})`,
      value: `${int(s.reference.system_prompt_tokens)} system-prompt tokens; ${
        int(s.reference.tokens_per_request)
      } tokens per request`,
    });
  }
  facts.push({ label: "System-prompt target", value: targetVerdict(report) });
  if (tc) {
    facts.push({
      label: "Savings rate",
      value: `${pct(tc.system_prompt_savings_rate, 2)} vs promised ${pct(s.promised_savings_rate, 2)} (${
        pp(tc.savings_rate_delta)
      })`,
    });
    facts.push({
      label: "Tokens per request",
      value: tc.tokens_per_request_met === null
        ? NA
        : `${num(tc.avg_tokens_per_request, 2)} vs ${int(s.target?.tokens_per_request)} target: ${
          tc.tokens_per_request_met ? "met" : "missed"
        }`,
    });
  }
  facts.push({
    label: "All requests",
    value: `${num(s.overall.avg_system_prompt_tokens, 2)} system-prompt tokens on average, ${
      pct(s.overall.system_prompt_savings_rate, 2)
    } below the reference`,
  });
  facts.push({
    label: "Dollars saved vs traditional",
    value: d.usd === null
      ? (d.unpriced_requests_excluded > 0
        ? "unpriced (no request with a known system prompt had a price)"
        : "n/a (no request reported system-prompt tokens)")
      : `${usd(d.usd)} over ${int(d.requests_counted)} requests, each at its own model's input price (${
        int(d.unpriced_requests_excluded)
      } unpriced and ${int(d.unknown_system_prompt_requests)} without system-prompt tokens not counted)`,
  });
  const days = report.per_day.filter((x) =>
    x.target_band_status === "above" || x.target_band_status === "below"
  );
  return [
    { kind: "section", text: SECTION_TITLES[2] },
    { kind: "facts", items: facts },
    { kind: "subsection", text: "By prompt variant" },
    tableOr(
      [
        text("Prompt variant"),
        number("Requests"),
        number("System prompt avg"),
        number("Savings vs reference"),
        number("Tokens per request"),
        number("Saved"),
        number("Over target"),
      ],
      s.by_prompt_variant.map((v) => [
        v.prompt_variant ?? "(none)",
        int(v.requests),
        num(v.avg_system_prompt_tokens, 2),
        pct(v.system_prompt_savings_rate, 2),
        num(v.avg_tokens_per_request, 2),
        v.dollars_saved_usd === null && v.unpriced_requests_excluded > 0
          ? "unpriced"
          : usd(v.dollars_saved_usd),
        v.excess_over_target_usd === null && v.unpriced_requests_excluded > 0
          ? "unpriced"
          : usd(v.excess_over_target_usd),
      ]),
      "No requests this week.",
    ),
    { kind: "subsection", text: "Days outside the band" },
    tableOr(
      [text("Day"), number("System prompt avg"), text("Band")],
      days.map((
        x,
      ) => [dayLabel(x.day), num(x.target_avg_system_prompt_tokens, 2), x.target_band_status ?? NA]),
      "None: every day stayed within the band (or had no target-variant requests).",
    ),
  ];
}

function cost(report: WeeklyReport): Block[] {
  const c = report.cost;
  const m = c.month_to_date;
  const r = c.return_vs_traditional;
  return [
    { kind: "section", text: SECTION_TITLES[3] },
    {
      kind: "facts",
      items: [
        {
          label: "Cost this week",
          value: costText({
            cost: c.cost_usd,
            requests: report.usage.requests,
            unpriced: c.unpriced_requests,
          }),
        },
        { label: "Cost per priced request", value: usdFine(c.cost_per_request) },
        { label: "Unpriced requests", value: `${int(c.unpriced_requests)} (not in any cost figure)` },
        {
          label: "Previous week",
          value: `${
            costText({
              cost: c.previous_week.cost_usd,
              requests: c.previous_week.requests,
              unpriced: c.previous_week.unpriced_requests,
            })
          } in ${c.previous_week.week}; change ${usd(c.week_over_week_change_usd)} (${
            signedPct(c.week_over_week_change_rate)
          })`,
        },
        {
          label: "Monthly projection",
          value: `${usd(c.monthly_projection_usd)} (week x ${c.monthly_projection_factor})`,
        },
        {
          label: `Month to date (${m.month})`,
          value: `${
            costText({ cost: m.cost_usd, requests: m.requests, unpriced: m.unpriced_requests })
          } over ${num(m.days_elapsed, 2)} of ${int(m.days_in_month)} days; month-end forecast ${
            usd(m.forecast_usd)
          }`,
        },
        {
          label: "Return vs traditional",
          value: r.dollars_saved_usd === null
            ? NA
            : `${usd(r.dollars_saved_usd)} saved (${
              pct(r.saved_share_of_cost)
            } of the week's cost); the traditional prompt would have cost about ${
              usd(r.traditional_cost_usd_est)
            }; ${usd(r.monthly_savings_projection_usd)} a month at x ${c.monthly_projection_factor}`,
        },
      ],
    },
    { kind: "subsection", text: "By model" },
    tableOr(
      [
        text("Provider"),
        text("Model"),
        number("Requests"),
        number("Tokens"),
        number("Cost"),
        number("Share"),
      ],
      c.by_model.map((x) => [
        x.provider,
        x.model,
        int(x.requests),
        int(x.total_tokens),
        costText({ cost: x.cost_usd, requests: x.requests, unpriced: x.unpriced_requests }),
        x.requests > 0 && x.unpriced_requests >= x.requests ? NA : pct(x.cost_share),
      ]),
      "No requests this week.",
    ),
    { kind: "subsection", text: "Per day" },
    {
      kind: "table",
      columns: [text("Day"), number("Requests"), number("Cost")],
      rows: report.per_day.map((
        d,
      ) => [
        dayLabel(d.day),
        int(d.requests),
        costText({ cost: d.cost_usd, requests: d.requests, unpriced: d.unpriced_requests }),
      ]),
    },
  ];
}

function tools(report: WeeklyReport): Block[] {
  const t = report.tools;
  return [
    { kind: "section", text: SECTION_TITLES[4] },
    {
      kind: "facts",
      items: [
        { label: "Tool calls", value: `${int(t.tool_calls)} (${int(t.tool_failures)} failed)` },
        { label: "Success rate", value: pct(t.success_rate) },
        { label: "Failure rate", value: pct(t.failure_rate) },
      ],
    },
    { kind: "subsection", text: "Tools that fail most" },
    tableOr(
      [text("Tool"), number("Requests"), number("Calls"), number("Failures"), number("Failure rate")],
      t.tools.slice(0, 10).map((
        x,
      ) => [x.tool_name, int(x.requests), int(x.calls), int(x.failures), pct(x.failure_rate)]),
      "No per-tool detail this week.",
    ),
  ];
}

function reliability(report: WeeklyReport): Block[] {
  const r = report.reliability;
  const l = r.latency_ms;
  return [
    { kind: "section", text: SECTION_TITLES[5] },
    {
      kind: "facts",
      items: [
        { label: "Errors", value: `${int(r.errors)} of ${int(r.requests)} requests (${pct(r.error_rate)})` },
        {
          label: "Worst day",
          value: r.worst_day
            ? `${dayLabel(r.worst_day.day)}: ${int(r.worst_day.errors)} of ${int(r.worst_day.requests)} (${
              pct(r.worst_day.error_rate)
            })`
            : "none",
        },
        {
          label: "Latency",
          value: `p50 ${num(l.p50, 0)} ms, p95 ${num(l.p95, 0)} ms, p99 ${num(l.p99, 0)} ms, average ${
            num(l.avg, 0)
          } ms over ${int(l.requests)} requests`,
        },
      ],
    },
    { kind: "subsection", text: "By error type" },
    tableOr(
      [text("Error type"), number("Errors"), number("Share of errors"), number("Rate")],
      r.by_error_type.map((
        e,
      ) => [e.error_type ?? "(unclassified)", int(e.errors), pct(e.share_of_errors), pct(e.rate, 2)]),
      "No errors this week.",
    ),
    { kind: "subsection", text: "By model" },
    tableOr(
      [text("Model"), number("Requests"), number("Errors"), number("Error rate")],
      r.by_model.map((m) => [m.model, int(m.requests), int(m.errors), pct(m.error_rate)]),
      "No requests this week.",
    ),
  ];
}

function health(report: WeeklyReport): Block[] {
  const c = report.health.checks;
  const a = report.health.alerts;
  const blocks: Block[] = [{ kind: "section", text: SECTION_TITLES[6] }];
  if (!c.available) {
    blocks.push({
      kind: "paragraph",
      text:
        "Health checks are not recorded on this database (check-alerts is not installed), so there is no health score.",
    });
  } else if ((c.count ?? 0) === 0) {
    blocks.push({ kind: "paragraph", text: "No health check ran during this week." });
  } else {
    blocks.push({
      kind: "facts",
      items: [
        {
          label: "Health checks",
          value: `${int(c.count)} (healthy ${int(c.by_status?.healthy)}, warning ${
            int(c.by_status?.warning)
          }, critical ${int(c.by_status?.critical)})`,
        },
        {
          label: "Latest score",
          value: c.latest
            ? `${int(c.latest.score)}/100 (${c.latest.status}) at ${utcMinute(c.latest.checked_at)}`
            : NA,
        },
        { label: "Average score", value: num(c.avg_score, 1) },
        {
          label: "Lowest score",
          value: c.worst ? `${int(c.worst.score)}/100 at ${utcMinute(c.worst.checked_at)}` : NA,
        },
      ],
    });
    blocks.push({ kind: "subsection", text: "Checks that failed" });
    blocks.push(tableOr(
      [text("Rule"), text("Worst severity"), number("Failed checks"), text("Last message")],
      (c.failing_rules ?? []).map((
        f,
      ) => [f.rule ?? NA, f.worst_severity ?? NA, int(f.failed_checks), f.last_message ?? ""]),
      "Every check passed.",
    ));
  }
  if (!a.available) {
    blocks.push({ kind: "paragraph", text: "Alerts are not recorded on this database." });
  } else {
    blocks.push({
      kind: "facts",
      items: [
        {
          label: "Alerts active this week",
          value: `${int(a.active)} (critical ${int(a.critical)}, warning ${int(a.warning)})`,
        },
        { label: "Opened / resolved", value: `${int(a.opened)} opened, ${int(a.resolved)} resolved` },
        { label: "Open at the end of the week", value: int(a.open_at_end) },
      ],
    });
    blocks.push({ kind: "subsection", text: "Alerts" });
    blocks.push(tableOr(
      [
        text("Rule"),
        text("Severity"),
        text("State at week end"),
        text("First seen"),
        number("Occurrences"),
        text("Message"),
      ],
      (a.list ?? []).map((x) => [
        x.rule ?? NA,
        x.severity ?? NA,
        x.state_at_end,
        utcMinute(x.first_seen_at),
        typeof x.occurrences === "number" ? int(x.occurrences) : NA,
        x.message ?? "",
      ]),
      "No alert was active this week.",
    ));
  }
  return blocks;
}

function recommendations(recs: Recommendation[]): Block[] {
  return [
    { kind: "section", text: SECTION_TITLES[7] },
    recs.length === 0 ? { kind: "paragraph", text: "No recommendations." } : {
      kind: "list",
      ordered: true,
      items: recs.map((r) => `${r.severity.toUpperCase()}: ${r.text} (${r.metric} = ${r.value ?? NA})`),
    },
  ];
}

/** The report as a document. `report.recommendations` is used when present. */
export function weeklyDocument(report: WeeklyReport): Block[] {
  const recs = report.recommendations ?? [];
  return [
    ...header(report),
    ...executive(report, recs),
    ...usage(report),
    ...savings(report),
    ...cost(report),
    ...tools(report),
    ...reliability(report),
    ...health(report),
    ...recommendations(recs),
    ...billingSection(report),
    ...budgetsSection(report, SECTION_TITLES[9]),
  ];
}

/** The report as markdown. */
export function renderWeeklyMarkdown(report: WeeklyReport): string {
  return renderMarkdown(weeklyDocument(report));
}

/** The report as a self-contained HTML page. */
export function renderWeeklyHtml(report: WeeklyReport): string {
  return renderHtml(title(report), weeklyDocument(report));
}
