/**
 * Renders an alert message for each channel kind: Slack (text + Block Kit), a generic webhook
 * (JSON event envelope) and email (subject, plain text, HTML). Pure.
 */
import type { AlertMessage } from "./messages.ts";

/** The Slack incoming-webhook body. */
export interface SlackBody {
  text: string;
  blocks: Record<string, unknown>[];
}

/** The webhook body: an event envelope with the message as `data`. */
export interface WebhookBody {
  id: string;
  type: string;
  created_at: string;
  data: AlertMessage;
}

/** The email parts. */
export interface EmailParts {
  subject: string;
  text: string;
  html: string;
}

const SLACK_ICON: Record<string, string> = {
  opened: ":rotating_light:",
  escalated: ":fire:",
  resolved: ":white_check_mark:",
};

/** Escapes text for Slack mrkdwn (&, <, >). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes text for HTML. */
export function htmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function details(m: AlertMessage): [string, string][] {
  const rows: [string, string][] = [["Rule", m.rule], ["Value", m.value_text]];
  if (m.threshold_text) rows.push(["Threshold", m.threshold_text]);
  if (m.window) rows.push(["Window", `${m.window} (${m.window_from} to ${m.window_to})`]);
  rows.push(["Occurrences", String(m.occurrences)], ["First seen", m.first_seen_at]);
  const scope = Object.entries(m.scope).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`).join(", ");
  if (scope) rows.push(["Scope", scope]);
  return rows;
}

/** Slack: a fallback `text` and blocks (header, summary, fields, recommendation, key). */
export function renderSlack(m: AlertMessage, idempotencyKey: string): SlackBody {
  const text = `${SLACK_ICON[m.event] ?? ""} ${m.title}: ${m.text}`.trim();
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: m.title.slice(0, 150), emoji: true } },
    { type: "section", text: { type: "mrkdwn", text: slackEscape(m.text) } },
    {
      type: "section",
      fields: details(m).slice(0, 10).map(([k, v]) => ({
        type: "mrkdwn",
        text: `*${k}*\n${slackEscape(v)}`,
      })),
    },
  ];
  if (m.recommendation) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `*What to do*\n${slackEscape(m.recommendation)}` },
    });
  }
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `Tokenwatch · alert ${m.alert_id} · ${slackEscape(idempotencyKey)}` }],
  });
  return { text, blocks };
}

/** Webhook: `{id: <idempotency key>, type: "alert.<event>", created_at, data: <message>}`. */
export function renderWebhook(m: AlertMessage, idempotencyKey: string, createdAt: string): WebhookBody {
  return { id: idempotencyKey, type: `alert.${m.event}`, created_at: createdAt, data: m };
}

/** Email: subject from the title, the same facts as text and as a small HTML table. */
export function renderEmail(m: AlertMessage): EmailParts {
  const rows = details(m);
  const textLines = [m.text, "", ...rows.map(([k, v]) => `${k}: ${v}`)];
  if (m.recommendation) textLines.push("", `What to do: ${m.recommendation}`);
  const tableRows = rows.map(([k, v]) =>
    `<tr><th align="left">${htmlEscape(k)}</th><td>${htmlEscape(v)}</td></tr>`
  )
    .join("");
  const html = [
    `<h2>${htmlEscape(m.title)}</h2>`,
    `<p>${htmlEscape(m.text)}</p>`,
    `<table>${tableRows}</table>`,
    m.recommendation ? `<p><strong>What to do:</strong> ${htmlEscape(m.recommendation)}</p>` : "",
    `<p style="color:#888">Tokenwatch alert ${m.alert_id}</p>`,
  ].join("\n");
  return { subject: m.title, text: textLines.join("\n"), html };
}
