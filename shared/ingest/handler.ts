/**
 * The `ingest` Edge Function's handler (supabase/functions/ingest/index.ts only serves it).
 *
 * `POST /functions/v1/ingest`: one event, a JSON array of events, or NDJSON (one event per line), at most
 * {@link MAX_EVENTS} events and {@link MAX_BODY_BYTES} bytes. Credentials: the service role key, or the
 * ingest key configured as the function secret `TOKENWATCH_INGEST_KEY` (as `Authorization: Bearer <key>`,
 * `apikey` or `x-tokenwatch-key`); anything else is 401. The whole batch is validated first
 * (shared/usage/validate_batch.ts); if any event is invalid nothing is stored and the 400 lists every
 * problem as `{index, field, message}` (NDJSON problems also carry `line`). Valid batches are stored in one
 * statement (store_events.ts), idempotently on `(source, request_id)`, and priced by the database; each
 * event's `metadata` goes to Postgres as the source text it was sent as, so it is stored exactly as sent.
 *
 * | outcome | status | body |
 * | --- | --- | --- |
 * | stored | 200 | `{"events": n, "inserted": i, "duplicates": d}`, and `"budgets": [...]` when asked (below) |
 * | invalid events (a field nested past 32 levels too), bad JSON, bad UTF-8, bad gzip, empty body | 400 | `{"error": "...", "problems": [{index?, line?, field, message}]}` |
 * | no or wrong credentials (the anon key too) | 401 | `{"error": "Missing or invalid credentials"}` |
 * | not POST (OPTIONS answers CORS preflight) | 405 | `Allow: POST, OPTIONS` |
 * | body over 10 MiB (after decompression: `Content-Encoding: gzip` is read), or more than 5,000 events | 413 | |
 * | content type other than JSON / NDJSON, charset not UTF-8, content encoding other than gzip | 415 | |
 *
 * Budgets (shared/budgets/at_ingest.ts): after storing, the budgets of the batch's scopes are evaluated and
 * their threshold notifications queued and sent; with the request header `x-tokenwatch-budgets: true` the
 * answer also carries `budgets`, the rows (shared/budgets/row.ts) of every budget that applies to a scope of
 * the batch, deduplicated by budget and scope value.
 *
 * `POST /functions/v1/ingest/import-pending` (service role key only) counts the tokens of chat messages the
 * importer queued (chat_import.ts); body `{"config"?: name}`; answers `{imported, duplicates, failed,
 * remaining}`.
 */
import { budgetsAtIngest, type BudgetsAtIngestInput, wantsBudgets } from "../budgets/at_ingest.ts";
import type { BudgetRow } from "../budgets/row.ts";
import { requireCredential } from "../http/credentials.ts";
import { INGEST_KEY_SECRET } from "../http/ingest_key.ts";
import { filterProblem } from "../http/filters.ts";
import type { HandlerDeps } from "../http/handler_deps.ts";
import {
  HttpError,
  methodNotAllowed,
  payloadTooLarge,
  type Problem,
  unauthorized,
  unsupportedMediaType,
} from "../http/errors.ts";
import { jsonResponse, withErrors } from "../http/respond.ts";
import type { CanonicalEvent } from "../usage/canonical_event.ts";
import { MAX_BODY_BYTES, MAX_EVENTS, PARSE_ERROR_STATUS, parseBody } from "../usage/parse_body.ts";
import { validateBatch } from "../usage/validate_batch.ts";
import { drainChatImport, type DrainOptions, type DrainResult } from "./chat_import.ts";
import { readBodyCapped } from "./read_body.ts";
import { promptTextsByHash, storeEvents, type StoreEventsOptions, type StoreResult } from "./store_events.ts";

export { MAX_BODY_BYTES, MAX_EVENTS };

/** The most problems a 400 lists; the message says how many there were in all. */
export const MAX_LISTED_PROBLEMS = 1000;

/** The function secret that holds the ingest key apps send (shared/http/ingest_key.ts). */
export { INGEST_KEY_SECRET };

/** Headers that let browser apps call ingest (supabase-js sends authorization, apikey, x-client-info). */
export const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers":
    "authorization, apikey, x-client-info, x-tokenwatch-key, x-tokenwatch-budgets, content-type",
  "access-control-max-age": "86400",
};

/** What {@link createIngestHandler} is built from: the common handler deps, and test seams. */
export interface IngestHandlerOptions extends HandlerDeps {
  /** Stores a validated batch; default {@link storeEvents} on `sql()`. */
  store?: (events: CanonicalEvent[], opts: StoreEventsOptions) => Promise<StoreResult>;
  /** Drains the chat import queue; default {@link drainChatImport} on `sql()`. */
  drain?: (opts: DrainOptions) => Promise<DrainResult>;
  /** Evaluates the batch's budgets; default {@link budgetsAtIngest} on `sql()`. */
  budgets?: (input: BudgetsAtIngestInput) => Promise<BudgetRow[] | null>;
  maxEvents?: number;
  maxBytes?: number;
}

const withCors = (response: Response): Response => {
  for (const [name, value] of Object.entries(CORS_HEADERS)) response.headers.set(name, value);
  return response;
};

