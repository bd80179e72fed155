import assert from "node:assert/strict";
import {
  countChatTokens,
  countTokens,
  encodingForModel,
  estimateTokens,
  loadTokenizer,
} from "./token_counter.ts";
import { COOKBOOK_MESSAGES, REFERENCE_STRINGS } from "./tokenizer_references.ts";

// Reference strings and counts: tokenizer_references.ts (tiktoken's tests, the OpenAI cookbook).

Deno.test("reference strings count as published in o200k_base and cl100k_base", async () => {
  const o200k = await loadTokenizer("o200k_base");
  const cl100k = await loadTokenizer("cl100k_base");
  for (const [text, o, c] of REFERENCE_STRINGS) {
    assert.equal(o200k.count(text), o, `o200k_base ${text}`);
    assert.equal(cl100k.count(text), c, `cl100k_base ${text}`);
  }
});

// The cookbook's example_messages (tokenizer_references.ts), whose counts it checked against the API:
// 129 prompt tokens for gpt-3.5-turbo / gpt-4-0613 / gpt-4, 124 for gpt-4o / gpt-4o-mini.

Deno.test("chat messages: the cookbook's 129 (gpt-4, cl100k) and 124 (gpt-4o, o200k) prompt tokens", async () => {
  for (
    const [model, expected] of [["gpt-4", 129], ["gpt-4-0613", 129], ["gpt-3.5-turbo", 129], [
      "gpt-4o",
      124,
    ]] as const
  ) {
    const tokenizer = await loadTokenizer(encodingForModel(model).encoding);
    assert.equal(countChatTokens(COOKBOOK_MESSAGES, tokenizer), expected, model);
    assert.deepEqual(await countTokens({ model, messages: COOKBOOK_MESSAGES }), {
      tokens: expected,
      source: "tokenizer",
    });
  }
});

Deno.test("encodingForModel: OpenAI families exact, others o200k approximate", () => {
  const cases: [string, string, boolean][] = [
    ["gpt-4o-2024-08-06", "o200k_base", true],
    ["gpt-4o-mini", "o200k_base", true],
    ["chatgpt-4o-latest", "o200k_base", true],
    ["gpt-4.1-nano", "o200k_base", true],
    ["gpt-5", "o200k_base", true],
    ["gpt-5.2-pro", "o200k_base", true],
    ["o1", "o200k_base", true],
    ["o3-mini", "o200k_base", true],
    ["o4-mini-2025-04-16", "o200k_base", true],
    ["openai/gpt-4o", "o200k_base", true],
    ["ft:gpt-4o-mini-2024-07-18:acme::abc123", "o200k_base", true],
    ["gpt-4", "cl100k_base", true],
    ["gpt-4-turbo-2024-04-09", "cl100k_base", true],
    ["gpt-3.5-turbo-0125", "cl100k_base", true],
    ["gpt-35-turbo", "cl100k_base", true],
    ["claude-sonnet-4-5", "o200k_base", false],
    ["gemini-2.5-pro", "o200k_base", false],
    ["o100-experimental", "o200k_base", false],
  ];
  for (const [model, encoding, exact] of cases) {
    assert.deepEqual(encodingForModel(model), { encoding, exact }, model);
  }
});

Deno.test("countTokens: a reported count wins over text", async () => {
  assert.deepEqual(await countTokens({ model: "gpt-4o", reported: 42, text: "hello world", chars: 9 }), {
    tokens: 42,
    source: "provider",
  });
  assert.deepEqual(await countTokens({ model: "gpt-4o", reported: 0, text: "hello world" }), {
    tokens: 0,
    source: "provider",
  });
});

Deno.test("countTokens: other providers' models are counted with o200k and flagged tokenizer", async () => {
  assert.deepEqual(await countTokens({ model: "claude-sonnet-4-5", text: "お誕生日おめでとう" }), {
    tokens: 8,
    source: "tokenizer",
  });
});

Deno.test("countTokens: messages and text add up", async () => {
  // 124 for the cookbook messages + 2 for "hello world"
  assert.deepEqual(await countTokens({ model: "gpt-4o", messages: COOKBOOK_MESSAGES, text: "hello world" }), {
    tokens: 126,
    source: "tokenizer",
  });
});

Deno.test("countTokens: characters ÷ 4 rounded up only when a length is known", async () => {
  assert.equal(estimateTokens(0), 0);
  assert.equal(estimateTokens(9), 3);
  assert.deepEqual(await countTokens({ model: "gpt-4o", chars: 801 }), { tokens: 201, source: "heuristic" });
  assert.equal(await countTokens({ model: "gpt-4o" }), null);
  assert.equal(await countTokens({ model: "gpt-4o", reported: null, chars: null }), null);
});

Deno.test("countTokens: text past maxTokenizerChars is estimated, not tokenized", async () => {
  assert.deepEqual(await countTokens({ model: "gpt-4o", text: "hello world", maxTokenizerChars: 10 }), {
    tokens: 3, // ceil(11 / 4)
    source: "heuristic",
  });
});

Deno.test("special-token strings in user text count as ordinary text instead of throwing", async () => {
  const o200k = await loadTokenizer("o200k_base");
  assert.ok(o200k.count("<|endoftext|>") > 1);
});
