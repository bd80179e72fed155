import assert from "node:assert/strict";
import { detectUsageShape, inferProvider, mapProviderUsage, type MapUsageResult } from "./provider_usage.ts";
import type { TokenCounts } from "./canonical_event.ts";
import {
  ANTHROPIC_1H_CACHE_USAGE,
  ANTHROPIC_MESSAGE,
  OPENAI_CHAT_COMPLETION,
  OPENAI_RESPONSES_REASONING_USAGE,
} from "../../tests/fixtures/usage/documented_examples.ts";

const tokens = (result: MapUsageResult): TokenCounts => {
  assert.ok(result.ok, JSON.stringify(result));
  return result.usage.tokens;
};
const errors = (result: MapUsageResult) => {
  assert.ok(!result.ok, "expected errors");
  return result.errors;
};
const counts = (partial: Partial<TokenCounts>): TokenCounts => ({
  input_tokens: 0,
  cache_read_tokens: 0,
  cache_write_tokens: 0,
  cache_write_1h_tokens: 0,
  output_tokens: 0,
  reasoning_tokens: 0,
  ...partial,
});

Deno.test("OpenAI Chat: the API reference's chat completion object", () => {
  // https://platform.openai.com/docs/api-reference/chat/object (example chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG,
  // gpt-4o-2024-08-06): total 1163 = 1117 prompt + 46 completion; nothing cached, no reasoning.
  const usage = OPENAI_CHAT_COMPLETION.usage;
  assert.equal(detectUsageShape(usage), "openai_chat");
  assert.deepEqual(
    tokens(mapProviderUsage(usage, { provider: "openai" })),
    counts({ input_tokens: 1117, output_tokens: 46 }),
  );
});

Deno.test("OpenAI Chat: the prompt-caching guide's example keeps cached tokens inside input", () => {
  // https://platform.openai.com/docs/guides/prompt-caching ("usage" example)
  // prompt_tokens 2006 already includes the 1920 cached tokens: 86 uncached + 1920 cached = 2006 input.
  const usage = {
    prompt_tokens: 2006,
    completion_tokens: 300,
    total_tokens: 2306,
    prompt_tokens_details: { cached_tokens: 1920 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
  assert.deepEqual(
    tokens(mapProviderUsage(usage)),
    counts({ input_tokens: 2006, cache_read_tokens: 1920, output_tokens: 300 }),
  );
});

Deno.test("OpenAI Responses: the reasoning guide's example keeps reasoning inside output", () => {
  // https://platform.openai.com/docs/guides/reasoning ("usage" of a response object)
  // output_tokens 1186 = 1024 reasoning + 162 visible; total 1261 = 75 + 1186.
  const usage = OPENAI_RESPONSES_REASONING_USAGE;
  const result = mapProviderUsage(usage, { provider: "openai" });
  assert.ok(result.ok);
  assert.equal(result.usage.shape, "openai_responses");
  assert.deepEqual(
    result.usage.tokens,
    counts({ input_tokens: 75, output_tokens: 1186, reasoning_tokens: 1024 }),
  );
});

Deno.test("Anthropic: the prompt-caching docs' 1-hour example adds cache reads and writes to input", () => {
  // https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching#1-hour-cache-duration
  // input_tokens excludes the cache: 2048 uncached + 1800 read + 248 written = 4096 input;
  // cache_creation_input_tokens 248 = 148 (5-minute) + 100 (1-hour).
  const usage = ANTHROPIC_1H_CACHE_USAGE;
  const result = mapProviderUsage(usage, { provider: "anthropic" });
  assert.ok(result.ok);
  assert.equal(result.usage.shape, "anthropic");
  assert.deepEqual(
    result.usage.tokens,
    counts({
      input_tokens: 4096,
      cache_read_tokens: 1800,
      cache_write_tokens: 248,
      cache_write_1h_tokens: 100,
      output_tokens: 503,
    }),
  );
});

Deno.test("Anthropic: the Messages API reference example without cache fields", () => {
  // https://docs.anthropic.com/en/api/messages (example response: usage {input_tokens: 2095, output_tokens: 503})
  assert.deepEqual(
    tokens(mapProviderUsage(ANTHROPIC_MESSAGE.usage, { provider: "anthropic" })),
    counts({ input_tokens: 2095, output_tokens: 503 }),
  );
});

Deno.test("Anthropic: only the cache_creation breakdown, with nulls for absent fields", () => {
  // cache_creation_input_tokens absent: the write total is 5m + 1h = 30 + 70 = 100; input = 10 + 0 + 100 = 110.
  const usage = {
    input_tokens: 10,
    cache_read_input_tokens: null,
    cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 70 },
    output_tokens: 5,
  };
  assert.deepEqual(
    tokens(mapProviderUsage(usage)),
    counts({ input_tokens: 110, cache_write_tokens: 100, cache_write_1h_tokens: 70, output_tokens: 5 }),
  );
});

Deno.test("OpenTelemetry GenAI: the registry's example attribute values", () => {
  // https://opentelemetry.io/docs/specs/semconv/registry/attributes/gen-ai/ (examples: input 100, output 180,
  // cache_read 50, cache_creation 25; both cache counts "SHOULD be included in gen_ai.usage.input_tokens").
  const attributes = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.response.model": "gpt-4o-2024-08-06",
    "gen_ai.conversation.id": "conv_5j66UpCpwteGg4YSxUnt7lPY",
    "gen_ai.usage.input_tokens": 100,
    "gen_ai.usage.output_tokens": 180,
    "gen_ai.usage.cache_read.input_tokens": 50,
    "gen_ai.usage.cache_creation.input_tokens": 25,
    "gen_ai.usage.reasoning.output_tokens": 40,
  };
  const result = mapProviderUsage(attributes);
  assert.ok(result.ok);
  assert.equal(result.usage.shape, "otel");
  assert.deepEqual(
    result.usage.tokens,
    counts({
      input_tokens: 100,
      cache_read_tokens: 50,
      cache_write_tokens: 25,
      output_tokens: 180,
      reasoning_tokens: 40,
    }),
  );
  assert.deepEqual(result.usage.attributes, {
    model: "gpt-4o-2024-08-06",
    provider: "openai",
    conversation_id: "conv_5j66UpCpwteGg4YSxUnt7lPY",
  });
});

