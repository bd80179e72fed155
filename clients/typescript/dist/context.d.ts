/**
 * Passing a {@link CallContext} with one SDK call without changing the SDK's own types: the params object
 * carries it under a symbol ({@link withTokenwatch}), or, for plain JavaScript, under a `tokenwatch` key.
 * Both are removed before the params reach the SDK. A symbol survives the SDKs' own `{...params}` copies
 * (object spread copies symbol keys) and is never serialised (JSON.stringify skips symbol keys).
 *
 * @module
 */
import type { CallContext } from "./types.js";
/** The key the context travels under (`Symbol.for`, so that two copies of this package agree). */
export declare const TOKENWATCH_CONTEXT: unique symbol;
/**
 * Returns a copy of `params` carrying `context` for Tokenwatch; the type is `params`' own, so the SDK's
 * types check the call as usual:
 *
 * ```ts
 * await openai.chat.completions.create(withTokenwatch({ model, messages }, { user: "u1" }));
 * ```
 */
export declare function withTokenwatch<T extends object>(params: T, context: CallContext): T;
/** The params without Tokenwatch's context, and the context (the symbol's first, then `tokenwatch`). */
export declare function splitContext<T>(params: T): {
    params: T;
    context: CallContext;
};
/** `over` on top of `base`; metadata objects are merged key by key. */
export declare function mergeContext(base: CallContext, over: CallContext): CallContext;
