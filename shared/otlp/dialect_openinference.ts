/**
 * OpenInference (Arize Phoenix; github.com/Arize-ai/openinference, spec/semantic_conventions.md):
 * `llm.token_count.prompt` / `.completion`, `llm.token_count.prompt_details.cache_read` / `.cache_write`,
 * `llm.token_count.completion_details.reasoning`, `llm.model_name`, `llm.provider` / `llm.system`.
 *
 * Cache rule: the `prompt_details` are parts OF the prompt count (its instrumentations add Anthropic's
 * `cache_read_input_tokens` and `cache_creation_input_tokens` to `input_tokens` for
 * `llm.token_count.prompt`), so `llm.token_count.prompt` is the whole input, as in GenAI; reasoning is part of
 * the completion count. Only LLM spans count: a span whose `openinference.span.kind` is another kind (CHAIN,
 * AGENT, ...) sums what ran below it and is an aggregate.
 */
import { attributeValue, countValue, hasPrefix } from "./attributes.ts";
import type { Dialect, UsageReading } from "./dialect.ts";
import { GEN_AI_PROVIDER_KEYS } from "./dialect_gen_ai.ts";
import type { Attributes } from "./model.ts";

const T = "llm.token_count.";

function tokens(attributes: Attributes): Record<string, unknown> {
  const given = (key: string): unknown => {
    const value = attributes.get(T + key);
    return value === undefined || value === null ? undefined : countValue(value);
  };
  const get = (key: string): unknown => given(key) ?? 0;
  return {
    // Left out when absent (a span with only llm.token_count.total): the event's validation then refuses it.
    input_tokens: given("prompt"),
    cache_read_tokens: get("prompt_details.cache_read"),
    cache_write_tokens: get("prompt_details.cache_write"),
    output_tokens: get("completion"),
    reasoning_tokens: get("completion_details.reasoning"),
  };
}

export const openInferenceDialect: Dialect = {
  name: "openinference",
  detects: (attributes) => hasPrefix(attributes, T),
  read: (attributes): UsageReading => {
    const kind = attributes.get("openinference.span.kind");
    return {
      dialect: "openinference",
      tokens: tokens(attributes),
      model: attributeValue(attributes, ["llm.model_name", "gen_ai.response.model", "gen_ai.request.model"]),
      provider: attributeValue(attributes, ["llm.provider", "llm.system", ...GEN_AI_PROVIDER_KEYS]),
      aggregate: typeof kind === "string" && kind.toUpperCase() !== "LLM",
    };
  },
};