Deno.test("OpenTelemetry GenAI: older attribute names and gen_ai.system are understood", () => {
  const result = mapProviderUsage({
    "gen_ai.system": "anthropic",
    "gen_ai.request.model": "claude-sonnet-4-5",
    "gen_ai.usage.prompt_tokens": 12,
    "gen_ai.usage.completion_tokens": 7,
    "gen_ai.usage.cache_write.input_tokens": 4,
  });
  assert.ok(result.ok);
  assert.deepEqual(
    result.usage.tokens,
    counts({ input_tokens: 12, cache_write_tokens: 4, output_tokens: 7 }),
  );
  assert.deepEqual(result.usage.attributes, { model: "claude-sonnet-4-5", provider: "anthropic" });
});

Deno.test("Gemini: usageMetadata's candidates exclude thoughts, so output adds them", () => {
  // https://firebase.google.com/docs/ai-logic/server-prompt-templates (example response usageMetadata):
  // total 890 = 34 prompt + 418 candidates + 438 thoughts, so output = 418 + 438 = 856, reasoning 438.
  const usage = {
    promptTokenCount: 34,
    candidatesTokenCount: 418,
    totalTokenCount: 890,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: 34 }],
    thoughtsTokenCount: 438,
  };
  assert.equal(detectUsageShape(usage), "gemini");
  assert.deepEqual(
    tokens(mapProviderUsage(usage, { provider: "google" })),
    counts({ input_tokens: 34, output_tokens: 856, reasoning_tokens: 438 }),
  );
});

Deno.test("a bare {input_tokens, output_tokens} maps to the same numbers whoever the provider", () => {
  const usage = { input_tokens: 5, output_tokens: 6 };
  assert.equal(detectUsageShape(usage, "anthropic"), "anthropic");
  assert.equal(detectUsageShape(usage, "openai"), "openai_responses");
  assert.deepEqual(tokens(mapProviderUsage(usage)), counts({ input_tokens: 5, output_tokens: 6 }));
});

