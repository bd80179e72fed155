/**
 * The database side of ingestion: a validated batch goes to `monitoring.ingest_events` as ONE
 * jsonb parameter, so that a batch is one round trip and one statement (all or nothing). The
 * database prices each event (the usage_events trigger), skips events already stored
 * (`on conflict (source, request_id) do nothing`) and keeps `monitoring.prompt_versions`.
 */
import type { Sql, TransactionSql } from "../deps/postgres.ts";

type JsonArray = Parameters<Sql["json"]>[0];
import type { CanonicalEvent } from "../usage/canonical_event.ts";

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
  // sql.json: postgres.js serialises the value once, as the jsonb parameter.
  const [row] = await sql<StoreResult[]>`
    select inserted, duplicates
    from monitoring.ingest_events(${sql.json(events as unknown as JsonArray)}, ${texts})`;
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
