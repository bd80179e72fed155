/**
 * A request's input as plain text messages, for ingest to count when a stream ended without the
 * provider's usage (see call_outcome.ts). Text parts are kept; images, files and tool payloads are not text
 * and are left out.
 *
 * @module
 */

type Json = Record<string, unknown>;
/** A message as ingest counts it. */
export interface TextMessage {
  role: string;
  content: string;
}

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The text of a content value: a string, or the `text` of each part of an array. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (isObject(part) && typeof part.text === "string" ? part.text : ""))
    .filter((text) => text !== "")
    .join("\n");
}

/** Messages with a string role, as text messages. */
export function textMessages(messages: unknown): TextMessage[] {
  if (!Array.isArray(messages)) return [];
  return messages.filter((m): m is Json => isObject(m) && typeof m.role === "string").map((m) => ({
    role: m.role as string,
    content: contentText(m.content),
  }));
}
