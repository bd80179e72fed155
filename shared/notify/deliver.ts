/**
 * Sends what the outbox has due (alert changes and weekly reports alike): claim, read secrets,
 * send (a few at a time, each with the channel's timeout), record. check-alerts calls it after
 * every run, so its cron job drives retries; weekly-report calls it after a build that queued
 * the report. A secret's value never reaches the table: errors are scrubbed of it.
 */
import type { Sql } from "../deps/postgres.ts";
import { backoffDelayMs } from "./backoff.ts";
import { type AttemptOutcome, buildDelivery, classifyOutcome } from "./delivery.ts";
import { claimDue, type ClaimedNotification, readSecrets, recordAttempt } from "./outbox.ts";

/** Options for {@link deliverDue}. */
export interface DeliverOptions {
  /** The HTTP client (tests pass a fake); global fetch by default. */
  fetch?: typeof fetch;
  /** Most notifications sent per call (default 50). */
  limit?: number;
  /** Sends in flight at once (default 5). */
  concurrency?: number;
}

/** One attempt's result, as check-alerts reports it. */
export interface DeliveryResult {
  notification_id: number;
  /** The alert it was about (null for a weekly report). */
  alert_id: number | null;
  /** The weekly report it carried (null for an alert). */
  report_id: number | null;
  channel: string;
  kind: string;
  event: string;
  attempt: number;
  status: "delivered" | "pending" | "failed";
  status_code: number | null;
  error: string | null;
}

/** What one call did. */
export interface DeliveryReport {
  attempted: number;
  delivered: number;
  failed: number;
  gave_up: number;
  results: DeliveryResult[];
}

/** Replaces a secret's value in an error text (values under 8 characters are too short to be real secrets, and would mangle words). */
function scrub(text: string | null, secret: string | undefined): string | null {
  if (text === null || !secret || secret.length < 8) return text;
  return text.split(secret).join("[secret]");
}

/** One attempt of one claimed notification. */
async function attempt(
  n: ClaimedNotification,
  { secret, fetcher }: { secret: string | undefined; fetcher: typeof fetch },
): Promise<AttemptOutcome> {
  if (secret === undefined) {
    return classifyOutcome({
      error: `Vault secret "${n.secret_name}" not found (vault.create_secret('<value>', '${n.secret_name}'))`,
    });
  }
  if (n.payload.type === "invalid") {
    return { delivered: false, permanent: true, statusCode: null, error: n.payload.error };
  }
  try {
    const request = await buildDelivery({
      channel: n.channel,
      secret,
      payload: n.payload,
      idempotencyKey: n.idempotency_key,
      now: new Date(),
    });
    const response = await fetcher(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(n.timeout_ms),
    });
    const body = await response.text().catch(() => "");
    const outcome = classifyOutcome({ status: response.status, body });
    return { ...outcome, error: scrub(outcome.error, secret) };
  } catch (error) {
    const text = error instanceof DOMException && error.name === "TimeoutError"
      ? `timed out after ${n.timeout_ms} ms`
      : String(error);
    return classifyOutcome({ error: scrub(text, secret) ?? "" });
  }
}

/** Claims and sends every due notification (up to the limit) and records each outcome. */
export async function deliverDue(sql: Sql, opts: DeliverOptions = {}): Promise<DeliveryReport> {
  const fetcher = opts.fetch ?? fetch;
  const claimed = await claimDue(sql, { limit: opts.limit ?? 50, leaseSeconds: 120 });
  const secrets = await readSecrets(sql, [...new Set(claimed.map((n) => n.secret_name))]);
  const results: DeliveryResult[] = [];
  const queue = [...claimed];
  const worker = async (): Promise<void> => {
    for (let n = queue.shift(); n; n = queue.shift()) {
      const outcome = await attempt(n, { secret: secrets.get(n.secret_name), fetcher });
      const retry = !outcome.delivered && !outcome.permanent && n.attempts < n.max_attempts;
      const retryInMs = retry
        ? backoffDelayMs(n.attempts, { baseMs: n.backoff_base_ms, maxMs: n.backoff_max_ms })
        : null;
      const status = await recordAttempt(sql, { id: n.id, outcome, retryInMs });
      results.push({
        notification_id: n.id,
        alert_id: n.alert_id,
        report_id: n.report_id,
        channel: n.channel.name,
        kind: n.channel.kind,
        event: n.event,
        attempt: n.attempts,
        status,
        status_code: outcome.statusCode,
        error: outcome.error,
      });
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency ?? 5, Math.max(1, claimed.length)) }, worker),
  );
  results.sort((a, b) => a.notification_id - b.notification_id);
  return {
    attempted: results.length,
    delivered: results.filter((r) => r.status === "delivered").length,
    failed: results.filter((r) => r.status !== "delivered").length,
    gave_up: results.filter((r) => r.status === "failed").length,
    results,
  };
}
