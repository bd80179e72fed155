/**
 * The public types of `@tokenwatch/client`: the options of {@link createTokenwatch}, the per-call context,
 * the event sent to `ingest`, and the budget rows `check-budget` answers with.
 *
 * @module
 */
/** The `fetch` the client uses (the global one by default): only what it calls. */
export type FetchLike = (input: string, init: {
    method: string;
    headers: Record<string, string>;
    body: string;
    signal?: AbortSignal;
}) => Promise<{
    status: number;
    headers: {
        get(name: string): string | null;
    };
    text(): Promise<string>;
}>;
/** What an app passes for one call (or as a wrapped client's defaults); every field optional. */
export interface CallContext {
    /** `user_id` of the event (your end user). */
    user?: string;
    /** `conversation_id` of the event. */
    conversation?: string;
    /** `prompt_variant`: which prompt design served it, e.g. `mcp` or `traditional`. */
    promptVariant?: string;
    /** `customer_id`: who pays for it (sent only when set). */
    customerId?: string;
    /** Overrides the client's `app` for this call. */
    app?: string;
    /** Overrides the client's `environment` for this call. */
    environment?: string;
    /** Anything else, stored as the event's `metadata` (a JSON object, at most 16 KB). */
    metadata?: Record<string, unknown>;
    /** Check the call's budgets before calling the provider (overrides the client's `enforceBudgets`). */
    enforceBudgets?: boolean;
}
/** One event as `ingest` takes it (the fields this client sends). */
export interface UsageEvent {
    request_id: string;
    occurred_at: string;
    provider: string;
    model: string;
    source?: string;
    /** The provider's usage object exactly as its API returned it (ingest maps it onto token columns). */
    usage?: Record<string, unknown>;
    status: "ok" | "error";
    error_type?: string;
    latency_ms: number;
    user_id?: string;
    conversation_id?: string;
    prompt_variant?: string;
    customer_id?: string;
    app?: string;
    environment?: string;
    metadata?: Record<string, unknown>;
    /** Only when a stream ended without usage: the request's messages, counted by ingest, never stored. */
    messages?: {
        role: string;
        content: string;
    }[];
    /** Only when a stream ended without usage: the input text, counted by ingest, never stored. */
    input_text?: string;
    /** Only when a stream ended without usage: the text received, counted by ingest, never stored. */
    output_text?: string;
}
/** Counters of what the client did with events since it was created. */
export interface TokenwatchStats {
    /** Events recorded and waiting to be sent (in flight included). */
    pending: number;
    /** Events `ingest` answered 200 for (stored or already stored). */
    sent: number;
    /** Events dropped because the queue was full (or the client was shut down). */
    dropped: number;
    /** Events `ingest` refused as invalid (400); each is reported to `onError`. */
    rejected: number;
    /** Events given up on after every retry, or refused for credentials (401/403). */
    failed: number;
    /** HTTP attempts that were retried. */
    retries: number;
    /** Budget checks before a call that could not be made (the call went ahead). */
    budgetCheckFailures: number;
}
/** A budget row as `check-budget` answers (see the budget HTTP contract). */
export interface BudgetRow {
    budget: string;
    scope_value: Record<string, string>;
    period_start: string;
    period_end: string;
    limit_usd: number | null;
    spent_usd: number;
    remaining_usd: number | null;
    limit_tokens: number | null;
    spent_tokens: number;
    percent: number | null;
    state: "ok" | "warning" | "exceeded";
    enforce: boolean;
    unpriced_requests: number;
    forecast_exhausted_at: string | null;
}
/** The keys a budget scope may carry. */
export type BudgetScopeKey = "app" | "environment" | "user_id" | "customer_id" | "conversation_id" | "model" | "prompt_variant";
/** A budget scope: which spend to check, e.g. `{ user_id: "u1", app: "shop" }`. */
export type BudgetScope = Partial<Record<BudgetScopeKey, string>>;
/** Timers the sender uses (the global ones by default; tests pass their own). */
export interface Timers {
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}
/** Options of {@link createTokenwatch}. */
export interface TokenwatchOptions {
    /** The project URL, e.g. `https://abcd.supabase.co` (functions are at `<url>/functions/v1/<name>`). */
    url: string;
    /** The ingest key (`TOKENWATCH_INGEST_KEY`) or the project's secret key. */
    key: string;
    /** `app` of every event (a call's context may override it). */
    app?: string;
    /** `environment` of every event, e.g. `production`. */
    environment?: string;
    /** `customer_id` of every event (sent only when set). */
    customerId?: string;
    /** `source` of every event (with `request_id` the idempotency key); ingest's default `api` when unset. */
    source?: string;
    /** Check budgets before each wrapped call and throw {@link BudgetExceededError}; default false. */
    enforceBudgets?: boolean;
    /** Events per POST; default 100 (ingest takes at most 5,000). */
    maxBatchSize?: number;
    /** Longest time an event waits before its batch is sent, in ms; default 1,000. */
    flushIntervalMs?: number;
    /** Most events held (queued and in flight); past it new events are dropped and counted. Default 10,000. */
    maxQueueSize?: number;
    /** Retries of a batch after the first attempt (network errors, 408, 429, 5xx); default 5. */
    maxRetries?: number;
    /** First retry delay in ms, doubled each retry (with jitter); default 500. */
    retryBaseMs?: number;
    /** Longest wait between attempts in ms (`Retry-After` included); default 30,000. */
    retryMaxMs?: number;
    /** Timeout of each HTTP attempt in ms; default 10,000. */
    timeoutMs?: number;
    /**
     * When a stream ends without the provider's usage (cut or cancelled before it), send the request's
     * messages and the text received so that ingest counts the tokens (it never stores text); default true.
     * With false such an event carries no counts and is recorded as an error.
     */
    countTextWithoutUsage?: boolean;
    /** Called with every background failure (never thrown into the app). Default: `console.warn`. */
    onError?: (error: Error) => void;
    /** The `fetch` to use; default `globalThis.fetch`. */
    fetch?: FetchLike;
    /** The clock; default `Date.now`. */
    now?: () => number;
    /** Waits between retries; default a `setTimeout` promise. */
    sleep?: (ms: number) => Promise<void>;
    /** Timers for the batching interval; default the global ones (unref'd in Node). */
    timers?: Timers;
    /** Jitter source in [0, 1); default `Math.random`. */
    random?: () => number;
}