Deno.test("malformed usage objects name the offending field", async (t) => {
  const cases: [unknown, string, string][] = [
    [{ tokens: 12 }, "usage", "unrecognised usage shape (keys: tokens)"],
    [{}, "usage", "keys: none"],
    [[1, 2], "usage", "must be an object"],
    [{ prompt_tokens: "12", completion_tokens: 1 }, "usage.prompt_tokens", "expected a number"],
    [{ completion_tokens: 1 }, "usage.prompt_tokens", "required"],
    [{ prompt_tokens: 1.5, completion_tokens: 1 }, "usage.prompt_tokens", "must be an integer"],
    [{ prompt_tokens: 10, completion_tokens: -1 }, "usage.completion_tokens", "must not be negative"],
    [{ prompt_tokens: 2 ** 53, completion_tokens: 1 }, "usage.prompt_tokens", "largest safe integer"],
    [{ prompt_tokens: 100_000_001, completion_tokens: 1 }, "usage.prompt_tokens", "unreasonably large"],
    [
      { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 11 } },
      "usage.prompt_tokens_details.cached_tokens",
      "exceeds input_tokens (10)",
    ],
    [
      { prompt_tokens: 10, completion_tokens: 1, completion_tokens_details: { reasoning_tokens: 2 } },
      "usage.completion_tokens_details.reasoning_tokens",
      "reasoning_tokens (2) exceeds output_tokens (1)",
    ],
    [
      { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: 5 },
      "usage.prompt_tokens_details",
      "must be an object",
    ],
    [
      { input_tokens: 1, output_tokens: 1, input_tokens_details: {}, cache_read_input_tokens: 1 },
      "usage",
      "mixes Anthropic",
    ],
    [{ input_tokens: 1 }, "usage.output_tokens", "required"],
    [
      {
        input_tokens: 1,
        output_tokens: 1,
        cache_creation_input_tokens: 5,
        cache_creation: { ephemeral_1h_input_tokens: 6 },
      },
      "usage.cache_creation.ephemeral_1h_input_tokens",
      "cache_write_1h_tokens (6) exceeds cache_write_tokens (5)",
    ],
    [
      { input_tokens: 60_000_000, cache_read_input_tokens: 60_000_000, output_tokens: 1 },
      "usage.input_tokens",
      "gives input_tokens that is unreasonably large",
    ],
    [
      { "gen_ai.usage.input_tokens": 3, "gen_ai.usage.prompt_tokens": 4, "gen_ai.usage.output_tokens": 1 },
      "usage.gen_ai.usage.prompt_tokens",
      "disagrees with gen_ai.usage.input_tokens (4 vs 3)",
    ],
    [{ "gen_ai.usage.input_tokens": 3 }, "usage.gen_ai.usage.output_tokens", "required"],
    [
      { "gen_ai.usage.input_tokens": 3, "gen_ai.usage.output_tokens": 1, "gen_ai.request.model": 7 },
      "usage.gen_ai.request.model",
      "must be a non-empty string",
    ],
  ];
  for (const [usage, field, fragment] of cases) {
    await t.step(`${field}: ${fragment}`, () => {
      const found = errors(mapProviderUsage(usage));
      assert.ok(
        found.some((e) => e.field === field && e.message.includes(fragment)),
        `${JSON.stringify(usage)}: wanted ${field} "${fragment}", got ${JSON.stringify(found)}`,
      );
    });
  }
});

Deno.test("every bad field of one usage object is reported, not only the first", () => {
  const found = errors(mapProviderUsage({ prompt_tokens: -1, completion_tokens: "x" }));
  assert.deepEqual(found.map((e) => e.field), ["usage.prompt_tokens", "usage.completion_tokens"]);
});

Deno.test("inferProvider: by model family, else by a provider-specific usage shape", () => {
  assert.equal(inferProvider("gpt-4o-2024-08-06"), "openai");
  assert.equal(inferProvider("o3-mini"), "openai");
  assert.equal(inferProvider("openai/chatgpt-4o-latest"), "openai");
  assert.equal(inferProvider("claude-sonnet-4-5"), "anthropic");
  assert.equal(inferProvider("anthropic.claude-3-5-sonnet-20240620-v1:0"), "anthropic");
  assert.equal(inferProvider("gemini-2.5-pro"), "google");
  assert.equal(inferProvider("my-proxy-model", "anthropic"), "anthropic");
  assert.equal(inferProvider("my-proxy-model", "gemini"), "google");
  assert.equal(inferProvider("llama-3.3-70b-instruct", "openai_chat"), undefined);
});
