import assert from "node:assert/strict";
import { checkTokenCounts, TOKEN_FIELDS, weakestTokenSource } from "./canonical_event.ts";

const ok = {
  input_tokens: 10,
  cache_read_tokens: 4,
  cache_write_tokens: 6,
  cache_write_1h_tokens: 6,
  output_tokens: 3,
  reasoning_tokens: 3,
};

Deno.test("weakestTokenSource: heuristic < tokenizer < provider in trust", () => {
  assert.equal(weakestTokenSource([]), "provider");
  assert.equal(weakestTokenSource(["provider", "tokenizer"]), "tokenizer");
  assert.equal(weakestTokenSource(["heuristic", "tokenizer", "provider"]), "heuristic");
});

Deno.test("checkTokenCounts: parts equal to their wholes are fine", () => {
  assert.deepEqual(checkTokenCounts(ok), []);
  assert.equal(TOKEN_FIELDS.length, 6);
});

Deno.test("checkTokenCounts: each part larger than its whole is named, with the numbers", () => {
  assert.deepEqual(
    checkTokenCounts({ ...ok, cache_write_tokens: 7, cache_write_1h_tokens: 8, reasoning_tokens: 4 }),
    [
      {
        field: "cache_read_tokens",
        message: "cache_read_tokens + cache_write_tokens (11) exceeds input_tokens (10), which includes them",
      },
      {
        field: "cache_write_1h_tokens",
        message: "cache_write_1h_tokens (8) exceeds cache_write_tokens (7), which includes it",
      },
      {
        field: "reasoning_tokens",
        message: "reasoning_tokens (4) exceeds output_tokens (3), which includes it",
      },
    ],
  );
});

Deno.test("checkTokenCounts: unknown wholes skip their relation; fieldOf renames", () => {
  assert.deepEqual(checkTokenCounts({ cache_read_tokens: 5, reasoning_tokens: 9 }), []);
  assert.deepEqual(checkTokenCounts({ ...ok, input_tokens: 100_000_001 }, (f) => `usage.${f}`), [
    {
      field: "usage.input_tokens",
      message: "gives input_tokens that is unreasonably large (more than 100,000,000)",
    },
  ]);
});
