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
import type { FetchLike, Timers, TokenwatchStats, UsageEvent } from "./types.js";
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
export declare class TokenwatchDeliveryError extends Error {
    /** HTTP status of the last answer, when there was one. */
    readonly status: number | undefined;
    /** The request ids of the events concerned. */
    readonly requestIds: string[];
    /** The answer's body (parsed JSON when it was JSON), or the underlying error. */
    readonly details: unknown;
    constructor(message: string, 
    /** HTTP status of the last answer, when there was one. */
    status: number | undefined, 
    /** The request ids of the events concerned. */
    requestIds: string[], 
    /** The answer's body (parsed JSON when it was JSON), or the underlying error. */
    details: unknown);
}
/** Queues events and delivers them to ingest; see the module comment. */
export declare class EventSender {
    #private;
    constructor(config: SenderConfig);
    /** Queues one event; false (and counted as dropped) when the queue is full or the sender shut down. */
    enqueue(event: UsageEvent): boolean;
    /** Sends everything queued now; resolves when nothing is queued or in flight (it never rejects). */
    flush(): Promise<void>;
    /** Flushes, then refuses (drops and counts) every later event. */
    shutdown(): Promise<void>;
    /** The counters so far. */
    stats(): Omit<TokenwatchStats, "budgetCheckFailures">;
}
