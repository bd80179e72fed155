/**
 * GET against a provider's admin API with bounded back-off, and cursor pagination.
 *
 * - 429 and 5xx (and network failures) are retried at most `maxRetries` times, waiting what
 *   `retry-after` asks (seconds or an HTTP date), else `baseDelayMs` x 2^n, never more than
 *   `maxDelayMs` per wait; a longer retry-after, or running out of retries, ends the read with a
 *   retryable ProviderError and the next hourly run resumes (nothing of the read is stored).
 * - Any other non-2xx (401 bad key, 403, 400) is a ProviderError at once.
 * - Pages: the response's `has_more` and `next_page` (both providers), sent back as `page`.
 */
import type { z } from "../deps/zod.ts";

/** A provider answered with an error, or could not be reached. */
export class ProviderError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
    /** True for rate limits, 5xx and network failures: trying again later may work. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

/** How patient a read is. */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Default: 3 retries, 1 s, 2 s, 4 s (at most 20 s when retry-after asks), well inside a function's 150 s. */
export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 20_000 };

/** What a read needs from the outside world (tests pass their own fetch and sleep). */
export interface HttpDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  retry: RetryPolicy;
}

export const defaultHttpDeps: HttpDeps = {
  fetch: (input, init) => fetch(input, init),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  retry: DEFAULT_RETRY,
};

/** The wait `retry-after` asks for, in ms (null when absent or unreadable). */
export function retryAfterMs(header: string | null, now: Date = new Date()): number | null {
  if (header === null || header.trim() === "") return null;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** The error text a provider sent (both use {"error": {"message": …}}), else the status text. */
async function errorText(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof body?.error?.message === "string") return body.error.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200) || response.statusText;
}

/** GETs `url` and parses the JSON body with `schema`, retrying as the module comment says. */
export async function getJson<T>(
  url: URL,
  headers: Record<string, string>,
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  deps: HttpDeps,
): Promise<T> {
  const what = `${url.pathname}`;
  for (let attempt = 0;; attempt++) {
    let response: Response;
    try {
      response = await deps.fetch(url, { headers: { accept: "application/json", ...headers } });
    } catch (error) {
      if (attempt >= deps.retry.maxRetries) {
        throw new ProviderError(
          null,
          `${what}: ${error instanceof Error ? error.message : String(error)}`,
          true,
        );
      }
      await deps.sleep(Math.min(deps.retry.baseDelayMs * 2 ** attempt, deps.retry.maxDelayMs));
      continue;
    }
    if (response.ok) {
      const parsed = schema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ProviderError(
          response.status,
          `${what}: unexpected response shape at ${issue.path.join(".") || "body"}: ${issue.message}`,
          false,
        );
      }
      return parsed.data;
    }
    const retryable = response.status === 429 || response.status >= 500;
    const message = `${what}: HTTP ${response.status} ${await errorText(response)}`;
    if (!retryable) throw new ProviderError(response.status, message, false);
    const asked = retryAfterMs(response.headers.get("retry-after"));
    const wait = asked ?? deps.retry.baseDelayMs * 2 ** attempt;
    if (attempt >= deps.retry.maxRetries || wait > deps.retry.maxDelayMs) {
      throw new ProviderError(response.status, `${message} (resuming at the next run)`, true);
    }
    await deps.sleep(wait);
  }
}

/** A page of either provider: the data and the cursor. */
export interface Paged<B> {
  data: B[];
  has_more: boolean;
  next_page?: string | null;
}

/** Reads every page (`page` = the previous `next_page`) and returns the buckets in order, and the page count. */
export async function getAllPages<B>(
  firstUrl: URL,
  headers: Record<string, string>,
  schema: z.ZodType<Paged<B>, z.ZodTypeDef, unknown>,
  deps: HttpDeps,
  maxPages = 500,
): Promise<{ buckets: B[]; pages: number }> {
  const buckets: B[] = [];
  let url = firstUrl;
  for (let pages = 1;; pages++) {
    const page = await getJson(url, headers, schema, deps);
    buckets.push(...page.data);
    if (!page.has_more || !page.next_page) return { buckets, pages };
    if (pages >= maxPages) {
      throw new ProviderError(null, `${firstUrl.pathname}: more than ${maxPages} pages`, false);
    }
    url = new URL(firstUrl);
    url.searchParams.set("page", page.next_page);
  }
}
