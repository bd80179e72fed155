import assert from "node:assert/strict";
import {
  countChatTokens,
  countTokens,
  encodingForModel,
  estimateTokens,
  loadTokenizer,
  MAX_TOKENIZED_BYTES,
  tokenizeBudget,
  utf8Length,
} from "./token_counter.ts";
import { COOKBOOK_MESSAGES, REFERENCE_STRINGS } from "../../tests/fixtures/usage/tokenizer_references.ts";

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

Deno.test("countTokens: text that does not fit the budget is estimated, not tokenized", async () => {
  assert.deepEqual(await countTokens({ model: "gpt-4o", text: "hello world", budget: tokenizeBudget(10) }), {
    tokens: 3, // 11 bytes > 10: ceil(11 characters / 4)
    source: "heuristic",
  });
});

Deno.test("countTokens spends the budget by UTF-8 bytes, whole counts only", async () => {
  const budget = tokenizeBudget(30);
  // "hello world": 11 bytes, 2 tokens. 30 - 11 = 19 left.
  assert.deepEqual(await countTokens({ model: "gpt-4o", text: "hello world", budget }), {
    tokens: 2,
    source: "tokenizer",
  });
  assert.equal(budget.bytes, 19);
  // "お誕生日おめでとう": 9 characters of 3 bytes = 27 bytes > 19: estimated, ceil(9 / 4) = 3, nothing spent.
  assert.deepEqual(await countTokens({ model: "gpt-4o", text: "お誕生日おめでとう", budget }), {
    tokens: 3,
    source: "heuristic",
  });
  assert.equal(budget.bytes, 19);
  // Messages spend role + content + name: "user" 4 + "hello world" 11 = 15 bytes; 19 - 15 = 4 left.
  // Tokens: 3 (reply priming) + 3 (per message) + 1 ("user") + 2 ("hello world") = 9.
  assert.deepEqual(
    await countTokens({ model: "gpt-4o", messages: [{ role: "user", content: "hello world" }], budget }),
    { tokens: 9, source: "tokenizer" },
  );
  assert.equal(budget.bytes, 4);
});

Deno.test("utf8Length: 1 to 4 bytes per character, a lone surrogate as U+FFFD's 3", () => {
  // "a" 1 + "é" 2 + "€" 3 + "🎉" 4 = 10; "\ud800" alone 3.
  assert.equal(utf8Length("aé€🎉"), 10);
  assert.equal(utf8Length("\ud800"), 3);
  assert.equal(utf8Length("x\udc00"), 4);
  assert.equal(utf8Length(""), 0);
  assert.equal(MAX_TOKENIZED_BYTES, 1_000_000);
});

Deno.test("special-token strings in user text count as ordinary text instead of throwing", async () => {
  const o200k = await loadTokenizer("o200k_base");
  assert.ok(o200k.count("<|endoftext|>") > 1);
});
