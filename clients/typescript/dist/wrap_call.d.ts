import { type CallOutcome } from "./call_outcome.js";
import type { StreamAssembler } from "./stream_usage.js";
import type { CallContext } from "./types.js";
/** What the wrappers need from the client (see tokenwatch.ts). */
export interface RecorderCore {
    now(): number;
    record(outcome: CallOutcome): void;
    /** Whether this call's budgets must be checked first. */
    enforces(context: CallContext): boolean;
    /** Resolves when the call may go ahead; rejects with BudgetExceededError when it may not. */
    checkCallBudgets(context: CallContext, model: string | undefined): Promise<void>;
    countTextWithoutUsage: boolean;
}
/** How one API's calls are read. */
export interface ApiSpec {
    provider: "openai" | "anthropic";
    /** The params to send for a stream (e.g. with include_usage added) and its assembler. */
    prepareStream(params: Record<string, unknown>): {
        params: Record<string, unknown>;
        assembler: StreamAssembler;
    };
    /** Id, model, usage and failure of a whole (non-streamed) response. */
    readResponse(response: unknown): {
        id?: string;
        model?: string;
        usage?: Record<string, unknown>;
        errorType?: string;
    };
    /** The request's input as text, for ingest to count when a stream brought no usage. */
    inputText(params: Record<string, unknown>): {
        messages?: {
            role: string;
            content: string;
        }[];
        input_text?: string;
    };
}
/** Wraps `resource[method]` in place (once; a second wrap is a no-op). */
export declare function wrapMethod(resource: unknown, method: string, spec: ApiSpec, core: RecorderCore, defaults: CallContext): void;
