/**
 * The chat importer end to end, on chat tables this test creates in a schema of its own: every new
 * assistant message is queued, and the ingest function (POST /functions/v1/ingest/import-pending) builds
 * its event, mapping reported usage with the one TypeScript mapper (shared/usage/provider_usage.ts) or
 * counting the text; a second run changes nothing, and differently named tables and columns work through
 * the configuration.
 *
 * Token counts use reference strings (o200k_base: "tiktoken is great!" 6, "hello world" 2, "2 + 2 = 4" 7,
 * "antidisestablishmentarianism" 6, "お誕生日おめでとう" 8; the role names system, user and assistant are one
 * token each; the configured system and assistant roles are counted as system and assistant) and OpenAI's
 * chat overhead: 3 per message plus its role and content, and 3 to prime the reply. Prices are this test's
 * own custom rows.
 */
import assert from "node:assert/strict";
import type { Sql } from "../../shared/deps.ts";
import { drainImportPending } from "../helpers/import_pending.ts";
import { connect } from "../helpers/test_env.ts";

const RUN = crypto.randomUUID().slice(0, 8);
const SCHEMA = `twtest_h4_import_${RUN}`;
const MODEL = `twtest-h4-import-${RUN}`;
const sha256 = async (text: string) =>
  Array.from(
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");

async function importRun(sql: Sql, config: string, since: string | null = null): Promise<number[]> {
  const [r] =
    await sql`select * from monitoring.import_chat_messages(${config}, ${since}::text::timestamptz)`;
  return [r.scanned, r.imported, r.duplicates, r.queued];
}

async function events(sql: Sql, source: string): Promise<Record<string, Record<string, unknown>>> {
  const rows = await sql`
    select request_id, model, provider, input_tokens, cache_read_tokens, output_tokens, system_prompt_tokens,
           token_source, status, error_type, user_id, app, environment, cost_usd::text as cost
    from monitoring.usage_events where source = ${source} order by request_id`;
  return Object.fromEntries(rows.map((r) => [r.request_id, r]));
}

async function withSchema(fn: (sql: Sql) => Promise<void>): Promise<void> {
  const sql = connect();
  try {
    await sql.unsafe(`create schema ${SCHEMA}`);
    await sql`insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, cache_read_per_mtok,
                output_per_mtok, effective_from, custom, notes)
              values ('openai', ${MODEL}, 2.00, 0.50, 8.00, '2020-01-01', true, 'twtest-h4')`;
    await fn(sql);
  } finally {
    await sql`delete from monitoring.chat_import_config where name like ${`twtest-h4-%-${RUN}`}`;
    await sql`delete from monitoring.model_prices where model_pattern = ${MODEL}`;
    await sql.unsafe(`drop schema if exists ${SCHEMA} cascade`);
    await sql.end();
  }
}

Deno.test("importer: every message is queued, ingest maps reported usage and counts text, and a rerun changes nothing", async () => {
  await withSchema(async (sql) => {
    const config = `twtest-h4-default-${RUN}`;
    const source = `twtest-h4-import-${RUN}`;
    await sql.unsafe(`
      create table ${SCHEMA}.conversations (id uuid primary key, user_id text);
      create table ${SCHEMA}.messages (id bigint primary key, conversation_id uuid references ${SCHEMA}.conversations,
        role text not null, content text, metadata jsonb, created_at timestamptz not null default now());
      insert into ${SCHEMA}.conversations values ('00000000-0000-4000-8000-00000000000a', 'alice'),
                                                 ('00000000-0000-4000-8000-00000000000b', 'bob');
      insert into ${SCHEMA}.messages values
        (1, '00000000-0000-4000-8000-00000000000a', 'system', 'tiktoken is great!', null, '2026-11-20 10:00:00Z'),
        (2, '00000000-0000-4000-8000-00000000000a', 'user', 'hello world', null, '2026-11-20 10:00:01Z'),
        (3, '00000000-0000-4000-8000-00000000000a', 'assistant', '2 + 2 = 4',
           '{"model": "${MODEL}", "provider": "openai", "usage": {"prompt_tokens": 30, "completion_tokens": 3}}', '2026-11-20 10:00:02Z'),
        (4, '00000000-0000-4000-8000-00000000000a', 'user', 'antidisestablishmentarianism', null, '2026-11-20 10:00:03Z'),
        (5, '00000000-0000-4000-8000-00000000000a', 'assistant', 'お誕生日おめでとう', '{"model": "${MODEL}", "provider": "openai"}', '2026-11-20 10:00:04Z'),
        (6, '00000000-0000-4000-8000-00000000000b', 'user', 'hello world', null, '2026-11-20 11:00:00Z'),
        (7, '00000000-0000-4000-8000-00000000000b', 'assistant', 'tiktoken is great!',
           '{"model": "${MODEL}", "provider": "openai", "usage": {"input_tokens": 100, "cache_read_input_tokens": 50, "output_tokens": 20}}', '2026-11-20 11:00:01Z'),
        (8, '00000000-0000-4000-8000-00000000000b', 'assistant', '', '{"model": "${MODEL}", "provider": "openai", "error": "timeout"}', '2026-11-20 11:00:02Z');
    `);
    const promptHash = await sha256("tiktoken is great!");
    await sql`delete from monitoring.prompt_versions where system_prompt_hash = ${promptHash}`;
    await sql`insert into monitoring.chat_import_config (name, enabled, source, messages_table, conversations_table, app)
              values (${config}, false, ${source}, ${`${SCHEMA}.messages`}, ${`${SCHEMA}.conversations`}, 'shop')`;

    // Four assistant messages, all queued: 3 and 7 with reported usage, 5 and 8 text only.
    assert.deepEqual(await importRun(sql, config), [4, 0, 0, 4]);
    const queued =
      await sql`select message_id, reason from monitoring.import_pending where config = ${config} order by message_id`;
    assert.deepEqual(queued.map((r) => [r.message_id, r.reason]), [
      ["3", "usage_reported"],
      ["5", "text_only"],
      ["7", "usage_reported"],
      ["8", "text_only"],
    ]);

    assert.deepEqual(await drainImportPending(config), {
      imported: 4,
      duplicates: 0,
      failed: 0,
      remaining: 0,
    });
    assert.equal(
      (await sql`select count(*)::int as n from monitoring.import_pending where config = ${config}`)[0].n,
      0,
    );

    const stored = await events(sql, source);
    assert.deepEqual(Object.keys(stored), ["3", "5", "7", "8"]);
    // 3: usage as reported; the system prompt counted by ingest. 30 * 2.00 + 3 * 8.00 = 84 => 0.000084
    assert.deepEqual(stored["3"], {
      request_id: "3",
      model: MODEL,
      provider: "openai",
      input_tokens: 30,
      cache_read_tokens: 0,
      output_tokens: 3,
      system_prompt_tokens: 6,
      token_source: "provider",
      status: "ok",
      error_type: null,
      user_id: "alice",
      app: "shop",
      environment: null,
      cost: "0.000084000000",
    });
    // 5: input = the four earlier messages: 3 + (3+1+6) + (3+1+2) + (3+1+7) + (3+1+6) = 40; output 8.
    //    40 * 2.00 + 8 * 8.00 = 144 => 0.000144
    assert.deepEqual(stored["5"], {
      request_id: "5",
      model: MODEL,
      provider: "openai",
      input_tokens: 40,
      cache_read_tokens: 0,
      output_tokens: 8,
      system_prompt_tokens: 6,
      token_source: "tokenizer",
      status: "ok",
      error_type: null,
      user_id: "alice",
      app: "shop",
      environment: null,
      cost: "0.000144000000",
    });
    // 7: Anthropic-shaped usage, input 100 + 50 = 150. (150 - 50) * 2.00 + 50 * 0.50 + 20 * 8.00 = 385 => 0.000385
    assert.deepEqual(stored["7"], {
      request_id: "7",
      model: MODEL,
      provider: "openai",
      input_tokens: 150,
      cache_read_tokens: 50,
      output_tokens: 20,
      system_prompt_tokens: null,
      token_source: "provider",
      status: "ok",
      error_type: null,
      user_id: "bob",
      app: "shop",
      environment: null,
      cost: "0.000385000000",
    });
    // 8: a failed request; input 3 + (3+1+2) + (3+1+6) = 19, output 0. 19 * 2.00 = 38 => 0.000038
    assert.deepEqual(stored["8"], {
      request_id: "8",
      model: MODEL,
      provider: "openai",
      input_tokens: 19,
      cache_read_tokens: 0,
      output_tokens: 0,
      system_prompt_tokens: null,
      token_source: "tokenizer",
      status: "error",
      error_type: "timeout",
      user_id: "bob",
      app: "shop",
      environment: null,
      cost: "0.000038000000",
    });

    // Run again, and re-scan from the beginning: nothing new, nothing queued, the drain has nothing.
    assert.deepEqual(await importRun(sql, config), [0, 0, 0, 0]);
    assert.deepEqual(await importRun(sql, config, "-infinity"), [0, 0, 0, 0]);
    assert.deepEqual(await drainImportPending(config), {
      imported: 0,
      duplicates: 0,
      failed: 0,
      remaining: 0,
    });

    // A new reply under the now-counted system prompt is queued too, and stored with its prompt tokens.
    await sql.unsafe(
      `insert into ${SCHEMA}.messages values (9, '00000000-0000-4000-8000-00000000000a', 'assistant', 'ok',
      '{"model": "${MODEL}", "provider": "openai", "usage": {"prompt_tokens": 60, "completion_tokens": 1}}', '2026-11-20 11:05:00Z')`,
    );
    assert.deepEqual(await importRun(sql, config), [1, 0, 0, 1]);
    assert.deepEqual(await drainImportPending(config), {
      imported: 1,
      duplicates: 0,
      failed: 0,
      remaining: 0,
    });
    const nine = (await events(sql, source))["9"];
    assert.deepEqual([nine.input_tokens, nine.output_tokens, nine.system_prompt_tokens, nine.token_source], [
      60,
      1,
      6,
      "provider",
    ]);
    const [version] =
      await sql`select tokens, requests::int from monitoring.prompt_versions where system_prompt_hash = ${promptHash}`;
    assert.deepEqual({ ...version }, { tokens: 6, requests: 3 }, "messages 3, 5 and 9 used the prompt");
    assert.equal(
      (await sql`select count(*)::int as n from monitoring.usage_events where source = ${source}`)[0].n,
      5,
    );
  });
});

Deno.test("importer: table and column names come from the configuration", async () => {
  await withSchema(async (sql) => {
    const config = `twtest-h4-custom-${RUN}`;
    const source = `twtest-h4-custom-${RUN}`;
    await sql.unsafe(`
      create table ${SCHEMA}.chat_threads (thread_key text primary key, owner text);
      create table ${SCHEMA}.chat_turns (turn_id integer primary key, thread text, speaker text, body text,
        extra jsonb, sent_at timestamptz);
      insert into ${SCHEMA}.chat_threads values ('t-1', 'carol');
      insert into ${SCHEMA}.chat_turns values
        (1, 't-1', 'instructions', 'hello world', null, '2026-11-21 09:00:00Z'),
        (2, 't-1', 'user', '2 + 2 = 4', null, '2026-11-21 09:00:01Z'),
        (3, 't-1', 'bot', 'tiktoken is great!', '{"usage": {"prompt_tokens": 12, "completion_tokens": 6}}', '2026-11-21 09:00:02Z'),
        (4, 't-1', 'bot', 'antidisestablishmentarianism', null, '2026-11-21 09:00:03Z');
    `);
    await sql`insert into monitoring.chat_import_config (name, enabled, source, messages_table, message_id_column,
                message_conversation_column, role_column, content_column, metadata_column, created_at_column,
                assistant_role, system_role, conversations_table, conversation_id_column, conversation_user_column,
                app, environment, default_model, default_provider)
              values (${config}, false, ${source}, ${`${SCHEMA}.chat_turns`}, 'turn_id', 'thread', 'speaker', 'body',
                'extra', 'sent_at', 'bot', 'instructions', ${`${SCHEMA}.chat_threads`}, 'thread_key', 'owner',
                'support', 'prod', ${MODEL}, 'openai')`;
    const hash = await sha256("hello world");
    await sql`delete from monitoring.prompt_versions where system_prompt_hash = ${hash}`;

    assert.deepEqual(await importRun(sql, config), [2, 0, 0, 2]);
    assert.deepEqual(await drainImportPending(config), {
      imported: 2,
      duplicates: 0,
      failed: 0,
      remaining: 0,
    });
    const stored = await events(sql, source);
    // 3: reported usage; the system prompt ("instructions" role) "hello world" = 2 tokens. 12 * 2 + 6 * 8 = 72
    assert.deepEqual(stored["3"], {
      request_id: "3",
      model: MODEL,
      provider: "openai",
      input_tokens: 12,
      cache_read_tokens: 0,
      output_tokens: 6,
      system_prompt_tokens: 2,
      token_source: "provider",
      status: "ok",
      error_type: null,
      user_id: "carol",
      app: "support",
      environment: "prod",
      cost: "0.000072000000",
    });
    // 4: input 3 + (3+1+2) + (3+1+7) + (3+1+6) = 30, output 6. 30 * 2 + 6 * 8 = 108
    assert.deepEqual(stored["4"], {
      request_id: "4",
      model: MODEL,
      provider: "openai",
      input_tokens: 30,
      cache_read_tokens: 0,
      output_tokens: 6,
      system_prompt_tokens: 2,
      token_source: "tokenizer",
      status: "ok",
      error_type: null,
      user_id: "carol",
      app: "support",
      environment: "prod",
      cost: "0.000108000000",
    });
    assert.deepEqual(await importRun(sql, config), [0, 0, 0, 0]);

    // A configuration naming a column that does not exist says which.
    await sql`update monitoring.chat_import_config set content_column = 'text' where name = ${config}`;
    await assert.rejects(
      sql`select * from monitoring.import_chat_messages(${config})`,
      (e: Error) => e.message === `chat import ${config}: column ${SCHEMA}.chat_turns.text does not exist`,
    );
  });
});

Deno.test("importer: a message that cannot become a valid event is kept, failed, with the reason", async () => {
  await withSchema(async (sql) => {
    const config = `twtest-h4-failing-${RUN}`;
    await sql.unsafe(`
      create table ${SCHEMA}.messages (id integer primary key, conversation_id integer, role text, content text,
        metadata jsonb, created_at timestamptz);
      insert into ${SCHEMA}.messages values
        (1, 1, 'assistant', 'no model anywhere', null, '2026-11-22 08:00:00Z'),
        (2, 1, 'assistant', 'bad usage', '{"model": "${MODEL}", "provider": "openai", "usage": {"prompt_tokens": 5, "completion_tokens": 2, "prompt_tokens_details": {"cached_tokens": 9}}}', '2026-11-22 08:00:01Z');
    `);
    await sql`insert into monitoring.chat_import_config (name, enabled, source, messages_table, conversations_table)
              values (${config}, false, ${`twtest-h4-failing-${RUN}`}, ${`${SCHEMA}.messages`}, null)`;
    assert.deepEqual(await importRun(sql, config), [2, 0, 0, 2]);
    assert.deepEqual(await drainImportPending(config), {
      imported: 0,
      duplicates: 0,
      failed: 2,
      remaining: 0,
    });
    const failed = await sql`select message_id, reason, attempts, failed_at is not null as failed, last_error
                             from monitoring.import_pending where config = ${config} order by message_id`;
    assert.deepEqual(failed.map((r) => ({ ...r })), [
      {
        message_id: "1",
        reason: "text_only",
        attempts: 1,
        failed: true,
        last_error: [{ field: "model", message: "required" }],
      },
      {
        message_id: "2",
        reason: "usage_reported",
        attempts: 1,
        failed: true,
        last_error: [{
          field: "usage.prompt_tokens_details.cached_tokens",
          message: "cache_read_tokens + cache_write_tokens (9) exceeds input_tokens (5), which includes them",
        }],
      },
    ]);
    assert.deepEqual(
      await drainImportPending(config),
      { imported: 0, duplicates: 0, failed: 0, remaining: 0 },
      "failed rows are not retried by themselves",
    );
  });
});
