/**
 * Recognises a whole provider response object, as the provider's SDK returns it, and turns it into an
 * event for `ingest`: `request_id` from the response id, `model`, `provider`, `usage` as returned, and the
 * time and failure status where the response carries them. Only metadata is read; the text never leaves.
 */
import type { IncomingEvent } from "../usage/event_schema.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (
  value: unknown,
): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const fromUnixSeconds = (value: unknown): string | undefined =>
  typeof value === "number" && Number.isFinite(value) ? new Date(value * 1000).toISOString() : undefined;

/** Drops undefined values so that the event carries only what the response had. */
const compact = (event: Record<string, unknown>): IncomingEvent =>
  Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined)) as IncomingEvent;

/**
 * The event for an OpenAI Chat Completions response (`object: "chat.completion"`, or the last streamed
 * chunk that carries `usage`), an OpenAI Responses response (`object: "response"`), an Anthropic message
 * (`type: "message"`) or a Gemini `GenerateContentResponse` (`usageMetadata`); null for anything else.
 */
export function fromProviderResponse(response: unknown): IncomingEvent | null {
  if (!isObject(response)) return null;
  const { object, type } = response;
  if (object === "chat.completion" || object === "chat.completion.chunk") {
    return compact({
      request_id: str(response.id),
      provider: "openai",
      model: str(response.model),
      occurred_at: fromUnixSeconds(response.created),
      usage: response.usage ?? undefined,
    });
  }
  if (object === "response") {
    const failed = response.status === "failed";
    const error = isObject(response.error) ? response.error : {};
    return compact({
      request_id: str(response.id),
      provider: "openai",
      model: str(response.model),
      occurred_at: fromUnixSeconds(response.created_at),
      usage: response.usage ?? undefined,
      status: failed ? "error" : undefined,
      error_type: failed ? str(error.code) ?? "failed" : undefined,
    });
  }
  if (type === "message" && isObject(response.usage)) {
    return compact({
      request_id: str(response.id),
      provider: "anthropic",
      model: str(response.model),
      usage: response.usage,
    });
  }
  if (isObject(response.usageMetadata)) {
    return compact({
      request_id: str(response.responseId),
      provider: "google",
      model: str(response.modelVersion),
      usage: response.usageMetadata,
    });
  }
  return null;
}
