/**
 * The chat importer maps a customer_id (issue 16): from the conversation's column named by
 * chat_import_config.conversation_customer_column, and a message's metadata key `customer_id` wins over
 * it; with no column configured and no key, customer_id stays NULL. The customer then reaches the
 * per-entity rollups like an ingested event's (the budgets' spend per customer).
 * Costs: this test's own price row, 2.00 input and 8.00 output per million tokens;
 * 100 input + 10 output = 200 + 80 = 280 => 0.000280 per message.
 */
import assert from "node:assert/strict";
import { drainImportPending } from "../helpers/import_pending.ts";
import { connect } from "../helpers/test_env.ts";

const RUN = crypto.randomUUID().slice(0, 8);
const SCHEMA = `twtest_customer_import_${RUN}`;
const MODEL = `twtest-customer-import-${RUN}`;
const ACME = `acme-${RUN}`;
const GLOBEX = `globex-${RUN}`;

Deno.test("importer: customer_id from the conversation's configured column, the message metadata's key first", async () => {
  const sql = connect();
  const withColumn = `twtest-customer-col-${RUN}`;
  const withoutColumn = `twtest-customer-none-${RUN}`;
  try {
    await sql.unsafe(`create schema ${SCHEMA}`);
    await sql`insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok,
                effective_from, custom, notes)
              values ('openai', ${MODEL}, 2.00, 8.00, '2020-01-01', true, 'twtest-customer-import')`;
    const usage =
      `{"model": "${MODEL}", "provider": "openai", "usage": {"prompt_tokens": 100, "completion_tokens": 10}`;
    await sql.unsafe(`
      create table ${SCHEMA}.conversations (id text primary key, user_id text, org text);
      create table ${SCHEMA}.messages (id bigint primary key, conversation_id text references ${SCHEMA}.conversations,
        role text not null, content text, metadata jsonb, created_at timestamptz not null);
      insert into ${SCHEMA}.conversations values ('a', 'alice', '${ACME}'), ('b', 'bob', null);
      insert into ${SCHEMA}.messages values
        (1, 'a', 'assistant', 'x', '${usage}}', '2026-11-20 10:00:00Z'),
        (2, 'a', 'assistant', 'x', '${usage}, "customer_id": "${GLOBEX}"}', '2026-11-20 10:01:00Z'),
        (3, 'b', 'assistant', 'x', '${usage}}', '2026-11-20 10:02:00Z');
    `);
    // The same messages through two configs (two sources): with the customer column, and without.
    await sql`insert into monitoring.chat_import_config
                (name, enabled, source, messages_table, conversations_table, conversation_customer_column, app)
              values (${withColumn}, false, ${withColumn}, ${`${SCHEMA}.messages`}, ${`${SCHEMA}.conversations`}, 'org', 'shop'),
                     (${withoutColumn}, false, ${withoutColumn}, ${`${SCHEMA}.messages`}, ${`${SCHEMA}.conversations`}, null, 'shop')`;
    for (const config of [withColumn, withoutColumn]) {
      const [run] = await sql`select * from monitoring.import_chat_messages(${config})`;
      assert.equal(run.queued, 3);
      assert.deepEqual(await drainImportPending(config), {
        imported: 3,
        duplicates: 0,
        failed: 0,
        remaining: 0,
      });
    }
    const rows = await sql`
      select source, request_id, user_id, customer_id, cost_usd::text as cost from monitoring.usage_events
      where source in (${withColumn}, ${withoutColumn}) order by source, request_id`;
    assert.deepEqual(rows.map((r) => [r.source, r.request_id, r.user_id, r.customer_id, r.cost]), [
      [withColumn, "1", "alice", ACME, "0.000280000000"],
      [withColumn, "2", "alice", GLOBEX, "0.000280000000"],
      [withColumn, "3", "bob", null, "0.000280000000"],
      [withoutColumn, "1", "alice", null, "0.000280000000"],
      [withoutColumn, "2", "alice", GLOBEX, "0.000280000000"],
      [withoutColumn, "3", "bob", null, "0.000280000000"],
    ]);

    // The customer's spend as a budget sees it: acme 1 message, globex 2 (one per config).
    await sql`select monitoring.refresh_usage_rollups()`;
    const spend = await sql`
      select customer_id, sum(cost_usd)::text as cost from monitoring.usage_entity_daily
      where entity = 'customer' and customer_id in (${ACME}, ${GLOBEX}) and model = ${MODEL}
      group by customer_id order by customer_id`;
    assert.deepEqual(spend.map((r) => [r.customer_id, r.cost]), [[ACME, "0.000280000000"], [
      GLOBEX,
      "0.000560000000",
    ]]);
  } finally {
    await sql`delete from monitoring.usage_events where source in (${withColumn}, ${withoutColumn})`;
    await sql`delete from monitoring.chat_import_config where name in (${withColumn}, ${withoutColumn})`;
    await sql`delete from monitoring.model_prices where model_pattern = ${MODEL}`;
    await sql.unsafe(`drop schema if exists ${SCHEMA} cascade`);
    await sql.end();
  }
});
