/**
 * What a stream carried, assembled event by event, for each streamed API (the shapes as documented):
 *
 * - OpenAI Chat Completions (`chat.completion.chunk`): with `stream_options.include_usage` the last chunk
 *   has `choices: []` and the whole request's `usage`; every other chunk has `usage: null`.
 * - OpenAI Responses: `response.created` / `response.in_progress` carry the response so far;
 *   `response.completed`, `response.incomplete` or `response.failed` carry it whole, `usage` included.
 * - Anthropic Messages: `message_start` carries `message.usage` (input and cache tokens, output so far);
 *   each `message_delta` carries CUMULATIVE usage for the whole message: every field it has REPLACES the
 *   one before (adding them counts the tokens twice); `message_stop` ends it.
 *
 * @module
 */
type Json = Record<string, unknown>;
/** What a stream carried so far. */
export interface StreamSummary {
    /** The response id, when a chunk carried one. */
    id?: string;
    /** The model that served it, when a chunk said. */
    model?: string;
    /** The provider's usage object as the stream reported it (the last report, whole). */
    usage?: Json;
    /** The text received (output deltas concatenated). */
    text: string;
    /** The stream reached its documented end. */
    complete: boolean;
    /** The provider reported the request failed (Responses `response.failed`, an error event). */
    errorType?: string;
}
/** Reads one streamed API's events into a {@link StreamSummary}. */
export interface StreamAssembler {
    observe(item: unknown): void;
    /** Whether the caller must not see this item (a usage chunk only Tokenwatch asked for). */
    hides(item: unknown): boolean;
    /** The content is done but the end (with usage) is still to come: worth reading on a caller's break. */
    wantsTail(): boolean;
    summary(): StreamSummary;
}
/** OpenAI Chat Completions chunks. `addedUsage`: include_usage was set by Tokenwatch, not the caller. */
export declare class ChatStreamAssembler implements StreamAssembler {
    #private;
    private readonly addedUsage;
    constructor(addedUsage: boolean);
    observe(chunk: unknown): void;
    hides(chunk: unknown): boolean;
    wantsTail(): boolean;
    summary(): StreamSummary;
}
/** OpenAI Responses stream events. */
export declare class ResponsesStreamAssembler implements StreamAssembler {
    #private;
    observe(event: unknown): void;
    hides(): boolean;
    wantsTail(): boolean;
    summary(): StreamSummary;
}
/** Anthropic Messages stream events. */
export declare class AnthropicStreamAssembler implements StreamAssembler {
    #private;
    observe(event: unknown): void;
    hides(): boolean;
    wantsTail(): boolean;
    summary(): StreamSummary;
}
export {};
