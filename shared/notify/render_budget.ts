/**
 * Renders a budget notification for each channel kind: Slack (text + Block Kit: the spend, the
 * models that spent it, the forecast), a webhook (the message as `data` of the event envelope, type
 * `budget.threshold`) and email (subject, text, a small HTML table). Pure.
 */
import type { BudgetMessage } from "./budget_message.ts";
import { type EmailParts, htmlEscape, type SlackBody, slackEscape } from "./render.ts";

function usd(n: number): string {
  return `$${n.toFixed(n >= 100 ? 0 : 2)}`;
}

function facts(m: BudgetMessage): [string, string][] {
  const rows: [string, string][] = [["Budget", m.budget], ["Scope", m.scope_text]];
  if (m.limit_usd !== null) rows.push(["Spent", `${usd(m.spent_usd)} of ${usd(m.limit_usd)}`]);
  if (m.limit_tokens !== null) rows.push(["Tokens", `${m.spent_tokens} of ${m.limit_tokens}`]);
  rows.push(["Percent", `${m.percent}%`], [
    "Period",
    `${m.period_start} to ${m.period_end} (${m.time_zone})`,
  ]);
  rows.push([
    "Forecast",
    m.forecast_exhausted_at ?? (m.state === "exceeded" ? "reached" : "not within the period"),
  ]);
  const by = m.by_model.map((x) => `${x.model ?? "?"} ${usd(x.spent_usd)}`).join(", ");
  if (by) rows.push(["By model", by]);
  if (m.partly_unpriced) {
    rows.push(["Unpriced", `${m.unpriced_requests} requests with no known price, not counted`]);
  }
  return rows;
}

/** Slack: a fallback `text` and blocks (header, summary, facts, key). */
export function renderBudgetSlack(m: BudgetMessage, idempotencyKey: string): SlackBody {
  const icon = m.severity === "CRITICAL" ? ":no_entry:" : ":warning:";
  return {
    text: `${icon} ${m.title}: ${m.text}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: m.title.slice(0, 150), emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: slackEscape(m.text) } },
      {
        type: "section",
        fields: facts(m).slice(0, 10).map(([k, v]) => ({
          type: "mrkdwn",
          text: `*${k}*\n${slackEscape(v)}`,
        })),
      },
      {
        type: "context",
        elements: [{
          type: "mrkdwn",
          text: `Tokenwatch · budget ${slackEscape(m.budget)} · ${slackEscape(idempotencyKey)}`,
        }],
      },
    ],
  };
}

/** Webhook: `{id: <idempotency key>, type: "budget.threshold", created_at, data: <message>}`. */
export function renderBudgetWebhook(m: BudgetMessage, idempotencyKey: string, createdAt: string): string {
  return JSON.stringify({ id: idempotencyKey, type: "budget.threshold", created_at: createdAt, data: m });
}

/** Email: the title as subject, the facts as text and as an HTML table. */
export function renderBudgetEmail(m: BudgetMessage): EmailParts {
  const rows = facts(m);
  const table = rows.map(([k, v]) =>
    `<tr><th align="left">${htmlEscape(k)}</th><td>${htmlEscape(v)}</td></tr>`
  ).join("");
  return {
    subject: m.title,
    text: [m.text, "", ...rows.map(([k, v]) => `${k}: ${v}`)].join("\n"),
    html: [`<h2>${htmlEscape(m.title)}</h2>`, `<p>${htmlEscape(m.text)}</p>`, `<table>${table}</table>`].join(
      "\n",
    ),
  };
}
