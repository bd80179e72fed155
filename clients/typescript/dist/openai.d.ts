import type { CallContext } from "./types.js";
import { type ApiSpec, type RecorderCore } from "./wrap_call.js";
/** Chat Completions (`chat.completions.create`). */
export declare const OPENAI_CHAT: ApiSpec;
/** Responses (`responses.create`). */
export declare const OPENAI_RESPONSES: ApiSpec;
/**
 * Makes `client` record its Chat Completions and Responses calls (streamed or not, and the `.stream()` /
 * `.parse()` helpers built on them) through `core`; returns the same client, with the same type.
 */
export declare function wrapOpenAIClient<C extends object>(client: C, core: RecorderCore, defaults: CallContext): C;
