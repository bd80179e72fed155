/**
 * Counts the tokens of imported chat messages that SQL could not store on its own (see migration
 * 20261124002300_create_chat_import.sql): claims waiting `monitoring.import_pending` rows, normalises each
 * one's event exactly as `ingest` does (provider usage mapped; otherwise the message text counted as output
 * and the earlier messages of the conversation as input, with the real tokenizer), stores the valid ones
 * through `monitoring.ingest_event_batch` (store_events.ts), and marks the others failed with every problem named.
 *
 * One transaction per claimed batch: a crash leaves the rows waiting, and concurrent drains skip each
 * other's rows (FOR UPDATE SKIP LOCKED).
 *
 * One drain is one request of the ingest function, which hosted Supabase allows 2 s of CPU and 256 MB, so it
 * is bounded three ways and leaves the rest for the next call (pg_cron's job calls every minute while rows
 * wait; the rows stay in import_pending, in order):
 * - text: one tokenize budget for the whole drain (token_counter.ts, 1,000,000 bytes); a row whose text no
 *   longer fits is left waiting rather than estimated, except the first row of a drain, which is counted
 *   (estimated if it alone is too large) so that one huge message cannot stop the queue;
 * - rows: at most {@link DRAIN_MAX_ROWS} rows a call;
 * - time: no new batch is claimed after {@link DRAIN_MAX_MS}.
 */
import type { Sql } from "../deps/postgres.ts";

type JsonValue = Parameters<Sql["json"]>[0];
import type { FieldError } from "../usage/field_checks.ts";
import type { CanonicalEvent } from "../usage/canonical_event.ts";
import { type TokenizeBudget, tokenizeBudget } from "../usage/token_counter.ts";
import { eventTextBytes, normaliseEvent } from "../usage/validate_batch.ts";
import { promptTextsByHash, storeEvents } from "./store_events.ts";

/** Options for {@link drainChatImport}. */
export interface DrainOptions {
  /** Only this chat_import_config; every config by default. */
  config?: string | null;
  /** Rows claimed per transaction; default 200. */
  batchSize?: number;
  /** Stop claiming new batches after this long (ms); default {@link DRAIN_MAX_MS}. */
  maxMs?: number;
  /** Most rows one drain processes; default {@link DRAIN_MAX_ROWS}. */
  maxRows?: number;
  /** The text the drain may tokenize; a fresh {@link tokenizeBudget} by default. */
  budget?: TokenizeBudget;
  /** The time `occurred_at` is checked against; now by default. */
  now?: () => Date;
}

/** No new batch is claimed after this long (ms): well inside hosted's 150 s wall clock. */
export const DRAIN_MAX_MS = 10_000;

/** Most rows one drain processes. */
export const DRAIN_MAX_ROWS = 2_000;

/** What a drain did. */
export interface DrainResult {
  /** Events newly stored. */
  imported: number;
  /** Events that were stored already. */
  duplicates: number;
  /** Messages that cannot become valid events (left in import_pending with failed_at and last_error). */
  failed: number;
  /** Rows still waiting when the drain stopped (0 unless it ran out of time, rows or text budget). */
  remaining: number;
}

interface Claimed {
  pending_id: string;
  event: Record<string, unknown> | null;
}

/** Drains the chat import queue; resolves with what it stored and what failed. */
export async function drainChatImport(sql: Sql, opts: DrainOptions = {}): Promise<DrainResult> {
  const config = opts.config ?? null;
  const batchSize = opts.batchSize ?? 200;
  const maxRows = opts.maxRows ?? DRAIN_MAX_ROWS;
  const deadline = Date.now() + (opts.maxMs ?? DRAIN_MAX_MS);
  const budget = opts.budget ?? tokenizeBudget();
  const now = opts.now ?? (() => new Date());
  const total: DrainResult = { imported: 0, duplicates: 0, failed: 0, remaining: 0 };
  let processed = 0;
  let stopped = false;

  while (!stopped) {
    if (Date.now() >= deadline || processed >= maxRows) {
      stopped = true;
      break;
    }
    const claimedAny = await sql.begin(async (tx) => {
      const rows = await tx<Claimed[]>`
        select pending_id::text as pending_id, event
        from monitoring.claim_chat_import_pending(${config}, ${Math.min(batchSize, maxRows - processed)})`;
      if (rows.length === 0) return false;
      const stored: string[] = [];
      const failed: { id: string; errors: FieldError[] }[] = [];
      const raws: Record<string, unknown>[] = [];
      const events: CanonicalEvent[] = [];
      const at = now();
      for (const row of rows) {
        if (processed >= maxRows) {
          stopped = true;
          break;
        }
        if (processed > 0 && row.event !== null && eventTextBytes(row.event) > budget.bytes) {
          stopped = true; // this row and the rest of the batch stay waiting (unlocked at commit)
          break;
        }
        processed++;
        if (row.event === null) {
          failed.push({
            id: row.pending_id,
            errors: [{ field: "message", message: "the message no longer exists" }],
          });
          continue;
        }
        const result = await normaliseEvent(row.event, { now: at, budget });
        if (!result.ok) {
          failed.push({ id: row.pending_id, errors: result.errors });
          continue;
        }
        stored.push(row.pending_id);
        raws.push(row.event);
        events.push(result.event);
      }
      const result = await storeEvents(tx, events, { promptTexts: promptTextsByHash(raws, events) });
      total.imported += result.inserted;
      total.duplicates += result.duplicates;
      total.failed += failed.length;
      if (stored.length > 0) {
        await tx`delete from monitoring.import_pending where id = any(${stored}::bigint[])`;
      }
      if (failed.length > 0) {
        const marks = failed.map(({ id, errors }) => ({ id: Number(id), errors }));
        await tx`
          update monitoring.import_pending p
             set failed_at = now(), attempts = p.attempts + 1, last_error = f.errors
            from jsonb_to_recordset(${tx.json(marks as unknown as JsonValue)}) as f(id bigint, errors jsonb)
           where p.id = f.id`;
      }
      return true;
    });
    if (!claimedAny) return total;
  }
  const [{ n }] = await sql<{ n: number }[]>`
    select count(*)::int as n from monitoring.import_pending
    where failed_at is null and (${config}::text is null or config = ${config}::text)`;
  total.remaining = n;
  return total;
}
