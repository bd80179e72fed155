/**
 * One provider-usage mapping: the chat importer queues every message, and the ingest function's drain maps
 * its usage with shared/usage/provider_usage.ts, as for any ingested event. Each object below goes through
 * the importer (a message whose metadata carries it) and is stored with exactly the six counts
 * mapProviderUsage gives, or, where mapProviderUsage reports a problem, is kept failed in import_pending
 * with that problem and stored nowhere. The counts themselves are checked by hand in
 * shared/usage/provider_usage_test.ts.
 */
import assert from "node:assert/strict";
import { mapProviderUsage } from "../../shared/usage/provider_usage.ts";
import {
  ANTHROPIC_1H_CACHE_USAGE,
  OPENAI_CHAT_COMPLETION,
  OPENAI_RESPONSES_REASONING_USAGE,
} from "../fixtures/usage/documented_examples.ts";
import { drainImportPending } from "../helpers/import_pending.ts";
import { connect } from "../helpers/test_env.ts";

const RUN = crypto.randomUUID().slice(0, 8);
const SCHEMA = `twtest_h7_mapping_${RUN}`;
const CONFIG = `twtest-h7-mapping-${RUN}`;
const MODEL = `twtest-h7-mapping-${RUN}`;

const CASES: { name: string; usage: unknown; provider?: string }[] = [
  {
    name: "OpenAI Chat, API reference",
    usage: OPENAI_CHAT_COMPLETION.usage,
  },
  {
    name: "OpenAI Chat, prompt caching",
    usage: {
      prompt_tokens: 2006,
      completion_tokens: 300,
      total_tokens: 2306,
      prompt_tokens_details: { cached_tokens: 1920 },
    },
  },
  {
    name: "OpenAI Chat, reasoning",
    usage: {
      prompt_tokens: 120,
      completion_tokens: 900,
      completion_tokens_details: { reasoning_tokens: 640 },
    },
  },
  { name: "OpenAI embeddings (no completion)", usage: { prompt_tokens: 8, total_tokens: 8 } },
  {
    name: "OpenAI Responses, reasoning guide",
    usage: OPENAI_RESPONSES_REASONING_USAGE,
  },
  { name: "bare input/output, OpenAI", usage: { input_tokens: 10, output_tokens: 4 }, provider: "openai" },
  {
    name: "bare input/output, Anthropic",
    usage: { input_tokens: 10, output_tokens: 4 },
    provider: "anthropic",
  },
  {
    name: "Anthropic, 1-hour cache example",
    usage: ANTHROPIC_1H_CACHE_USAGE,
  },
  {
    name: "Anthropic, breakdown only",
    usage: {
      input_tokens: 10,
      cache_read_input_tokens: null,
      cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 70 },
      output_tokens: 5,
    },
  },
  {
    name: "Anthropic, thinking",
    usage: {
      input_tokens: 10,
      cache_read_input_tokens: 0,
      output_tokens: 50,
      output_tokens_details: { thinking_tokens: 20 },
    },
  },
  {
    name: "Gemini",
    usage: {
      promptTokenCount: 8000,
      cachedContentTokenCount: 6000,
      toolUsePromptTokenCount: 100,
      candidatesTokenCount: 500,
      thoughtsTokenCount: 1500,
      totalTokenCount: 10100,
    },
  },
  { name: "Gemini, blocked (no candidates)", usage: { promptTokenCount: 40, totalTokenCount: 40 } },
  {
    name: "OpenTelemetry",
    usage: {
      "gen_ai.usage.input_tokens": 100,
      "gen_ai.usage.output_tokens": 180,
      "gen_ai.usage.cache_read.input_tokens": 50,
      "gen_ai.usage.cache_creation.input_tokens": 25,
      "gen_ai.usage.reasoning.output_tokens": 30,
    },
  },
  {
    name: "OpenTelemetry, older names agreeing",
    usage: {
      "gen_ai.usage.input_tokens": 10,
      "gen_ai.usage.prompt_tokens": 10,
      "gen_ai.usage.output_tokens": 2,
    },
  },
  // problems: mapProviderUsage names them, the message is kept failed
  {
    name: "cached above prompt",
    usage: { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 11 } },
  },
  {
    name: "reasoning above output",
    usage: {
      input_tokens: 10,
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 6 },
      total_tokens: 15,
    },
  },
  {
    name: "1h writes above writes",
    usage: {
      input_tokens: 1,
      cache_creation_input_tokens: 5,
      cache_creation: { ephemeral_1h_input_tokens: 6 },
      output_tokens: 1,
    },
  },
  { name: "string count", usage: { prompt_tokens: "10", completion_tokens: 1 } },
  { name: "negative count", usage: { input_tokens: -1, output_tokens: 1 } },
  { name: "fractional count", usage: { prompt_tokens: 1.5, completion_tokens: 1 } },
  { name: "huge count", usage: { prompt_tokens: 100_000_001, completion_tokens: 1 } },
  {
    name: "Anthropic sum above the limit",
    usage: { input_tokens: 60_000_000, cache_read_input_tokens: 60_000_000, output_tokens: 1 },
  },
  {
    name: "mixed Anthropic and Responses",
    usage: { input_tokens: 10, output_tokens: 1, cache_read_input_tokens: 1, total_tokens: 11 },
  },
  {
    name: "OpenTelemetry aliases disagreeing",
    usage: {
      "gen_ai.usage.input_tokens": 10,
      "gen_ai.usage.prompt_tokens": 11,
      "gen_ai.usage.output_tokens": 1,
    },
  },
  { name: "OpenTelemetry without output", usage: { "gen_ai.usage.input_tokens": 10 } },
  { name: "Responses without output", usage: { input_tokens: 10, total_tokens: 10 } },
  {
    name: "details not an object",
    usage: { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: 5 },
  },
  { name: "unknown shape", usage: { tokens: 5 } },
  { name: "not an object", usage: [1, 2] },
];

