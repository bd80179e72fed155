/**
 * What an app imports to report one LLM request to Tokenwatch:
 *
 * ```ts
 * const completion = await openai.chat.completions.create({ model: "gpt-4o", messages });
 * await recordUsage(supabase, completion, { fields: { app: "shop", latency_ms: elapsed } });
 * ```
 *
 * It accepts an event (see usage/event_schema.ts) or a whole provider response (see provider_response.ts),
 * sends it to the `ingest` Edge Function with `supabase.functions.invoke`, and retries network failures,
 * relay errors, 429 and 5xx with exponential backoff (honouring `Retry-After`), always with the same
 * `request_id` (the response id, or a UUID made once) and `occurred_at` (the response's time, or the time of
 * the call), so that a retry never counts a request twice.
 * Other 4xx are not retried: the event itself is wrong, and {@link IngestError} carries the reasons.
 */
import type { IncomingEvent } from "../usage/event_schema.ts";
import { fromProviderResponse } from "./provider_response.ts";

/** The part of a `SupabaseClient` that recordUsage uses; pass the client itself. */
export interface FunctionsInvoker {
  functions: {
    invoke(
      functionName: string,
      options: { body: Record<string, unknown>; timeout?: number },
    ): Promise<{ data: unknown; error: unknown; response?: Response }>;
  };
}

/** Options for {@link recordUsage}. */
export interface RecordUsageOptions {
  /** Fields set on the event over what a provider response gives (e.g. `app`, `latency_ms`, `prompt_variant`). */
  fields?: IncomingEvent;
  /** Retries after the first attempt; default 3. */
  retries?: number;
  /** First backoff delay in ms, doubled each retry; default 250. */
  baseDelayMs?: number;
  /** Longest wait between attempts in ms, `Retry-After` included; default 10,000. */
  maxDelayMs?: number;
  /** Timeout of each attempt in ms; default 10,000. */
  timeoutMs?: number;
  /** The function to call; default `ingest`. */
  functionName?: string;
  /** Waits between attempts (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1): each wait is between half and all of the backoff delay. */
  random?: () => number;
}

/** What ingest answered. */
export interface RecordUsageResult {
  request_id: string;
  inserted: number;
  duplicates: number;
  attempts: number;
}

/** Recording failed: rejected (4xx, not retried) or still failing after every retry. */
export class IngestError extends Error {
  constructor(
    message: string,
    /** HTTP status, when the function answered. */
    readonly status: number | undefined,
    /** Whether the last failure was of a retryable kind (the retries ran out). */
    readonly retryable: boolean,
    /** The response body (for 400: `{ error, problems: [{index, field, message}] }`), or the underlying error. */
    readonly details: unknown,
    readonly attempts: number,
  ) {
    super(message);
    this.name = "IngestError";
  }
}

interface Failure {
  status: number | undefined;
  retryable: boolean;
  retryAfterMs: number | undefined;
  details: unknown;
}

async function readBody(response: Response | undefined): Promise<unknown> {
  if (!response || response.bodyUsed) return undefined;
  const text = await response.text().catch(() => "");
  try {
    return JSON.parse(text);
  } catch {
    return text || undefined;
  }
}

async function classify(error: unknown, response: Response | undefined): Promise<Failure> {
  const status = response?.status;
  const relay = (error as { name?: string } | null)?.name === "FunctionsRelayError";
  const retryable = status === undefined || relay || status === 429 || status >= 500;
  const seconds = Number(response?.headers.get("retry-after"));
  return {
    status,
    retryable,
    retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined,
    details: status === undefined ? error : await readBody(response),
  };
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * Records one event, or one provider response, through the `ingest` function; resolves with what was
 * inserted, or rejects with an {@link IngestError}.
 */
export async function recordUsage(
  supabase: FunctionsInvoker,
  event: IncomingEvent | Record<string, unknown>,
  opts: RecordUsageOptions = {},
): Promise<RecordUsageResult> {
  const body: Record<string, unknown> = { ...(fromProviderResponse(event) ?? event), ...opts.fields };
  // Fixed once, so that every retry sends the same event: same key, same time of the request.
  if (typeof body.request_id !== "string" || body.request_id === "") body.request_id = crypto.randomUUID();
  body.occurred_at ??= new Date().toISOString();
  const request_id = body.request_id as string;
  const retries = opts.retries ?? 3;
  const maxDelay = opts.maxDelayMs ?? 10_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = opts.random ?? Math.random;

  for (let attempt = 1;; attempt++) {
    let failure: Failure;
    try {
      const { data, error, response } = await supabase.functions.invoke(opts.functionName ?? "ingest", {
        body,
        timeout: opts.timeoutMs ?? 10_000,
      });
      if (!error) {
        const result = data as { inserted?: unknown; duplicates?: unknown } | null;
        if (!isCount(result?.inserted) || !isCount(result?.duplicates)) {
          throw new IngestError(
            "ingest answered without {inserted, duplicates}",
            response?.status,
            false,
            data,
            attempt,
          );
        }
        return { request_id, inserted: result.inserted, duplicates: result.duplicates, attempts: attempt };
      }
      failure = await classify(error, response);
    } catch (thrown) {
      if (thrown instanceof IngestError) throw thrown;
      failure = { status: undefined, retryable: true, retryAfterMs: undefined, details: thrown };
    }
    if (!failure.retryable || attempt > retries) {
      const what = failure.status === undefined
        ? "could not reach ingest"
        : `ingest answered ${failure.status}`;
      const why = failure.retryable ? ` after ${attempt} attempts` : "";
      throw new IngestError(`${what}${why}`, failure.status, failure.retryable, failure.details, attempt);
    }
    const backoff = Math.min(maxDelay, (opts.baseDelayMs ?? 250) * 2 ** (attempt - 1));
    await sleep(Math.min(maxDelay, failure.retryAfterMs ?? backoff / 2 + (random() * backoff) / 2));
  }
}
