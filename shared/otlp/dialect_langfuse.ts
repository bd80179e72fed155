/**
 * Langfuse's own span attributes (langfuse.com/integrations/native/opentelemetry, "Property mapping"):
 * `langfuse.observation.usage_details` (a JSON object of usage types → counts, sent as its JSON text),
 * `langfuse.observation.model.name`, `langfuse.observation.type`.
 *
 * Cache rule: Langfuse's usage types are disjoint buckets whose sum is the total ("total" defaults to the
 * sum of all usage types; its OpenAI mapping subtracts `cached_tokens` from `input` into
 * `input_cached_tokens`, and Anthropic's `input_tokens` already excludes `cache_read_input_tokens` /
 * `cache_creation_input_tokens`). So input_tokens = `input` + every `input_*` and `cache_*_input_tokens`
 * bucket; cache reads are `input_cached_tokens` / `input_cache_read` / `cache_read_input_tokens`, writes
 * `input_cache_creation` / `input_cache_write` / `cache_creation_input_tokens`; output_tokens = `output` +
 * every `output_*` bucket, reasoning `output_reasoning_tokens` / `output_reasoning`. `total` is not read.
 * Observations of a type other than `generation` (a span, an event, an agent) are aggregates.
 */
import { attributeValue, countValue, objectAttribute } from "./attributes.ts";
import type { Dialect, UsageReading } from "./dialect.ts";
import { GEN_AI_PROVIDER_KEYS } from "./dialect_gen_ai.ts";
import type { Attributes } from "./model.ts";

/** The attribute that carries the usage details. */
export const LANGFUSE_USAGE_KEY = "langfuse.observation.usage_details";

const CACHE_READ = ["input_cached_tokens", "input_cache_read", "cache_read_input_tokens"];
const CACHE_WRITE = ["input_cache_creation", "input_cache_write", "cache_creation_input_tokens"];
const REASONING = ["output_reasoning_tokens", "output_reasoning"];

const isInput = (key: string): boolean =>
  key === "input" || key.startsWith("input_") || CACHE_READ.includes(key) || CACHE_WRITE.includes(key);
const isOutput = (key: string): boolean => key === "output" || key.startsWith("output_");

function tokens(attributes: Attributes): Record<string, unknown> {
  const details = objectAttribute(attributes.get(LANGFUSE_USAGE_KEY));
  if (!details) return { usage: attributes.get(LANGFUSE_USAGE_KEY) };
  const sum = (keys: string[]): unknown => {
    let total = 0;
    for (const key of keys) {
      const value = countValue(details[key]);
      if (typeof value !== "number") return value;
      total += value;
    }
    return total;
  };
  const keys = Object.keys(details).filter((key) => details[key] !== null && details[key] !== undefined);
  return {
    input_tokens: sum(keys.filter(isInput)),
    cache_read_tokens: sum(keys.filter((key) => CACHE_READ.includes(key))),
    cache_write_tokens: sum(keys.filter((key) => CACHE_WRITE.includes(key))),
    output_tokens: sum(keys.filter(isOutput)),
    reasoning_tokens: sum(keys.filter((key) => REASONING.includes(key))),
  };
}

export const langfuseDialect: Dialect = {
  name: "langfuse",
  detects: (attributes) => attributes.has(LANGFUSE_USAGE_KEY),
  read: (attributes): UsageReading => {
    const type = attributes.get("langfuse.observation.type");
    return {
      dialect: "langfuse",
      tokens: tokens(attributes),
      model: attributeValue(attributes, [
        "langfuse.observation.model.name",
        "gen_ai.response.model",
        "gen_ai.request.model",
      ]),
      provider: attributeValue(attributes, GEN_AI_PROVIDER_KEYS),
      aggregate: typeof type === "string" && type !== "generation",
    };
  },
};
