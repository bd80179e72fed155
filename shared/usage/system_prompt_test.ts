import assert from "node:assert/strict";
import { countSystemPromptTokens, hashSystemPrompt } from "./system_prompt.ts";
import { tokenizeBudget } from "./token_counter.ts";

Deno.test("hashSystemPrompt: the FIPS 180-2 test vectors", async () => {
  // FIPS 180-2, appendix B.1 ("abc") and the well-known digest of the empty string.
  assert.equal(
    await hashSystemPrompt("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  assert.equal(
    await hashSystemPrompt(""),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
});

Deno.test("hashSystemPrompt: hashes UTF-8 bytes and does not normalise whitespace", async () => {
  const a = await hashSystemPrompt("You are helpful.");
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.notEqual(a, await hashSystemPrompt("You are helpful. "));
  assert.notEqual(await hashSystemPrompt("é"), await hashSystemPrompt("e\u0301"));
});

Deno.test("countSystemPromptTokens: plain text count in the model's encoding", async () => {
  // OpenAI cookbook, compare_encodings: "お誕生日おめでとう" is 8 tokens in o200k_base, 9 in cl100k_base.
  assert.deepEqual(await countSystemPromptTokens("お誕生日おめでとう", "gpt-4o"), {
    tokens: 8,
    source: "tokenizer",
  });
  assert.deepEqual(await countSystemPromptTokens("お誕生日おめでとう", "gpt-4"), {
    tokens: 9,
    source: "tokenizer",
  });
  assert.deepEqual(await countSystemPromptTokens("", "gpt-4o"), { tokens: 0, source: "tokenizer" });
});

Deno.test("countSystemPromptTokens: a prompt that does not fit the budget is estimated", async () => {
  const budget = tokenizeBudget(26);
  // 9 characters of 3 bytes = 27 bytes > 26: ceil(9 / 4) = 3, heuristic; the budget is untouched.
  assert.deepEqual(await countSystemPromptTokens("お誕生日おめでとう", "gpt-4o", budget), {
    tokens: 3,
    source: "heuristic",
  });
  assert.equal(budget.bytes, 26);
});
