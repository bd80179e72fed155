/**
 * Passing a {@link CallContext} with one SDK call without changing the SDK's own types: the params object
 * carries it under a symbol ({@link withTokenwatch}), or, for plain JavaScript, under a `tokenwatch` key.
 * Both are removed before the params reach the SDK. A symbol survives the SDKs' own `{...params}` copies
 * (object spread copies symbol keys) and is never serialised (JSON.stringify skips symbol keys).
 *
 * @module
 */
import type { CallContext } from "./types.ts";

/** The key the context travels under (`Symbol.for`, so that two copies of this package agree). */
export const TOKENWATCH_CONTEXT: unique symbol = Symbol.for("@tokenwatch/client.context") as never;

/**
 * Returns a copy of `params` carrying `context` for Tokenwatch; the type is `params`' own, so the SDK's
 * types check the call as usual:
 *
 * ```ts
 * await openai.chat.completions.create(withTokenwatch({ model, messages }, { user: "u1" }));
 * ```
 */
export function withTokenwatch<T extends object>(params: T, context: CallContext): T {
  return { ...params, [TOKENWATCH_CONTEXT]: context };
}

const isObject = (value: unknown): value is Record<string | symbol, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The params without Tokenwatch's context, and the context (the symbol's first, then `tokenwatch`). */
export function splitContext<T>(params: T): { params: T; context: CallContext } {
  if (!isObject(params)) return { params, context: {} };
  const bySymbol = params[TOKENWATCH_CONTEXT];
  const byKey = params.tokenwatch;
  if (bySymbol === undefined && byKey === undefined) return { params, context: {} };
  const clean: Record<string | symbol, unknown> = { ...params };
  delete clean[TOKENWATCH_CONTEXT];
  delete clean.tokenwatch;
  const context = {
    ...(isObject(byKey) ? byKey : {}),
    ...(isObject(bySymbol) ? bySymbol : {}),
  } as CallContext;
  return { params: clean as T, context };
}

/** `over` on top of `base`; metadata objects are merged key by key. */
export function mergeContext(base: CallContext, over: CallContext): CallContext {
  const merged: CallContext = { ...base, ...over };
  if (base.metadata || over.metadata) merged.metadata = { ...base.metadata, ...over.metadata };
  return merged;
}
