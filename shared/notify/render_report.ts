/**
 * Renders a weekly-report notification for each channel kind: Slack (text + Block Kit with the
 * key numbers and the first recommendation), email (the report's HTML page, and a text part:
 * the summary and the markdown report) and a webhook (the JSON report as `data` of the event
 * envelope). Pure.
 */
import type { ReportMessage } from "./messages.ts";
import type { ReportContent } from "./payload.ts";
import { type EmailParts, type SlackBody, slackEscape } from "./render.ts";

/** Slack: a fallback `text` and blocks (header, summary, key numbers, first recommendation, key). */
export function renderReportSlack(m: ReportMessage, idempotencyKey: string): SlackBody {
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: m.title.slice(0, 150), emoji: true } },
    { type: "section", text: { type: "mrkdwn", text: slackEscape(m.text) } },
    {
      type: "section",
      fields: m.facts.slice(0, 10).map((f) => ({
        type: "mrkdwn",
        text: `*${slackEscape(f.label)}*\n${slackEscape(f.value)}`,
      })),
    },
  ];
  if (m.recommendation) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*First recommendation* (${m.recommendation.severity})\n${slackEscape(m.recommendation.text)}`,
      },
    });
  }
  blocks.push({
    type: "context",
    elements: [{
      type: "mrkdwn",
      text: `Tokenwatch · weekly report ${slackEscape(m.week)} · ${slackEscape(idempotencyKey)}`,
    }],
  });
  return { text: `:bar_chart: ${m.title}: ${m.text}`, blocks };
}

/** Email: the title as subject, the report's HTML page, and the summary plus the markdown as text. */
export function renderReportEmail(m: ReportMessage, report: ReportContent): EmailParts {
  const first = m.recommendation ? `\nFirst recommendation: ${m.recommendation.text}\n` : "";
  return { subject: m.title, text: `${m.text}\n${first}\n${report.markdown}`, html: report.html };
}

/**
 * Webhook: `{"id": <key>, "type": "report.weekly", "created_at": …, "data": <the report JSON>}`.
 * The report JSON is spliced in as the text SQL wrote, so its numbers keep full precision.
 */
export function renderReportWebhook(
  report: ReportContent,
  idempotencyKey: string,
  createdAt: string,
): string {
  const head = JSON.stringify({ id: idempotencyKey, type: "report.weekly", created_at: createdAt });
  return `${head.slice(0, -1)},"data":${report.json.trim()}}`;
}
