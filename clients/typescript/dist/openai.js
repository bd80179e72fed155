/**
 * `wrapOpenAI`: records every Chat Completions and Responses call of an official `openai` client.
 *
 * Streams: Chat Completions sends usage only with `stream_options.include_usage`, so it is added when the
 * caller did not set it, and the extra last chunk (`choices: []` with `usage`) is then hidden from the
 * caller, as are the `usage: null` fields of the other chunks. Responses streams end with
 * `response.completed` (or `.incomplete` / `.failed`), whose `response.usage` is read.
 *
 * @module
 */
import { ChatStreamAssembler, ResponsesStreamAssembler } from "./stream_usage.js";
import { textMessages } from "./text_input.js";
import { wrapMethod } from "./wrap_call.js";
const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value) => typeof value === "string" && value !== "" ? value : undefined;
const readWhole = (response) => {
    if (!isObject(response))
        return {};
    const failed = response.object === "response" && response.status === "failed";
    const error = isObject(response.error) ? response.error : {};
    return {
        id: str(response.id),
        model: str(response.model),
        usage: isObject(response.usage) ? response.usage : undefined,
        errorType: failed ? str(error.code) ?? "failed" : undefined,
    };
};
/** Chat Completions (`chat.completions.create`). */
export const OPENAI_CHAT = {
    provider: "openai",
    prepareStream(params) {
        const options = isObject(params.stream_options) ? params.stream_options : {};
        const asked = options.include_usage === true;
        return {
            params: asked ? params : { ...params, stream_options: { ...options, include_usage: true } },
            assembler: new ChatStreamAssembler(!asked),
        };
    },
    readResponse: readWhole,
    inputText: (params) => ({ messages: textMessages(params.messages) }),
};
/** Responses (`responses.create`). */
export const OPENAI_RESPONSES = {
    provider: "openai",
    prepareStream: (params) => ({ params, assembler: new ResponsesStreamAssembler() }),
    readResponse: readWhole,
    inputText(params) {
        const instructions = typeof params.instructions === "string" && params.instructions !== ""
            ? [{ role: "system", content: params.instructions }]
            : [];
        if (typeof params.input === "string") {
            return { messages: [...instructions, { role: "user", content: params.input }] };
        }
        return { messages: [...instructions, ...textMessages(params.input)] };
    },
};
/**
 * Makes `client` record its Chat Completions and Responses calls (streamed or not, and the `.stream()` /
 * `.parse()` helpers built on them) through `core`; returns the same client, with the same type.
 */
export function wrapOpenAIClient(client, core, defaults) {
    const c = client;
    const chat = isObject(c.chat) ? c.chat : {};
    wrapMethod(chat.completions, "create", OPENAI_CHAT, core, defaults);
    wrapMethod(c.responses, "create", OPENAI_RESPONSES, core, defaults);
    return client;
}
