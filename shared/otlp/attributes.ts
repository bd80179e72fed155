/**
 * Reading span attributes: the first of several names that is present, counts, and the JSON text some
 * instrumentations put in a string attribute (Vercel AI SDK's `ai.response.providerMetadata`, Langfuse's
 * `langfuse.observation.usage_details`).
 */
import type { Attributes, AttributeValue } from "./model.ts";

/** The value of the first of `keys` that is present and not null, with its key; undefined when none is. */
export function firstAttribute(
  attributes: Attributes,
  keys: readonly string[],
): { key: string; value: AttributeValue } | undefined {
  for (const key of keys) {
    const value = attributes.get(key);
    if (value !== undefined && value !== null) return { key, value };
  }
  return undefined;
}

/** The value of the first of `keys` that is present, or undefined. */
export function attributeValue(attributes: Attributes, keys: readonly string[]): AttributeValue | undefined {
  return firstAttribute(attributes, keys)?.value;
}

/**
 * A count as the canonical event takes it: numbers as they are, a decimal integer string as its number
 * (some instrumentations send counts as strings); anything else is returned unchanged, for the event's
 * validation to refuse with its own message.
 */
export function countValue(value: unknown): unknown {
  if (typeof value === "string" && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return value;
}

/** Whether any attribute's key starts with `prefix`. */
export function hasPrefix(attributes: Attributes, prefix: string): boolean {
  for (const key of attributes.keys()) if (key.startsWith(prefix)) return true;
  return false;
}

/** An object attribute, or one whose value is the JSON text of an object; undefined otherwise. */
export function objectAttribute(value: AttributeValue | undefined): Record<string, unknown> | undefined {
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? parsed as Record<string, unknown>
    : undefined;
}

/** A string attribute, or a number written as text; undefined for anything else (or an empty string). */
export function labelValue(value: AttributeValue | undefined): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}
