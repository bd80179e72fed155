import assert from "node:assert/strict";
import { vercelAiDialect } from "./dialect_vercel_ai.ts";
import { attrs } from "./testdata/spans.ts";

Deno.test("AI SDK 6: inputTokens is the total, its details the parts; reasoning inside output", () => {
  const reading = vercelAiDialect.read(attrs({
    "ai.operationId": "ai.generateText.doGenerate",
    "ai.model.provider": "anthropic.messages",
    "ai.model.id": "claude-sonnet-4-5",
    "ai.response.model": "claude-sonnet-4-5-20250929",
    "ai.usage.inputTokens": 1500,
    "ai.usage.inputTokenDetails.noCacheTokens": 300,
    "ai.usage.inputTokenDetails.cacheReadTokens": 1000,
    "ai.usage.inputTokenDetails.cacheWriteTokens": 200,
    "ai.usage.outputTokens": 120,
    "ai.usage.outputTokenDetails.reasoningTokens": 20,
  }));
  assert.deepEqual(reading, {
    dialect: "vercel_ai",
    tokens: {
      input_tokens: 1500,
      cache_read_tokens: 1000,
      cache_write_tokens: 200,
      output_tokens: 120,
      reasoning_tokens: 20,
    },
    model: "claude-sonnet-4-5-20250929",
    provider: "anthropic",
    aggregate: false,
  });
  // Only the parts: input is their sum, 300 + 1000 + 200 = 1500.
  const parts = vercelAiDialect.read(attrs({
    "ai.usage.inputTokenDetails.noCacheTokens": 300,
    "ai.usage.inputTokenDetails.cacheReadTokens": 1000,
    "ai.usage.inputTokenDetails.cacheWriteTokens": 200,
    "ai.usage.outputTokens": 1,
  }));
  assert.equal(parts.tokens.input_tokens, 1500);
});

Deno.test("AI SDK 5: cachedInputTokens inside inputTokens, except Anthropic's, whose cache is added", () => {
  const openai = vercelAiDialect.read(attrs({
    "ai.model.provider": "openai.responses",
    "ai.usage.inputTokens": 2006,
    "ai.usage.cachedInputTokens": 1920,
    "ai.usage.outputTokens": 300,
    "ai.usage.reasoningTokens": 64,
  }));
  assert.deepEqual(openai.tokens, {
    input_tokens: 2006,
    cache_read_tokens: 1920,
    cache_write_tokens: 0,
    output_tokens: 300,
    reasoning_tokens: 64,
  });
  // @ai-sdk/anthropic 2.x: inputTokens = Anthropic input_tokens (uncached) 10; read 1800; written 248 → 2058.
  const anthropic = vercelAiDialect.read(attrs({
    "ai.usage.inputTokens": 10,
    "ai.usage.cachedInputTokens": 1800,
    "ai.usage.outputTokens": 503,
    "ai.response.providerMetadata": JSON.stringify({ anthropic: { cacheCreationInputTokens: 248 } }),
  }));
  assert.deepEqual(anthropic.tokens, {
    input_tokens: 2058,
    cache_read_tokens: 1800,
    cache_write_tokens: 248,
    output_tokens: 503,
    reasoning_tokens: 0,
  });
});

Deno.test("AI SDK 4 prompt/completion tokens; the outer ai.generateText span is an aggregate", () => {
  const v4 = vercelAiDialect.read(attrs({
    "ai.operationId": "ai.streamText.doStream",
    "ai.usage.promptTokens": 40,
    "ai.usage.completionTokens": 7,
  }));
  assert.equal(v4.tokens.input_tokens, 40);
  assert.equal(v4.tokens.output_tokens, 7);
  assert.equal(v4.aggregate, false);
  assert.equal(
    vercelAiDialect.read(attrs({ "ai.operationId": "ai.generateText", "ai.usage.inputTokens": 1 })).aggregate,
    true,
  );
  // A wrong type is passed on for the event's validation to refuse.
  assert.equal(vercelAiDialect.read(attrs({ "ai.usage.inputTokens": true })).tokens.input_tokens, true);
});
