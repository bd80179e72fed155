/**
 * One wrapped call's outcome, and the `ingest` event made from it: the provider's own usage object as
 * returned (ingest maps it onto the token columns: one implementation of that, server-side), the model that
 * served it, the latency, the error status, and the call's context. A stream that did not reach its
 * documented end is flagged in `metadata.stream_incomplete` (`cancelled` or `broken`); when it carried no
 * usage at all, the request's messages and the text received are sent for ingest to count (never stored).
 *
 * @module
 */
import type { StreamEnd } from "./observe_stream.js";
import type { CallContext, UsageEvent } from "./types.js";
/** What a wrapped call ended with. */
export interface CallOutcome {
    provider: "openai" | "anthropic";
    /** `model` of the request. */
    requestModel?: string;
    context: CallContext;
    startedAt: number;
    endedAt: number;
    /** The provider's response id. */
    id?: string;
    /** The model that served it (the response's), else the request's. */
    model?: string;
    usage?: Record<string, unknown>;
    /** The error's type (provider code or type, `http_<status>`, or the error's name). */
    errorType?: string;
    httpStatus?: number;
    /** For streams: how it ended. */
    streamEnd?: StreamEnd;
    /** For streams: ms from the call to the first event. */
    firstEventMs?: number;
    /** For streams without usage: the text to count. */
    text?: {
        messages?: {
            role: string;
            content: string;
        }[];
        input_text?: string;
        output_text: string;
    };
}
/** The fields every event gets from the client's options. */
export interface EventDefaults {
    app?: string;
    environment?: string;
    customerId?: string;
    source?: string;
}
/** The error type to record for a thrown SDK error. */
export declare function errorTypeOf(error: unknown): {
    errorType: string;
    httpStatus?: number;
};
/** The ingest event of an outcome. */
export declare function eventOf(outcome: CallOutcome, defaults: EventDefaults): UsageEvent;
