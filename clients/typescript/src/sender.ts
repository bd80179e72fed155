/**
 * The batching sender: a bounded queue of events, sent to `ingest` in batches when `maxBatchSize` events
 * wait or `flushIntervalMs` after the first one was queued, one batch at a time.
 *
 * - Never blocks the app: {@link EventSender.enqueue} is synchronous and never throws; past
 *   `maxQueueSize` (queued plus in flight) a new event is dropped and counted.
 * - Retries network failures, timeouts, 408, 429 and 5xx with exponential backoff and jitter (honouring
 *   `Retry-After`), resending the very same body, so the same `request_id`s: ingest stores each once.
 * - A 400 names the invalid events by index: those are dropped (counted as rejected, reported to
 *   `onError`) and the rest resent. A 413 splits the batch in two. 401/403 and other 4xx fail the batch.
 *
 * @module
 */
import type { FetchLike, Timers, TokenwatchStats, UsageEvent } from "./types.ts";

/** What {@link EventSender} is built from (defaults filled in by createTokenwatch). */
export interface SenderConfig {
  endpoint: string;
  headers: Record<string, string>;
  fetch: FetchLike;
  maxBatchSize: number;
  flushIntervalMs: number;
  maxQueueSize: number;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  timers: Timers;
  random: () => number;
  onError: (error: Error) => void;
}

/** A failure to deliver events, as handed to `onError`. */
export class TokenwatchDeliveryError extends Error {
  constructor(
    message: string,
    /** HTTP status of the last answer, when there was one. */
    readonly status: number | undefined,
    /** The request ids of the events concerned. */
    readonly requestIds: string[],
    /** The answer's body (parsed JSON when it was JSON), or the underlying error. */
    readonly details: unknown,
  ) {
    super(message);
    this.name = "TokenwatchDeliveryError";
  }
}

type Outcome =
  | { kind: "ok" }
  | { kind: "retry"; status?: number; retryAfterMs?: number; details: unknown }
  | { kind: "invalid"; indices: number[]; details: unknown }
  | { kind: "too_large" }
  | { kind: "fail"; status: number; details: unknown };

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** The indices of the events a 400 names, or null when it names none. */
function invalidIndices(body: unknown, size: number): number[] | null {
  const problems = (body as { problems?: unknown } | null)?.problems;
  if (!Array.isArray(problems)) return null;
  const indices = new Set<number>();
  for (const problem of problems) {
    const index = (problem as { index?: unknown } | null)?.index;
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= size) return null;
    indices.add(index as number);
  }
  return indices.size > 0 ? [...indices].sort((a, b) => a - b) : null;
}

