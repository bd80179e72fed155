/**
 * The scheduled path: monitoring.run_chat_imports() (what the tokenwatch-chat-import pg_cron job runs)
 * imports an enabled config, and its net.http_post reaches POST /functions/v1/ingest/import-pending with
 * the service role key from Vault, which counts the queued message's tokens. Called here directly rather
 * than waiting for the minute; the schedule itself is checked by tests/sql/712.
 */
import assert from "node:assert/strict";
import { connect, waitFor } from "../helpers/test_env.ts";

Deno.test("run_chat_imports queues a text-only message and pg_net has ingest count it", async () => {
  const run = crypto.randomUUID().slice(0, 8);
  const schema = `twtest_h4_cron_${run}`;
  const config = `twtest-h4-cron-${run}`;
  const sql = connect();
  try {
    await sql.unsafe(`
      create schema ${schema};
      create table ${schema}.messages (id integer primary key, conversation_id integer, role text, content text,
        metadata jsonb, created_at timestamptz);
      insert into ${schema}.messages values
        (1, 1, 'user', 'hello world', null, now() - interval '2 seconds'),
        (2, 1, 'assistant', 'antidisestablishmentarianism', '{"model": "gpt-4o"}', now() - interval '1 second');
    `);
    // One transaction: the minute's cron run cannot see the config before this call has run it, and pg_net
    // sends the request once it commits.
    const result = await sql.begin(async (tx) => {
      await tx`insert into monitoring.chat_import_config (name, enabled, source, messages_table, conversations_table)
               values (${config}, true, ${config}, ${`${schema}.messages`}, null)`;
      const [row] = await tx`select monitoring.run_chat_imports() as result`;
      return row.result;
    });
    assert.deepEqual(result[config], { scanned: 1, imported: 0, duplicates: 0, queued: 1 });

    const event = await waitFor(async () => {
      const [row] = await sql`select input_tokens, output_tokens, token_source from monitoring.usage_events
                              where source = ${config} and request_id = '2'`;
      return row;
    }, { timeoutMs: 30_000, intervalMs: 250, what: "ingest to count the queued message" });
    // input: 3 + (3 + 1 + 2) = 9 ("user" 1 token, "hello world" 2); output "antidisestablishmentarianism" 6.
    assert.deepEqual({ ...event }, { input_tokens: 9, output_tokens: 6, token_source: "tokenizer" });
    assert.equal(
      (await sql`select count(*)::int as n from monitoring.import_pending where config = ${config}`)[0].n,
      0,
    );
    const [{ last_error }] =
      await sql`select last_error from monitoring.chat_import_config where name = ${config}`;
    assert.equal(last_error, null);
  } finally {
    await sql`delete from monitoring.chat_import_config where name = ${config}`;
    await sql.unsafe(`drop schema if exists ${schema} cascade`);
    await sql.end();
  }
});
