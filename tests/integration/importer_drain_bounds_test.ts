/**
 * One chat-import drain is one request of the ingest function, so it stops at its row and text bounds and
 * the next call carries on where it stopped (shared/ingest/chat_import.ts), on a pool of ONE connection as
 * the functions use (shared/db/client.ts): the drain's transaction and its count afterwards never wait on
 * each other.
 *
 * Five text-only assistant messages, one per conversation of its own: "hello world" (11 bytes, 2 tokens in
 * o200k_base). Each queued event is `messages: []` (no earlier messages) with output_text "hello world":
 * input = 3 (reply priming, no messages) = 3 tokens, output 2; text bytes 11 each.
 */
import assert from "node:assert/strict";
import { postgres, type Sql } from "../../shared/deps.ts";
import { drainChatImport } from "../../shared/ingest/chat_import.ts";
import { tokenizeBudget } from "../../shared/usage/token_counter.ts";
import { connect, stackEnv } from "../helpers/test_env.ts";

const RUN = crypto.randomUUID().slice(0, 8);
const MODEL = `twtest-h1-drain-${RUN}`;

async function withQueue(
  name: string,
  fn: (sql: Sql, config: string, source: string) => Promise<void>,
): Promise<void> {
  const sql = connect();
  const SCHEMA = `twtest_h1_drain_${name}_${RUN}`;
  const config = `twtest-h1-drain-${name}-${RUN}`;
  const source = `twtest-h1-drain-${name}-${RUN}`;
  try {
    await sql.unsafe(`
      create schema ${SCHEMA};
      create table ${SCHEMA}.messages (id bigint primary key, conversation_id bigint, role text not null,
        content text, metadata jsonb, created_at timestamptz not null);
      insert into ${SCHEMA}.messages
        select i, i, 'assistant', 'hello world', '{"model": "${MODEL}", "provider": "openai"}',
               '2026-11-20 10:00:00Z'::timestamptz + i * interval '1 second'
        from generate_series(1, 5) i;`);
    await sql`insert into monitoring.chat_import_config (name, enabled, source, messages_table, conversations_table)
              values (${config}, false, ${source}, ${`${SCHEMA}.messages`}, null)`;
    const [run] = await sql`select * from monitoring.import_chat_messages(${config})`;
    assert.deepEqual([run.scanned, run.queued], [5, 5]);
    await fn(sql, config, source);
  } finally {
    await sql`delete from monitoring.import_pending where config = ${config}`;
    await sql`delete from monitoring.chat_import_config where name = ${config}`;
    await sql.unsafe(`drop schema if exists ${SCHEMA} cascade`);
    await sql.end();
  }
}

const oneConnection = (): Sql => postgres(stackEnv.dbUrl, { prepare: false, onnotice: () => {}, max: 1 });

Deno.test("a drain stops at its row bound and the next call continues where it stopped", async () => {
  await withQueue("rows", async (sql, config, source) => {
    const pool = oneConnection();
    try {
      // maxRows 2: 2 stored, 3 left; again: 2 more, 1 left; again: the last one, nothing left.
      assert.deepEqual(await drainChatImport(pool, { config, maxRows: 2 }), {
        imported: 2,
        duplicates: 0,
        failed: 0,
        remaining: 3,
      });
      assert.deepEqual(await drainChatImport(pool, { config, maxRows: 2 }), {
        imported: 2,
        duplicates: 0,
        failed: 0,
        remaining: 1,
      });
      assert.deepEqual(await drainChatImport(pool, { config, maxRows: 2 }), {
        imported: 1,
        duplicates: 0,
        failed: 0,
        remaining: 0,
      });
    } finally {
      await pool.end();
    }
    const rows = await sql`
      select request_id, input_tokens, output_tokens, token_source from monitoring.usage_events
      where source = ${source} order by request_id`;
    assert.deepEqual(
      rows.map((r) => [r.request_id, r.input_tokens, r.output_tokens, r.token_source]),
      ["1", "2", "3", "4", "5"].map((id) => [id, 3, 2, "tokenizer"]),
    );
  });
});

Deno.test("a drain stops when its text budget is spent, leaving rows waiting rather than estimating them", async () => {
  await withQueue("text", async (sql, config, source) => {
    const pool = oneConnection();
    try {
      // Budget 25 bytes: rows of 11 bytes each; 11 + 11 = 22 fit, the third (11 > 3 left) waits.
      const budget = tokenizeBudget(25);
      assert.deepEqual(await drainChatImport(pool, { config, budget }), {
        imported: 2,
        duplicates: 0,
        failed: 0,
        remaining: 3,
      });
      assert.equal(budget.bytes, 3);
      // The first row of a drain is always counted: budget 5 < 11, so it is estimated, ceil(11 / 4) = 3.
      assert.deepEqual(await drainChatImport(pool, { config, budget: tokenizeBudget(5) }), {
        imported: 1,
        duplicates: 0,
        failed: 0,
        remaining: 2,
      });
      // A full budget takes the rest.
      assert.deepEqual(await drainChatImport(pool, { config }), {
        imported: 2,
        duplicates: 0,
        failed: 0,
        remaining: 0,
      });
    } finally {
      await pool.end();
    }
    const rows = await sql`
      select request_id, output_tokens, token_source from monitoring.usage_events
      where source = ${source} order by request_id`;
    assert.deepEqual(rows.map((r) => [r.request_id, r.output_tokens, r.token_source]), [
      ["1", 2, "tokenizer"],
      ["2", 2, "tokenizer"],
      ["3", 3, "heuristic"],
      ["4", 2, "tokenizer"],
      ["5", 2, "tokenizer"],
    ]);
  });
});
