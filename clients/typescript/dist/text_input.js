/**
 * A request's input as plain text messages, for ingest to count when a stream ended without the
 * provider's usage (see call_outcome.ts). Text parts are kept; images, files and tool payloads are not text
 * and are left out.
 *
 * @module
 */
const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
/** The text of a content value: a string, or the `text` of each part of an array. */
export function contentText(content) {
    if (typeof content === "string")
        return content;
    if (!Array.isArray(content))
        return "";
    return content
        .map((part) => (isObject(part) && typeof part.text === "string" ? part.text : ""))
        .filter((text) => text !== "")
        .join("\n");
}
/** Messages with a string role, as text messages. */
export function textMessages(messages) {
    if (!Array.isArray(messages))
        return [];
    return messages.filter((m) => isObject(m) && typeof m.role === "string").map((m) => ({
        role: m.role,
        content: contentText(m.content),
    }));
}
