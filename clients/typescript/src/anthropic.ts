/**
 * `wrapAnthropic`: records every Messages call of an official `@anthropic-ai/sdk` client (`messages.create`,
 * streamed or not, and `messages.stream()`, which calls it; the same for `beta.messages`).
 *
 * Streams: `message_start` carries the input and cache usage; each `message_delta` carries the whole
 * message's usage so far (cumulative), so its fields REPLACE the earlier ones: never added (see
 * stream_usage.ts). The usage object is sent as the API reported it; ingest adds the cache fields to
 * `input_tokens` (Anthropic's `input_tokens` excludes them).
 *
 * @module
 */
import { AnthropicStreamAssembler } from "./stream_usage.ts";
import { contentText, textMessages } from "./text_input.ts";
import type { CallContext } from "./types.ts";
import { type ApiSpec, type RecorderCore, wrapMethod } from "./wrap_call.ts";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/** Messages (`messages.create`). */
export const ANTHROPIC_MESSAGES: ApiSpec = {
  provider: "anthropic",
  prepareStream: (params) => ({ params, assembler: new AnthropicStreamAssembler() }),
  readResponse(response) {
    if (!isObject(response)) return {};
    return {
      id: str(response.id),
      model: str(response.model),
      usage: isObject(response.usage) ? response.usage : undefined,
    };
  },
  inputText(params) {
    const system = contentText(params.system);
    return {
      messages: [...(system ? [{ role: "system", content: system }] : []), ...textMessages(params.messages)],
    };
  },
};

/** Makes `client` record its Messages calls through `core`; returns the same client, with the same type. */
export function wrapAnthropicClient<C extends object>(
  client: C,
  core: RecorderCore,
  defaults: CallContext,
): C {
  const c = client as unknown as Json;
  wrapMethod(c.messages, "create", ANTHROPIC_MESSAGES, core, defaults);
  const beta = isObject(c.beta) ? c.beta : {};
  wrapMethod(beta.messages, "create", ANTHROPIC_MESSAGES, core, defaults);
  return client;
}
