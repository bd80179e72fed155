import type { CallContext } from "./types.js";
import { type ApiSpec, type RecorderCore } from "./wrap_call.js";
/** Messages (`messages.create`). */
export declare const ANTHROPIC_MESSAGES: ApiSpec;
/** Makes `client` record its Messages calls through `core`; returns the same client, with the same type. */
export declare function wrapAnthropicClient<C extends object>(client: C, core: RecorderCore, defaults: CallContext): C;
