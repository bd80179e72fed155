/**
 * The outbox's database side: claim due notifications (a lease, FOR UPDATE SKIP LOCKED, so
 * overlapping senders never take the same row), read channel secrets from Vault by name, and
 * record each attempt's outcome with the next attempt time. Alert and report notifications
 * share all of it; a report row also brings the stored report (JSON, HTML, markdown) it carries.
 */
import { alertMessageSchema, reportMessageSchema } from "./messages.ts";
import type { Sql } from "../deps/postgres.ts";
import { budgetMessageSchema } from "./budget_message.ts";
import type { AttemptOutcome, ChannelTarget } from "./delivery.ts";
import type { NotificationPayload } from "./payload.ts";

/** A claimed row's content, or why it cannot be sent (a report summary that does not validate). */
export type ClaimedPayload = NotificationPayload | { type: "invalid"; error: string };

/** A claimed notification with its channel. */
export interface ClaimedNotification {
  id: number;
  /** The alert it is about (null for a weekly report). */
  alert_id: number | null;
  /** The weekly report it carries (null for an alert). */
  report_id: number | null;
  event: string;
  idempotency_key: string;
  payload: ClaimedPayload;
  attempts: number;
  max_attempts: number;
  channel_id: number;
  channel: ChannelTarget;
  secret_name: string;
  timeout_ms: number;
  backoff_base_ms: number;
  backoff_max_ms: number;
}

/** Options for {@link claimDue}. */
export interface ClaimOptions {
  limit: number;
  /** How long the claim holds before another run may take the row (seconds). */
  leaseSeconds: number;
}

interface ClaimRow {
  id: string;
  alert_id: string | null;
  report_id: string | null;
  budget_notice_id: string | null;
  event: string;
  idempotency_key: string;
  message: unknown;
  report_json: string | null;
  report_html: string | null;
  report_markdown: string | null;
  attempts: number;
  max_attempts: number;
  channel_id: string;
  kind: ChannelTarget["kind"];
  channel_name: string;
  url: string | null;
  email_from: string | null;
  email_to: string[] | null;
  secret_name: string;
  timeout_ms: number;
  backoff_base_ms: string;
  backoff_max_ms: string;
}

/** An alert row's message, or a report row's summary with its report; both validated (messages.ts). */
function toPayload(r: ClaimRow): ClaimedPayload {
  if (r.budget_notice_id !== null) {
    const budget = budgetMessageSchema.safeParse(r.message);
    return budget.success ? { type: "budget", message: budget.data } : {
      type: "invalid",
      error: `stored budget message is malformed: ${budget.error.issues[0]?.message ?? "?"}`,
    };
  }
  if (r.report_id === null) {
    const alert = alertMessageSchema.safeParse(r.message);
    if (!alert.success) {
      return {
        type: "invalid",
        error: `stored alert message is malformed: ${alert.error.issues[0]?.message ?? "?"}`,
      };
    }
    return { type: "alert", message: alert.data };
  }
  const parsed = reportMessageSchema.safeParse(r.message);
  if (!parsed.success) {
    return {
      type: "invalid",
      error: `stored report message is malformed: ${parsed.error.issues[0]?.message ?? "?"}`,
    };
  }
  if (r.report_json === null || r.report_html === null || r.report_markdown === null) {
    return { type: "invalid", error: `report ${r.report_id} no longer exists` };
  }
  return {
    type: "report",
    message: parsed.data,
    report: { json: r.report_json, html: r.report_html, markdown: r.report_markdown },
  };
}

/** Claims up to `limit` due notifications of enabled channels, counting the attempt. */
export async function claimDue(sql: Sql, opts: ClaimOptions): Promise<ClaimedNotification[]> {
  const rows = await sql<ClaimRow[]>`
    with due as (
      select n.id
      from monitoring.notifications n
      join monitoring.notification_channels c on c.id = n.channel_id
      where n.status = 'pending'
        and n.next_attempt_at <= now()
        and (n.claimed_until is null or n.claimed_until < now())
        and c.enabled
      order by n.next_attempt_at, n.id
      limit ${opts.limit}
      for update of n skip locked
    )
    update monitoring.notifications n
       set claimed_until = now() + ${opts.leaseSeconds} * interval '1 second',
           attempts = n.attempts + 1,
           last_attempt_at = now()
      from due, monitoring.notification_channels c
     where n.id = due.id and c.id = n.channel_id
    returning n.id, n.alert_id, n.report_id, n.budget_notice_id, n.event, n.idempotency_key, n.message, n.attempts, n.max_attempts, n.channel_id,
              (select monitoring.report_json(r)::text from monitoring.reports r where r.id = n.report_id) as report_json,
              (select r.html from monitoring.reports r where r.id = n.report_id) as report_html,
              (select r.markdown from monitoring.reports r where r.id = n.report_id) as report_markdown,
              c.kind, c.name as channel_name, c.url, c.email_from, c.email_to, c.secret_name, c.timeout_ms,
              extract(epoch from c.backoff_base) * 1000 as backoff_base_ms,
              extract(epoch from c.backoff_max) * 1000 as backoff_max_ms`;
  return rows.map((r) => ({
    id: Number(r.id),
    alert_id: r.alert_id === null ? null : Number(r.alert_id),
    report_id: r.report_id === null ? null : Number(r.report_id),
    event: r.event,
    idempotency_key: r.idempotency_key,
    payload: toPayload(r),
    attempts: r.attempts,
    max_attempts: r.max_attempts,
    channel_id: Number(r.channel_id),
    channel: {
      kind: r.kind,
      name: r.channel_name,
      url: r.url,
      email_from: r.email_from,
      email_to: r.email_to,
    },
    secret_name: r.secret_name,
    timeout_ms: r.timeout_ms,
    backoff_base_ms: Number(r.backoff_base_ms),
    backoff_max_ms: Number(r.backoff_max_ms),
  }));
}

/** Reads Vault secrets by name (vault.decrypted_secrets); names without a secret are absent. */
export async function readSecrets(sql: Sql, names: string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await sql<{ name: string; decrypted_secret: string | null }[]>`
    select name, decrypted_secret from vault.decrypted_secrets where name = any (${names}::text[])`;
  return new Map(
    rows.filter((r) => r.decrypted_secret !== null).map((r) => [r.name, r.decrypted_secret as string]),
  );
}

/** Options for {@link recordAttempt}. */
export interface RecordAttemptInput {
  id: number;
  outcome: AttemptOutcome;
  /** Delay before the next attempt; null when no further attempt will be made. */
  retryInMs: number | null;
}

/** Records an attempt: delivered, retry at now + delay, or failed for good. Returns the new status. */
export async function recordAttempt(
  sql: Sql,
  input: RecordAttemptInput,
): Promise<"delivered" | "pending" | "failed"> {
  const { id, outcome } = input;
  if (outcome.delivered) {
    await sql`
      update monitoring.notifications
         set status = 'delivered', delivered_at = now(), claimed_until = null, last_status_code = ${outcome.statusCode}
       where id = ${id}`;
    return "delivered";
  }
  if (input.retryInMs === null) {
    await sql`
      update monitoring.notifications
         set status = 'failed', claimed_until = null, last_status_code = ${outcome.statusCode}, last_error = ${outcome.error}
       where id = ${id}`;
    return "failed";
  }
  await sql`
    update monitoring.notifications
       set next_attempt_at = now() + ${input.retryInMs} * interval '1 millisecond', claimed_until = null,
           last_status_code = ${outcome.statusCode}, last_error = ${outcome.error}
     where id = ${id}`;
  return "pending";
}
