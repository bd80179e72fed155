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

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

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
export class ChatStreamAssembler implements StreamAssembler {
  #id?: string;
  #model?: string;
  #usage?: Json;
  #text = "";
  #finished = false;
  constructor(private readonly addedUsage: boolean) {}

  observe(chunk: unknown): void {
    if (!isObject(chunk)) return;
    this.#id ??= str(chunk.id);
    this.#model = str(chunk.model) ?? this.#model;
    if (isObject(chunk.usage)) this.#usage = chunk.usage;
    if (!Array.isArray(chunk.choices)) return;
    for (const choice of chunk.choices) {
      if (!isObject(choice)) continue;
      const delta = isObject(choice.delta) ? choice.delta : {};
      if (typeof delta.content === "string") this.#text += delta.content;
      if (typeof delta.refusal === "string") this.#text += delta.refusal;
      if (str(choice.finish_reason)) this.#finished = true;
    }
    // The caller did not ask for usage: what it sees is what the API sends without include_usage.
    if (this.addedUsage && chunk.usage === null) delete chunk.usage;
  }

  hides(chunk: unknown): boolean {
    return this.addedUsage && isObject(chunk) && isObject(chunk.usage) && Array.isArray(chunk.choices) &&
      chunk.choices.length === 0;
  }

  wantsTail(): boolean {
    return this.#finished && this.#usage === undefined;
  }

  summary(): StreamSummary {
    return {
      id: this.#id,
      model: this.#model,
      usage: this.#usage,
      text: this.#text,
      complete: this.#usage !== undefined,
    };
  }
}

const RESPONSE_ENDS = ["response.completed", "response.incomplete", "response.failed"];

/** OpenAI Responses stream events. */
export class ResponsesStreamAssembler implements StreamAssembler {
  #response?: Json;
  #final = false;
  #text = "";
  #errorType?: string;
  #contentDone = false;

  observe(event: unknown): void {
    if (!isObject(event)) return;
    const type = event.type;
    if (isObject(event.response) && (type === "response.created" || type === "response.in_progress")) {
      this.#response = event.response;
    } else if (typeof type === "string" && RESPONSE_ENDS.includes(type) && isObject(event.response)) {
      this.#response = event.response;
      this.#final = true;
      if (type === "response.failed") {
        const error = isObject(event.response.error) ? event.response.error : {};
        this.#errorType = str(error.code) ?? "failed";
      }
    } else if (type === "response.output_text.delta" && typeof event.delta === "string") {
      this.#text += event.delta;
    } else if (type === "response.output_text.done") {
      this.#contentDone = true;
    } else if (type === "error") {
      this.#errorType = str(event.code) ?? "error";
    }
  }

  hides(): boolean {
    return false;
  }

  wantsTail(): boolean {
    return this.#contentDone && !this.#final;
  }

  summary(): StreamSummary {
    const response = this.#response ?? {};
    return {
      id: str(response.id),
      model: str(response.model),
      usage: this.#final && isObject(response.usage) ? response.usage : undefined,
      text: this.#text,
      complete: this.#final,
      errorType: this.#errorType,
    };
  }
}

/** Anthropic Messages stream events. */
export class AnthropicStreamAssembler implements StreamAssembler {
  #id?: string;
  #model?: string;
  #usage?: Json;
  #text = "";
  #stopped = false;
  #delta = false;
  #errorType?: string;

  observe(event: unknown): void {
    if (!isObject(event)) return;
    switch (event.type) {
      case "message_start": {
        const message = isObject(event.message) ? event.message : {};
        this.#id = str(message.id) ?? this.#id;
        this.#model = str(message.model) ?? this.#model;
        if (isObject(message.usage)) this.#usage = { ...message.usage };
        break;
      }
      case "message_delta":
        this.#delta = true;
        if (isObject(event.usage)) {
          // Cumulative: each field present replaces the earlier value; absent or null ones stay.
          const present = Object.entries(event.usage).filter(([, value]) =>
            value !== null && value !== undefined
          );
          this.#usage = { ...this.#usage, ...Object.fromEntries(present) };
        }
        break;
      case "content_block_delta": {
        const delta = isObject(event.delta) ? event.delta : {};
        if (typeof delta.text === "string") this.#text += delta.text;
        break;
      }
      case "message_stop":
        this.#stopped = true;
        break;
      case "error": {
        const error = isObject(event.error) ? event.error : {};
        this.#errorType = str(error.type) ?? "error";
        break;
      }
    }
  }

  hides(): boolean {
    return false;
  }

  wantsTail(): boolean {
    return this.#delta && !this.#stopped;
  }

  summary(): StreamSummary {
    return {
      id: this.#id,
      model: this.#model,
      usage: this.#usage,
      text: this.#text,
      complete: this.#stopped,
      errorType: this.#errorType,
    };
  }
}
