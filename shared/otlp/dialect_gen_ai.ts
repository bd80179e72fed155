/**
 * OpenTelemetry GenAI semantic conventions (`gen_ai.*`; opentelemetry.io/docs/specs/semconv/gen-ai/): the
 * `gen_ai.usage.*` attributes are handed to ingest as a `usage` object and mapped by
 * shared/usage/provider_usage.ts (the one implementation of the rule: `gen_ai.usage.input_tokens` counts all
 * input, cache reads `gen_ai.usage.cache_read.input_tokens` and writes `gen_ai.usage.cache_creation.input_tokens`
 * included, "SHOULD include all types of input tokens, including cached tokens"; the legacy
 * `gen_ai.usage.prompt_tokens` / `completion_tokens` are read too). Model: `gen_ai.response.model`, then
 * `gen_ai.request.model`; provider: `gen_ai.provider.name` (semconv 1.37+), then `gen_ai.system`.
 */
import { attributeValue, countValue, hasPrefix } from "./attributes.ts";
import type { Dialect, UsageReading } from "./dialect.ts";
import type { Attributes } from "./model.ts";

/** The GenAI model attributes, response model first. */
export const GEN_AI_MODEL_KEYS = ["gen_ai.response.model", "gen_ai.request.model"] as const;
/** The GenAI provider attributes, current name first. */
export const GEN_AI_PROVIDER_KEYS = ["gen_ai.provider.name", "gen_ai.system"] as const;

/** The `gen_ai.usage.*` attributes as a usage object for provider_usage.ts. */
export function genAiUsage(attributes: Attributes): Record<string, unknown> {
  const usage: Record<string, unknown> = {};
  for (const [key, value] of attributes) if (key.startsWith("gen_ai.usage.")) usage[key] = countValue(value);
  return usage;
}

export const genAiDialect: Dialect = {
  name: "gen_ai",
  detects: (attributes) => hasPrefix(attributes, "gen_ai.usage."),
  read: (attributes): UsageReading => ({
    dialect: "gen_ai",
    tokens: { usage: genAiUsage(attributes) },
    model: attributeValue(attributes, GEN_AI_MODEL_KEYS),
    provider: attributeValue(attributes, GEN_AI_PROVIDER_KEYS),
    aggregate: false,
  }),
};
