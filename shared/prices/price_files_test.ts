import assert from "node:assert/strict";
import { parseGenaiPrices, parseLiteLLM, parsePriceFile, perMillion } from "./price_files.ts";

const fixture = async (name: string) =>
  JSON.parse(await Deno.readTextFile(new URL(`../../tests/fixtures/prices/${name}`, import.meta.url)));

Deno.test("perMillion turns LiteLLM's per-token floats into exact per-1M prices", () => {
  assert.equal(perMillion(1.875e-05), 18.75);
  assert.equal(perMillion(3e-07), 0.3);
  assert.equal(perMillion(2.25e-05), 22.5);
  assert.equal(perMillion(2.5e-09), 0.0025);
});

Deno.test("LiteLLM excerpt: Anthropic chat entries become default-tier quotes; Bedrock is skipped", async () => {
  const file = parseLiteLLM(await fixture("litellm_model_prices.excerpt.json"));
  assert.equal(file.format, "litellm");
  assert.deepEqual(file.skipped, [{
    entry: "claude-sonnet-4-5-20250929-v1:0",
    reason: "provider bedrock not imported",
  }]);
  assert.deepEqual(file.quotes.map((q) => q.model), [
    "claude-opus-4-1",
    "claude-opus-4-6",
    "claude-fable-5",
    "claude-opus-4-8",
  ]);
  assert.deepEqual(file.quotes[0], {
    provider: "anthropic",
    model: "claude-opus-4-1",
    service_tier: "default",
    input_tokens_above: null,
    effective_from: null,
    effective_until: null,
    rates: {
      input_per_mtok: 15,
      output_per_mtok: 75,
      cache_read_per_mtok: 1.5,
      cache_write_per_mtok: 18.75,
      cache_write_1h_per_mtok: 30,
    },
  });
});

Deno.test("LiteLLM: tiers (_batches, _flex, _priority) and long-context (_above_200k_tokens) fields", () => {
  const file = parseLiteLLM({
    // The gpt-4o entry's price fields as LiteLLM carries them, and the Bedrock Sonnet 4.5 long-context ones.
    "gpt-4o": {
      cache_read_input_token_cost: 1.25e-06,
      cache_read_input_token_cost_priority: 2.125e-06,
      input_cost_per_token: 2.5e-06,
      input_cost_per_token_batches: 1.25e-06,
      input_cost_per_token_priority: 4.25e-06,
      litellm_provider: "openai",
      mode: "chat",
      output_cost_per_token: 1e-05,
      output_cost_per_token_batches: 5e-06,
      output_cost_per_token_priority: 1.7e-05,
    },
    "gemini/gemini-x": {
      litellm_provider: "gemini",
      mode: "chat",
      input_cost_per_token: 3e-06,
      output_cost_per_token: 1.5e-05,
      input_cost_per_token_above_200k_tokens: 6e-06,
      output_cost_per_token_above_200k_tokens: 2.25e-05,
      cache_read_input_token_cost_above_200k_tokens: 6e-07,
    },
    "text-embedding-3-small": { litellm_provider: "openai", mode: "embedding", input_cost_per_token: 2e-08 },
  });
  assert.deepEqual(
    file.quotes.map((q) => [q.provider, q.model, q.service_tier, q.input_tokens_above, q.rates]),
    [
      ["openai", "gpt-4o", "default", null, {
        input_per_mtok: 2.5,
        output_per_mtok: 10,
        cache_read_per_mtok: 1.25,
      }],
      ["openai", "gpt-4o", "batch", null, { input_per_mtok: 1.25, output_per_mtok: 5 }],
      ["openai", "gpt-4o", "priority", null, {
        input_per_mtok: 4.25,
        output_per_mtok: 17,
        cache_read_per_mtok: 2.125,
      }],
      ["google", "gemini-x", "default", null, { input_per_mtok: 3, output_per_mtok: 15 }],
      ["google", "gemini-x", "default", 200000, {
        input_per_mtok: 6,
        output_per_mtok: 22.5,
        cache_read_per_mtok: 0.6,
      }],
    ],
  );
  assert.deepEqual(file.skipped, [{ entry: "text-embedding-3-small", reason: "mode embedding is not chat" }]);
});

Deno.test("genai-prices excerpt: tiers become long-context quotes, dated sets keep their dates", async () => {
  const json = await fixture("genai-prices_data.excerpt.json");
  const file = parsePriceFile(json);
  assert.equal(file.format, "genai-prices");
  assert.deepEqual(file.skipped, []);
  const sonnet45 = file.quotes.filter((q) => q.model === "claude-sonnet-4-5");
  assert.deepEqual(sonnet45.map((q) => [q.input_tokens_above, q.rates]), [
    [null, { input_per_mtok: 3, output_per_mtok: 15, cache_read_per_mtok: 0.3, cache_write_per_mtok: 3.75 }],
    [200000, {
      input_per_mtok: 6,
      output_per_mtok: 22.5,
      cache_read_per_mtok: 0.6,
      cache_write_per_mtok: 7.5,
    }],
  ]);
  const sonnet5 = file.quotes.filter((q) => q.model === "claude-sonnet-5");
  assert.deepEqual(
    sonnet5.map((
      q,
    ) => [q.effective_from, q.effective_until, q.rates.input_per_mtok, q.rates.output_per_mtok]),
    [
      [null, "2026-09-01", 2, 10],
      ["2026-09-01", null, 3, 15],
    ],
  );
  assert.deepEqual(parseGenaiPrices(json).quotes.length, 13);
});
