/**
 * The HTTP request that delivers one notification (an alert change or a weekly report) to one
 * channel, and how its outcome reads.
 *
 * - slack:   POST <secret: the incoming-webhook URL>, JSON {text, blocks}
 * - webhook: POST <url>, JSON {id, type, created_at, data}, signed (hmac.ts):
 *            X-Tokenwatch-Timestamp, X-Tokenwatch-Signature, X-Tokenwatch-Event
 *            (type alert.opened | alert.escalated | alert.resolved | report.weekly | budget.threshold)
 * - email:   POST <url or https://api.resend.com>/emails, Authorization: Bearer <secret>,
 *            JSON {from, to, subject, html, text} (Resend's format)
 * Every request carries `Idempotency-Key: <key>` (Resend honours it; others can dedupe on it).
 * Alerts render with render.ts, reports with render_report.ts, budgets with render_budget.ts; everything
 * else is shared.
 */
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from "./hmac.ts";
import { eventType, type NotificationPayload } from "./payload.ts";
import { type EmailParts, renderEmail, renderSlack, renderWebhook, type SlackBody } from "./render.ts";
import { renderBudgetEmail, renderBudgetSlack, renderBudgetWebhook } from "./render_budget.ts";
import { renderReportEmail, renderReportSlack, renderReportWebhook } from "./render_report.ts";

/** Default email API base (Resend). */
export const DEFAULT_EMAIL_API = "https://api.resend.com";

/** The channel fields a delivery needs (no secret values). */
export interface ChannelTarget {
  kind: "slack" | "webhook" | "email";
  name: string;
  url: string | null;
  email_from: string | null;
  email_to: string[] | null;
}

/** Inputs of {@link buildDelivery}. */
export interface DeliveryInput {
  channel: ChannelTarget;
  /** The Vault secret's value: Slack URL, HMAC key or email API key. */
  secret: string;
  payload: NotificationPayload;
  idempotencyKey: string;
  /** Send time (signature timestamp, webhook created_at). */
  now: Date;
}

/** A request ready for fetch. */
export interface DeliveryRequest {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: string;
}

function slackBody(payload: NotificationPayload, idempotencyKey: string): SlackBody {
  if (payload.type === "budget") return renderBudgetSlack(payload.message, idempotencyKey);
  return payload.type === "alert"
    ? renderSlack(payload.message, idempotencyKey)
    : renderReportSlack(payload.message, idempotencyKey);
}

function webhookBody(payload: NotificationPayload, idempotencyKey: string, createdAt: string): string {
  if (payload.type === "budget") return renderBudgetWebhook(payload.message, idempotencyKey, createdAt);
  return payload.type === "alert"
    ? JSON.stringify(renderWebhook(payload.message, idempotencyKey, createdAt))
    : renderReportWebhook(payload.report, idempotencyKey, createdAt);
}

function emailParts(payload: NotificationPayload): EmailParts {
  if (payload.type === "budget") return renderBudgetEmail(payload.message);
  return payload.type === "alert"
    ? renderEmail(payload.message)
    : renderReportEmail(payload.message, payload.report);
}

/** Builds the request for one channel kind (see the module comment). */
export async function buildDelivery(input: DeliveryInput): Promise<DeliveryRequest> {
  const { channel, secret, payload, idempotencyKey, now } = input;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Tokenwatch-Alerts/1",
    "idempotency-key": idempotencyKey,
  };
  if (channel.kind === "slack") {
    return {
      url: secret,
      method: "POST",
      headers,
      body: JSON.stringify(slackBody(payload, idempotencyKey)),
    };
  }
  if (channel.kind === "webhook") {
    const body = webhookBody(payload, idempotencyKey, now.toISOString());
    const timestamp = Math.floor(now.getTime() / 1000);
    headers[TIMESTAMP_HEADER] = String(timestamp);
    headers[SIGNATURE_HEADER] = await signWebhook(secret, timestamp, body);
    headers["x-tokenwatch-event"] = eventType(payload);
    return { url: channel.url ?? "", method: "POST", headers, body };
  }
  const base = (channel.url ?? DEFAULT_EMAIL_API).replace(/\/+$/, "");
  headers.authorization = `Bearer ${secret}`;
  const email = emailParts(payload);
  const body = JSON.stringify({ from: channel.email_from, to: channel.email_to ?? [], ...email });
  return { url: `${base}/emails`, method: "POST", headers, body };
}

/** How an attempt ended. */
export interface AttemptOutcome {
  delivered: boolean;
  /** A failure retrying cannot fix (4xx other than 408 and 429). */
  permanent: boolean;
  statusCode: number | null;
  error: string | null;
}

/** Classifies an HTTP status (or a network error) as delivered, retryable or permanent. */
export function classifyOutcome(result: { status?: number; body?: string; error?: string }): AttemptOutcome {
  if (result.status === undefined) {
    return {
      delivered: false,
      permanent: false,
      statusCode: null,
      error: (result.error ?? "no response").slice(0, 500),
    };
  }
  const status = result.status;
  if (status >= 200 && status < 300) {
    return { delivered: true, permanent: false, statusCode: status, error: null };
  }
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  const snippet = (result.body ?? "").replace(/\s+/g, " ").trim().slice(0, 300);
  return {
    delivered: false,
    permanent,
    statusCode: status,
    error: `HTTP ${status}${snippet ? `: ${snippet}` : ""}`,
  };
}
