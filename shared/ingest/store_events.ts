/**
 * The database side of ingestion: a validated batch goes to `monitoring.ingest_event_batch` as ONE
 * json parameter, so that a batch is one round trip and one statement (all or nothing). The
 * database prices the batch in that statement (set-based, for each event's service tier, by
 * monitoring.price_for, the rule the usage_events trigger applies to other inserts), skips events already stored
 * (unique `(source, request_id)`, the batch's keys claimed in `monitoring.usage_event_keys` in one insert) and
 * keeps `monitoring.prompt_versions`. `json`, not `jsonb`: Postgres then takes the batch text as it is
 * instead of building a jsonb tree of all of it first (each event's metadata is still parsed into jsonb).
 *
 * The batch is serialised here, not by postgres.js: an event's `metadata` goes in as the source text
 * it was sent as when that is given (`metadataSources`), so that Postgres parses it itself and stores
 * every key and every number's digits exactly as sent.
 */
import type { Sql, TransactionSql } from "../deps/postgres.ts";

import type { CanonicalEvent } from "../usage/canonical_event.ts";

/** Postgres's oid of `text`: the batch is sent as text and cast to json by the statement. */
const TEXT_OID = 25;

/** What storing a batch did. Repeats inside the batch count as duplicates. */
export interface StoreResult {
  inserted: number;
  duplicates: number;
}

/** Options for {@link storeEvents}. */
export interface StoreEventsOptions {
  /**
   * System prompt texts by their SHA-256 (see {@link promptTextsByHash}). The database keeps a text only
   * when `monitoring.ingest_settings.store_prompt_text` is on; otherwise it is dropped.
   */
  promptTexts?: Record<string, string>;
  /**
   * The JSON source text of each event's `metadata` as sent (`metadataSources[i]` for `events[i]`, see
   * parse_body.ts), stored instead of `events[i].metadata`; undefined where there is none.
   */
  metadataSources?: readonly (string | undefined)[];
}

/**
 * The batch as one JSON array text: each event as JSON.stringify writes it, except that `metadata` is
 * `metadataSources[i]` verbatim where given (a JSON object's source text).
 */
export function batchJson(
  events: readonly CanonicalEvent[],
  metadataSources: readonly (string | undefined)[] = [],
): string {
  const parts = events.map((event, i) => {
    const source = metadataSources[i];
    if (source === undefined) return JSON.stringify(event);
    if (!source.startsWith("{") || !source.endsWith("}")) {
      throw new Error(`metadata source of event ${i} is not a JSON object's text`);
    }
    const { metadata: _sent, ...rest } = event;
    return `${JSON.stringify(rest).slice(0, -1)},"metadata":${source}}`;
  });
  return `[${parts.join(",")}]`;
}

/** Stores canonical events idempotently; resolves with how many were new and how many were duplicates. */
export async function storeEvents(
  sql: Sql | TransactionSql,
  events: readonly CanonicalEvent[],
  opts: StoreEventsOptions = {},
): Promise<StoreResult> {
  if (events.length === 0) return { inserted: 0, duplicates: 0 };
  const texts = opts.promptTexts && Object.keys(opts.promptTexts).length > 0
    ? sql.json(opts.promptTexts)
    : null;
  const batch = sql.typed(batchJson(events, opts.metadataSources), TEXT_OID);
  const [row] = await sql<StoreResult[]>`
    select inserted, duplicates
    from monitoring.ingest_event_batch(${batch}::json, ${texts})`;
  return { inserted: row.inserted, duplicates: row.duplicates };
}

/**
 * The system prompt texts of a batch by hash: for each raw event that sent `system_prompt`, the text under
 * the `system_prompt_hash` its canonical event got. `events[i]` must be the normalisation of `rawEvents[i]`
 * (validateBatch returns them in order). Empty when no event sent a prompt text.
 */
export function promptTextsByHash(
  rawEvents: readonly unknown[],
  events: readonly CanonicalEvent[],
): Record<string, string> {
  const texts: Record<string, string> = {};
  events.forEach((event, i) => {
    const raw = rawEvents[i] as { system_prompt?: unknown } | null;
    if (event.system_prompt_hash && typeof raw?.system_prompt === "string") {
      texts[event.system_prompt_hash] = raw.system_prompt;
    }
  });
  return texts;
}
