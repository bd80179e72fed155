import assert from "node:assert/strict";
import { genAiDialect } from "./dialect_gen_ai.ts";
import { attrs } from "./testdata/spans.ts";

Deno.test("GenAI: gen_ai.usage.* go to ingest as a usage object; response model first, provider.name first", () => {
  const a = attrs({
    "gen_ai.usage.input_tokens": 1200,
    "gen_ai.usage.cache_read.input_tokens": "1000",
    "gen_ai.usage.output_tokens": 80,
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.response.model": "gpt-4o-2024-08-06",
    "gen_ai.system": "openai",
    "gen_ai.provider.name": "azure.ai.openai",
  });
  assert.ok(genAiDialect.detects(a));
  assert.deepEqual(genAiDialect.read(a), {
    dialect: "gen_ai",
    // A decimal string count is read as its number; cache stays inside input (provider_usage.ts maps it).
    tokens: {
      usage: {
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.cache_read.input_tokens": 1000,
        "gen_ai.usage.output_tokens": 80,
      },
    },
    model: "gpt-4o-2024-08-06",
    provider: "azure.ai.openai",
    aggregate: false,
  });
  assert.equal(genAiDialect.read(attrs({ "gen_ai.request.model": "m", "gen_ai.system": "x" })).model, "m");
  assert.ok(!genAiDialect.detects(attrs({ "gen_ai.request.model": "m" })));
});
