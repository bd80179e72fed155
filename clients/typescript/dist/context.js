/** The key the context travels under (`Symbol.for`, so that two copies of this package agree). */
export const TOKENWATCH_CONTEXT = Symbol.for("@tokenwatch/client.context");
/**
 * Returns a copy of `params` carrying `context` for Tokenwatch; the type is `params`' own, so the SDK's
 * types check the call as usual:
 *
 * ```ts
 * await openai.chat.completions.create(withTokenwatch({ model, messages }, { user: "u1" }));
 * ```
 */
export function withTokenwatch(params, context) {
    return { ...params, [TOKENWATCH_CONTEXT]: context };
}
const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
/** The params without Tokenwatch's context, and the context (the symbol's first, then `tokenwatch`). */
export function splitContext(params) {
    if (!isObject(params))
        return { params, context: {} };
    const bySymbol = params[TOKENWATCH_CONTEXT];
    const byKey = params.tokenwatch;
    if (bySymbol === undefined && byKey === undefined)
        return { params, context: {} };
    const clean = { ...params };
    delete clean[TOKENWATCH_CONTEXT];
    delete clean.tokenwatch;
    const context = {
        ...(isObject(byKey) ? byKey : {}),
        ...(isObject(bySymbol) ? bySymbol : {}),
    };
    return { params: clean, context };
}
/** `over` on top of `base`; metadata objects are merged key by key. */
export function mergeContext(base, over) {
    const merged = { ...base, ...over };
    if (base.metadata || over.metadata)
        merged.metadata = { ...base.metadata, ...over.metadata };
    return merged;
}