Deno.test("importer: every usage object is mapped by the TypeScript mapper, as for ingest", async () => {
  const sql = connect();
  try {
    await sql.unsafe(`create schema ${SCHEMA}`);
    await sql.unsafe(`create table ${SCHEMA}.messages (id integer primary key, conversation_id integer,
      role text, content text, metadata jsonb, created_at timestamptz)`);
    for (const [i, c] of CASES.entries()) {
      const metadata = { model: MODEL, provider: c.provider ?? "openai", usage: c.usage };
      await sql.unsafe(
        `insert into ${SCHEMA}.messages values ($1::int, $1::int, 'assistant', 'ok', $2::text::jsonb,
           timestamptz '2026-11-20 10:00:00Z' + make_interval(secs => $1::int))`,
        [i + 1, JSON.stringify(metadata)],
      );
    }
    await sql`insert into monitoring.chat_import_config (name, enabled, source, messages_table, conversations_table)
              values (${CONFIG}, false, ${CONFIG}, ${`${SCHEMA}.messages`}, null)`;
    const [run] = await sql`select * from monitoring.import_chat_messages(${CONFIG})`;
    assert.deepEqual([run.scanned, run.imported, run.queued], [CASES.length, 0, CASES.length]);

    const drained = await drainImportPending(CONFIG);
    assert.equal(drained.remaining, 0);

    const stored = Object.fromEntries(
      (await sql`select request_id, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,
                        output_tokens, reasoning_tokens
                 from monitoring.usage_events where source = ${CONFIG}`)
        .map(({ request_id, ...tokens }) => [request_id, { ...tokens }]),
    );
    const failed = Object.fromEntries(
      (await sql`select message_id, last_error from monitoring.import_pending
                 where config = ${CONFIG} and failed_at is not null`)
        .map((r) => [r.message_id, r.last_error]),
    );
    for (const [i, c] of CASES.entries()) {
      const id = String(i + 1);
      const ts = mapProviderUsage(c.usage, { provider: c.provider ?? "openai" });
      if (ts.ok) {
        assert.deepEqual(stored[id], ts.usage.tokens, `${c.name}: ${JSON.stringify(failed[id])}`);
        assert.equal(failed[id], undefined, c.name);
      } else {
        assert.equal(stored[id], undefined, `${c.name}: stored although ${JSON.stringify(ts.errors)}`);
        assert.deepEqual(
          (failed[id] as { message: string }[]).map((e) => e.message),
          ts.errors.map((e) => e.message),
          c.name,
        );
      }
    }
  } finally {
    await sql`delete from monitoring.chat_import_config where name = ${CONFIG}`;
    await sql.unsafe(`drop schema if exists ${SCHEMA} cascade`);
    await sql.end();
  }
});
