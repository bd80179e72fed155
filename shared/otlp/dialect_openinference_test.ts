import assert from "node:assert/strict";
import { openInferenceDialect } from "./dialect_openinference.ts";
import { attrs } from "./testdata/spans.ts";

Deno.test("OpenInference: the prompt count includes its cache details; only LLM spans are calls", () => {
  const a = attrs({
    "openinference.span.kind": "LLM",
    "llm.model_name": "claude-sonnet-4-5",
    "llm.provider": "anthropic",
    "llm.token_count.prompt": 2048,
    "llm.token_count.prompt_details.cache_read": 1800,
    "llm.token_count.prompt_details.cache_write": 248,
    "llm.token_count.completion": 503,
    "llm.token_count.completion_details.reasoning": 100,
    "llm.token_count.total": 2551,
  });
  assert.ok(openInferenceDialect.detects(a));
  assert.deepEqual(openInferenceDialect.read(a), {
    dialect: "openinference",
    tokens: {
      input_tokens: 2048,
      cache_read_tokens: 1800,
      cache_write_tokens: 248,
      output_tokens: 503,
      reasoning_tokens: 100,
    },
    model: "claude-sonnet-4-5",
    provider: "anthropic",
    aggregate: false,
  });
  // Only a total: no input count, which the event's validation refuses.
  assert.equal(
    openInferenceDialect.read(attrs({ "llm.token_count.total": 9 })).tokens.input_tokens,
    undefined,
  );
  const chain = attrs({ "openinference.span.kind": "CHAIN", "llm.token_count.prompt": 1 });
  assert.equal(openInferenceDialect.read(chain).aggregate, true);
  assert.equal(
    openInferenceDialect.read(attrs({ "llm.token_count.prompt": 1, "llm.system": "openai" })).provider,
    "openai",
  );
});