/** `Retry-After` in ms: delta seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Queues events and delivers them to ingest; see the module comment. */
export class EventSender {
  readonly #config: SenderConfig;
  readonly #queue: UsageEvent[] = [];
  #inFlight = 0;
  #sending: Promise<void> | null = null;
  #timer: unknown = undefined;
  #closed = false;
  readonly #stats: Omit<TokenwatchStats, "pending" | "budgetCheckFailures"> = {
    sent: 0,
    dropped: 0,
    rejected: 0,
    failed: 0,
    retries: 0,
  };

  constructor(config: SenderConfig) {
    this.#config = config;
  }

  /** Queues one event; false (and counted as dropped) when the queue is full or the sender shut down. */
  enqueue(event: UsageEvent): boolean {
    if (this.#closed || this.#queue.length + this.#inFlight >= this.#config.maxQueueSize) {
      this.#stats.dropped++;
      return false;
    }
    this.#queue.push(event);
    if (this.#queue.length >= this.#config.maxBatchSize) this.#kick();
    else this.#schedule();
    return true;
  }

  /** Sends everything queued now; resolves when nothing is queued or in flight (it never rejects). */
  async flush(): Promise<void> {
    this.#cancelTimer();
    while (this.#queue.length > 0 || this.#sending) {
      this.#kick();
      await this.#sending;
    }
  }

  /** Flushes, then refuses (drops and counts) every later event. */
  async shutdown(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  /** The counters so far. */
  stats(): Omit<TokenwatchStats, "budgetCheckFailures"> {
    return { pending: this.#queue.length + this.#inFlight, ...this.#stats };
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#sending) return;
    this.#timer = this.#config.timers.setTimeout(() => {
      this.#timer = undefined;
      this.#kick();
    }, this.#config.flushIntervalMs);
    // Node: a pending batch must not keep the process alive (flush() / shutdown() send it).
    (this.#timer as { unref?: () => void } | null)?.unref?.();
  }

  #cancelTimer(): void {
    if (this.#timer === undefined) return;
    this.#config.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #kick(): void {
    if (this.#sending) return;
    this.#cancelTimer();
    this.#sending = this.#drain().finally(() => {
      this.#sending = null;
      if (this.#queue.length > 0) this.#schedule();
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#config.maxBatchSize);
      this.#inFlight = batch.length;
      try {
        await this.#deliver(batch);
      } catch (error) {
        // Never reached by design; kept so that a bug here cannot stop the queue.
        this.#report(new TokenwatchDeliveryError(String(error), undefined, ids(batch), error));
      } finally {
        this.#inFlight = 0;
      }
    }
  }

  #report(error: Error): void {
    try {
      this.#config.onError(error);
    } catch {
      // onError itself failed: nothing more to do.
    }
  }

  /** Delivers one batch (and what is left of it after a 400 or a 413 split). */
  async #deliver(batch: UsageEvent[]): Promise<void> {
    const body = JSON.stringify(batch);
    for (let attempt = 0;; attempt++) {
      const outcome = await this.#post(body, batch.length);
      if (outcome.kind === "ok") {
        this.#stats.sent += batch.length;
        return;
      }
      if (outcome.kind === "invalid") {
        const bad = new Set(outcome.indices);
        this.#stats.rejected += bad.size;
        this.#report(
          new TokenwatchDeliveryError(
            `ingest refused ${bad.size} of ${batch.length} events as invalid`,
            400,
            ids(batch.filter((_, i) => bad.has(i))),
            outcome.details,
          ),
        );
        const rest = batch.filter((_, i) => !bad.has(i));
        if (rest.length > 0) await this.#deliver(rest);
        return;
      }
      if (outcome.kind === "too_large" && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        await this.#deliver(batch.slice(0, half));
        await this.#deliver(batch.slice(half));
        return;
      }
      if (outcome.kind === "retry" && attempt < this.#config.maxRetries) {
        this.#stats.retries++;
        const backoff = Math.min(this.#config.retryMaxMs, this.#config.retryBaseMs * 2 ** attempt);
        const jittered = backoff / 2 + (this.#config.random() * backoff) / 2;
        await this.#config.sleep(Math.min(this.#config.retryMaxMs, outcome.retryAfterMs ?? jittered));
        continue;
      }
      this.#stats.failed += batch.length;
      const status = outcome.kind === "too_large" ? 413 : outcome.status;
      const details = "details" in outcome ? outcome.details : undefined;
      const why = outcome.kind === "retry" ? ` after ${attempt + 1} attempts` : "";
      this.#report(
        new TokenwatchDeliveryError(
          `could not deliver ${batch.length} events: ${
            status === undefined ? "ingest unreachable" : `ingest answered ${status}`
          }${why}`,
          status,
          ids(batch),
          details,
        ),
      );
      return;
    }
  }

  async #post(body: string, size: number): Promise<Outcome> {
    const controller = new AbortController();
    const timer = this.#config.timers.setTimeout(() => controller.abort(), this.#config.timeoutMs);
    try {
      const response = await this.#config.fetch(this.#config.endpoint, {
        method: "POST",
        headers: { ...this.#config.headers, "content-type": "application/json" },
        body,
        signal: controller.signal,
      });
      const text = await response.text();
      const { status } = response;
      if (status >= 200 && status < 300) return { kind: "ok" };
      const details = parseJson(text);
      if (status === 408 || status === 429 || status >= 500) {
        return {
          kind: "retry",
          status,
          retryAfterMs: retryAfterMs(response.headers.get("retry-after"), Date.now()),
          details,
        };
      }
      if (status === 413) return { kind: "too_large" };
      if (status === 400) {
        const indices = invalidIndices(details, size);
        if (indices) return { kind: "invalid", indices, details };
      }
      return { kind: "fail", status, details };
    } catch (error) {
      return { kind: "retry", details: error };
    } finally {
      this.#config.timers.clearTimeout(timer);
    }
  }
}

const ids = (events: UsageEvent[]): string[] => events.map((e) => e.request_id);
