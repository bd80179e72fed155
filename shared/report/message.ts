/**
 * The channel-neutral message of a weekly-report notification: the key numbers (requests,
 * tokens, cost, health score, week over week) and the first recommendation, as words and as the
 * report's own numbers. Stored in monitoring.notifications.message when a report is built and
 * rendered per channel (shared/notify/render_report.ts) when it is sent (its shape:
 * shared/notify/messages.ts); the full report travels
 * beside it (email: the HTML, webhook: the JSON). Pure: every number comes from the report JSON.
 */
import type { ReportMessage } from "../notify/messages.ts";
import { costText, int, num, signedPct, usd } from "../document/format.ts";
import type { WeeklyReport } from "./types.ts";

/** The report's title, as its markdown and HTML carry it. */
export function reportTitle(report: Pick<WeeklyReport, "week" | "app">): string {
  return `Tokenwatch weekly report ${report.week}${report.app ? ` (${report.app})` : ""}`;
}

function healthText(report: WeeklyReport): string {
  const e = report.executive;
  if (e.health_score === null) return "n/a";
  return `${int(e.health_score)}/100${e.health_status ? ` (${e.health_status})` : ""}`;
}

function weekOverWeekText(report: WeeklyReport): string {
  const e = report.executive;
  const prev = report.cost.previous_week;
  if (e.week_over_week_change_rate === null) return `n/a (no priced cost in ${prev.week})`;
  return `${signedPct(e.week_over_week_change_rate)} (${usd(prev.cost_usd)} in ${prev.week})`;
}

/** Builds the summary of a stored report (`reportId`: its monitoring.reports id). */
export function buildReportMessage(report: WeeklyReport, reportId: number): ReportMessage {
  const e = report.executive;
  const cost = costText({ cost: e.cost_usd, requests: e.requests, unpriced: e.unpriced_requests });
  const health = healthText(report);
  const wow = weekOverWeekText(report);
  const first = report.recommendations?.[0] ?? null;
  return {
    kind: "weekly_report",
    report_id: reportId,
    week: report.week,
    app: report.app,
    from: report.from,
    to: report.to,
    title: reportTitle(report),
    text:
      `${int(e.requests)} requests, ${int(e.total_tokens)} tokens, cost ${cost}, health score ${health}, ` +
      `week over week ${wow}.`,
    facts: [
      { label: "Requests", value: int(e.requests) },
      { label: "Tokens", value: `${int(e.total_tokens)} (${num(e.avg_tokens_per_request, 2)} per request)` },
      { label: "Cost", value: `${cost}; monthly projection ${usd(e.monthly_projection_usd)}` },
      { label: "Health score", value: health },
      { label: "Week over week", value: wow },
    ],
    numbers: {
      requests: e.requests,
      total_tokens: e.total_tokens,
      cost_usd: e.cost_usd,
      unpriced_requests: e.unpriced_requests,
      health_score: e.health_score,
      health_status: e.health_status,
      week_over_week_change_rate: e.week_over_week_change_rate,
      monthly_projection_usd: e.monthly_projection_usd,
    },
    recommendation: first ? { id: first.id, severity: first.severity, text: first.text } : null,
  };
}

/**
 * The idempotency key of a report notification without its channel part:
 * `tokenwatch:report:weekly:<week>` or `…:<week>:app:<app, URI-encoded>`; the outbox appends
 * `:channel:<channel id>`. The app is encoded so that a `:` in an app name cannot make two
 * reports share a key.
 */
export function reportKeyPrefix(week: string, app: string | null): string {
  return `tokenwatch:report:weekly:${week}${app === null ? "" : `:app:${encodeURIComponent(app)}`}`;
}
