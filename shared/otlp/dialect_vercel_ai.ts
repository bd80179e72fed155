/**
 * The Vercel AI SDK's telemetry (`experimental_telemetry: { isEnabled: true }`; ai-sdk.dev/docs/ai-sdk-core/telemetry):
 * `ai.usage.*`, `ai.model.id`, `ai.model.provider`, `ai.response.model`, `ai.response.providerMetadata`.
 *
 * Whether cache tokens are inside `ai.usage.inputTokens` depends on the SDK's usage type:
 * - AI SDK 6 (`LanguageModelV3Usage`): `inputTokens` is the total, `ai.usage.inputTokenDetails.noCacheTokens` +
 *   `.cacheReadTokens` + `.cacheWriteTokens` its parts (ai 6.0.x, generate-text.ts sets all of them on the
 *   `ai.generateText.doGenerate` span); `ai.usage.outputTokenDetails.reasoningTokens` is part of `outputTokens`.
 *   With only the parts, input is their sum.
 * - AI SDK 5 (`LanguageModelV2Usage`): `inputTokens` with `cachedInputTokens` as its part, as the OpenAI
 *   provider reports it (prompt_tokens includes cached_tokens) — except that @ai-sdk/anthropic 2.x reports
 *   Anthropic's own `input_tokens`, which EXCLUDES the cache, with the cache write only in
 *   `providerMetadata.anthropic.cacheCreationInputTokens`: for such spans input = inputTokens +
 *   cachedInputTokens + cacheCreationInputTokens.
 * - AI SDK 4: `ai.usage.promptTokens` / `completionTokens`, with Anthropic's cache in
 *   `providerMetadata.anthropic.{cacheReadInputTokens, cacheCreationInputTokens}`, outside promptTokens.
 * - Embeddings: `ai.usage.tokens` (input only).
 *
 * The outer spans (`ai.operationId` `ai.generateText`, `ai.streamText`, `ai.generateObject`, ...) carry the
 * sum of their steps and are aggregates: only the `….doGenerate` / `….doStream` / `….doEmbed` spans are LLM
 * calls, also when the outer span arrives in another export request. Model: `ai.response.model`, then
 * `gen_ai.response.model`, then `ai.model.id`; provider: `ai.model.provider` up to its first dot
 * (`openai.chat` → `openai`), then the GenAI provider attributes.
 */
import { attributeValue, countValue, hasPrefix, objectAttribute } from "./attributes.ts";
import type { Dialect, UsageReading } from "./dialect.ts";
import { GEN_AI_PROVIDER_KEYS } from "./dialect_gen_ai.ts";
import type { Attributes } from "./model.ts";

const U = "ai.usage.";

/** Whether the span is one of the SDK's outer operations (which sum their provider calls). */
export function isVercelAggregate(attributes: Attributes): boolean {
  const operation = attributes.get("ai.operationId");
  return typeof operation === "string" && operation.startsWith("ai.") && !operation.includes(".do");
}

const present = (value: unknown): boolean => value !== undefined && value !== null;

function tokens(attributes: Attributes): Record<string, unknown> {
  const get = (key: string): unknown => {
    const value = attributes.get(U + key);
    return present(value) ? countValue(value) : undefined;
  };
  const anthropic = objectAttribute(attributes.get("ai.response.providerMetadata"))?.anthropic;
  const anthropicMeta = typeof anthropic === "object" && anthropic !== null
    ? anthropic as Record<string, unknown>
    : undefined;
  const add = (...parts: unknown[]): unknown =>
    parts.every((p) => p === undefined || typeof p === "number")
      ? parts.reduce<number>((sum, p) => sum + ((p as number | undefined) ?? 0), 0)
      : parts.find((p) => p !== undefined && typeof p !== "number");

  const noCache = get("inputTokenDetails.noCacheTokens");
  const cacheRead = get("inputTokenDetails.cacheReadTokens");
  const cacheWrite = get("inputTokenDetails.cacheWriteTokens");
  const output = get("outputTokens") ?? get("completionTokens") ?? 0;
  const reasoning = get("outputTokenDetails.reasoningTokens") ?? get("reasoningTokens");
  if (present(noCache) || present(cacheRead) || present(cacheWrite)) {
    // AI SDK 6: the total and its parts.
    return {
      input_tokens: get("inputTokens") ?? add(noCache, cacheRead, cacheWrite),
      cache_read_tokens: cacheRead ?? 0,
      cache_write_tokens: cacheWrite ?? 0,
      output_tokens: output,
      reasoning_tokens: reasoning ?? 0,
    };
  }
  const cached = get("cachedInputTokens") ?? countValue(anthropicMeta?.cacheReadInputTokens);
  const created = countValue(anthropicMeta?.cacheCreationInputTokens);
  // Left out when absent (only ai.usage.totalTokens): the event's validation then refuses the span.
  const input = get("inputTokens") ?? get("promptTokens") ?? get("tokens");
  return {
    // Anthropic's input excludes its cache (see above); every other provider's includes it.
    input_tokens: anthropicMeta && input !== undefined
      ? add(input, cached ?? undefined, created ?? undefined)
      : input,
    cache_read_tokens: cached ?? 0,
    cache_write_tokens: anthropicMeta ? created ?? 0 : 0,
    output_tokens: output,
    reasoning_tokens: reasoning ?? 0,
  };
}

function provider(attributes: Attributes): unknown {
  const named = attributes.get("ai.model.provider");
  if (typeof named === "string" && named !== "") return named.split(".")[0];
  return attributeValue(attributes, GEN_AI_PROVIDER_KEYS);
}

export const vercelAiDialect: Dialect = {
  name: "vercel_ai",
  detects: (attributes) => hasPrefix(attributes, U),
  read: (attributes): UsageReading => ({
    dialect: "vercel_ai",
    tokens: tokens(attributes),
    model: attributeValue(attributes, ["ai.response.model", "gen_ai.response.model", "ai.model.id"]),
    provider: provider(attributes) as UsageReading["provider"],
    aggregate: isVercelAggregate(attributes),
  }),
};
