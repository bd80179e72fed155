/**
 * A request's input as plain text messages, for ingest to count when a stream ended without the
 * provider's usage (see call_outcome.ts). Text parts are kept; images, files and tool payloads are not text
 * and are left out.
 *
 * @module
 */
/** A message as ingest counts it. */
export interface TextMessage {
    role: string;
    content: string;
}
/** The text of a content value: a string, or the `text` of each part of an array. */
export declare function contentText(content: unknown): string;
/** Messages with a string role, as text messages. */
export declare function textMessages(messages: unknown): TextMessage[];
