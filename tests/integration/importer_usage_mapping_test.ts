/**
 * The importer maps usage in SQL (monitoring.provider_usage_tokens); ingest maps it in TypeScript
 * (shared/usage/provider_usage.ts). On every object below the two agree: the same six counts, or SQL
 * answers NULL exactly where TypeScript reports a problem (so that the message goes to ingest, which names
 * the problem).
 */
import assert from "node:assert/strict";
import { mapProviderUsage } from "../../shared/usage/provider_usage.ts";
import {
  ANTHROPIC_1H_CACHE_USAGE,
  OPENAI_CHAT_COMPLETION,
  OPENAI_RESPONSES_REASONING_USAGE,
} from "../../shared/usage/documented_examples.ts";
import { connect } from "../helpers/test_env.ts";

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
  // problems: SQL must say NULL
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

Deno.test("importer usage mapping in SQL agrees with ingest's TypeScript mapping", async (t) => {
  const sql = connect();
  try {
    for (const c of CASES) {
      await t.step(c.name, async () => {
        const ts = mapProviderUsage(c.usage, { provider: c.provider });
        const [{ tokens }] = await sql`select monitoring.provider_usage_tokens(${
          sql.json(c.usage as never)
        }, ${c.provider ?? null}) as tokens`;
        if (ts.ok) assert.deepEqual(tokens, ts.usage.tokens);
        else {assert.equal(
            tokens,
            null,
            `TypeScript says ${JSON.stringify(ts.errors)}; SQL said ${JSON.stringify(tokens)}`,
          );}
      });
    }
  } finally {
    await sql.end();
  }
});
