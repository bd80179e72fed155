import assert from "node:assert/strict";
import { langfuseDialect } from "./dialect_langfuse.ts";
import { attrs } from "./testdata/spans.ts";

Deno.test("Langfuse: usage_details buckets are disjoint, so input and output are sums of their buckets", () => {
  const a = attrs({
    "langfuse.observation.type": "generation",
    "langfuse.observation.model.name": "claude-sonnet-4-5",
    // Anthropic through Langfuse: input 10 (uncached) + read 1800 + written 248 = 2058; output 503 + 0.
    "langfuse.observation.usage_details": JSON.stringify({
      input: 10,
      cache_read_input_tokens: 1800,
      cache_creation_input_tokens: 248,
      output: 503,
      total: 2561,
    }),
  });
  assert.ok(langfuseDialect.detects(a));
  assert.deepEqual(langfuseDialect.read(a), {
    dialect: "langfuse",
    tokens: {
      input_tokens: 2058,
      cache_read_tokens: 1800,
      cache_write_tokens: 248,
      output_tokens: 503,
      reasoning_tokens: 0,
    },
    model: "claude-sonnet-4-5",
    provider: undefined,
    aggregate: false,
  });
  // OpenAI through Langfuse: input 86 + input_cached_tokens 1920 = 2006; output 236 + reasoning 64 = 300.
  const openai = langfuseDialect.read(attrs({
    "langfuse.observation.usage_details": {
      input: 86,
      input_cached_tokens: 1920,
      output: 236,
      output_reasoning_tokens: 64,
    },
  }));
  assert.deepEqual(openai.tokens, {
    input_tokens: 2006,
    cache_read_tokens: 1920,
    cache_write_tokens: 0,
    output_tokens: 300,
    reasoning_tokens: 64,
  });
  assert.equal(
    langfuseDialect.read(
      attrs({ "langfuse.observation.type": "span", "langfuse.observation.usage_details": "{}" }),
    )
      .aggregate,
    true,
  );
  // Not an object: passed on as `usage` for the event's validation to refuse.
  assert.deepEqual(langfuseDialect.read(attrs({ "langfuse.observation.usage_details": "oops" })).tokens, {
    usage: "oops",
  });
});