/** Postgres data (22xxx) and integrity (23xxx) errors: the batch itself was refused, nothing stored. */
export function refusedByDatabase(error: unknown): HttpError | null {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== "string" || !/^2[23]/.test(code)) return null;
  const message = (error as { message?: string }).message ?? "refused";
  return new HttpError(400, "The database refused the batch; nothing was stored", [{
    field: "batch",
    message,
  }]);
}

function parseFailure(
  kind: keyof typeof PARSE_ERROR_STATUS,
  message: string,
  lines?: { line: number; message: string }[],
): HttpError {
  const status = PARSE_ERROR_STATUS[kind];
  if (status === 413) return payloadTooLarge(message);
  if (status === 415) return unsupportedMediaType(message);
  const problems: Problem[] = lines
    ? lines.slice(0, MAX_LISTED_PROBLEMS).map(({ line, message }) =>
      ({ field: "body", line, message }) as Problem
    )
    : [{ field: "body", message }];
  return new HttpError(status, `${message}; nothing was stored`, problems);
}

/** Builds the handler that supabase/functions/ingest/index.ts serves. */
export function createIngestHandler(opts: IngestHandlerOptions): (request: Request) => Promise<Response> {
  const store = opts.store ?? ((events, storeOpts) => storeEvents(opts.sql(), events, storeOpts));
  const drain = opts.drain ?? ((drainOpts) => drainChatImport(opts.sql(), drainOpts));
  const budgets = opts.budgets ?? ((input) => budgetsAtIngest(opts.sql(), input));
  const maxBytes = opts.maxBytes ?? MAX_BODY_BYTES;
  const maxEvents = opts.maxEvents ?? MAX_EVENTS;

  async function ingest(request: Request): Promise<Response> {
    const body = await readBodyCapped(request, { maxBytes });
    const parsed = parseBody(body, request.headers.get("content-type"), { maxEvents, maxBytes });
    if (!parsed.ok) throw parseFailure(parsed.kind, parsed.message, parsed.lines);

    const validated = await validateBatch(parsed.events, { now: opts.now?.() });
    if (!validated.ok) {
      const { errors } = validated;
      const invalid = new Set(errors.map((e) => e.index)).size;
      const listed = errors.slice(0, MAX_LISTED_PROBLEMS).map((e): Problem =>
        parsed.lines ? ({ ...e, line: parsed.lines[e.index] } as Problem) : e
      );
      const more = errors.length > listed.length ? ` (the first ${listed.length} are listed)` : "";
      throw new HttpError(
        400,
        `${errors.length} problem${
          errors.length === 1 ? "" : "s"
        } in ${invalid} of ${parsed.events.length} event${
          parsed.events.length === 1 ? "" : "s"
        }${more}; nothing was stored`,
        listed,
      );
    }
    const { events } = validated;
    let result: StoreResult;
    try {
      result = await store(events, {
        promptTexts: promptTextsByHash(parsed.events, events),
        metadataSources: parsed.metadataSources,
      });
    } catch (error) {
      throw refusedByDatabase(error) ?? error;
    }
    // the events are stored: a budget fault must not turn that into an error (a retry would only
    // find duplicates), so it is logged and the answer goes without budgets
    const budgetRows = await budgets({ events, wantRows: wantsBudgets(request), now: opts.now?.() }).catch(
      (error) => {
        console.error("budgets at ingest failed:", error);
        return null;
      },
    );
    return jsonResponse({
      events: events.length,
      inserted: result.inserted,
      duplicates: result.duplicates,
      ...(budgetRows === null ? {} : { budgets: budgetRows }),
    });
  }

  async function drainQueue(request: Request): Promise<Response> {
    const text = new TextDecoder().decode(await readBodyCapped(request, { maxBytes: 64 * 1024 }));
    let config: string | null = null;
    if (text.trim() !== "") {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new HttpError(400, "invalid JSON", [{ field: "body", message: (error as Error).message }]);
      }
      const given = (value as { config?: unknown } | null)?.config;
      if (given !== undefined && given !== null) {
        const problem = typeof given !== "string" || given.trim() === ""
          ? "expected a config name (string)"
          : filterProblem(given);
        if (problem) throw new HttpError(400, "invalid request", [{ field: "config", message: problem }]);
        config = given as string;
      }
    }
    return jsonResponse(await drain({ config, now: opts.now }));
  }

  const handle = withErrors(async (request: Request): Promise<Response> => {
    if (request.method === "OPTIONS") return new Response(null, { status: 204 });
    const credential = requireCredential(request, {
      extraKeySecrets: [INGEST_KEY_SECRET],
      secrets: opts.secrets,
    });
    if (request.method !== "POST") throw methodNotAllowed(["POST", "OPTIONS"]);
    const path = new URL(request.url).pathname.replace(/\/+$/, "");
    if (path.endsWith("/import-pending")) {
      if (!credential.project) {
        throw unauthorized("Draining the import queue needs the project's secret key");
      }
      return await drainQueue(request);
    }
    return await ingest(request);
  });
  return async (request: Request): Promise<Response> => withCors(await handle(request));
}
