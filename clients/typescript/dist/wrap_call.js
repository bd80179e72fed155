/**
 * Replaces one SDK method (`create` of a resource instance) by one that records every call and returns
 * what the SDK returns: the SDK's own `APIPromise` (so `.withResponse()` and `.asResponse()` keep
 * working), resolving to the SDK's own response or `Stream` object. The SDKs' helpers (`.stream()`,
 * `.parse()`) call the same instance's `create`, so they are recorded too, once.
 *
 * - Non-streamed: recorded when the response is parsed (when the caller awaits it); a failure (429, 5xx,
 *   network, after the SDK's own retries) is recorded from the request, without reading the body.
 * - Streamed: the `Stream` is watched (observe_stream.ts) and recorded when it ends.
 * - With budgets enforced, the call's budgets are checked first; an exceeded, enforced one throws
 *   {@link BudgetExceededError} and the provider is never called (the promise then lacks nothing a caller
 *   awaits: `.withResponse()` and `.asResponse()` reject the same way).
 *
 * @module
 */
import { mergeContext, splitContext } from "./context.js";
import { errorTypeOf } from "./call_outcome.js";
import { observeStream } from "./observe_stream.js";
const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const WRAPPED = Symbol.for("@tokenwatch/client.wrapped");
/** `then` over an SDK promise, keeping the SDK's promise type where it offers `_thenUnwrap`. */
function mapResult(promise, transform) {
    if (typeof promise._thenUnwrap === "function")
        return promise._thenUnwrap(transform);
    return Promise.resolve(promise).then((data) => transform(data));
}
/** A promise of the SDK call `boxed` will hold (once budgets allowed it), with the SDK promise's methods. */
function deferredCall(boxed) {
    const result = boxed.then(({ call }) => call);
    result.catch(() => { }); // a caller that uses only .withResponse() must not leave this one unhandled
    result.withResponse = () => boxed.then(({ call }) => call.withResponse?.() ?? call);
    result.asResponse = () => boxed.then(({ call }) => call.asResponse?.() ?? call);
    result._thenUnwrap = (transform) => deferredCall(boxed.then(({ call }) => ({ call: mapResult(call, transform) })));
    return result;
}
/** Wraps `resource[method]` in place (once; a second wrap is a no-op). */
export function wrapMethod(resource, method, spec, core, defaults) {
    if (!isObject(resource))
        return;
    const original = resource[method];
    if (typeof original !== "function" || original[WRAPPED])
        return;
    const call = function (rawParams, ...rest) {
        const split = splitContext(rawParams);
        const context = mergeContext(defaults, split.context);
        const params = isObject(split.params) ? split.params : {};
        const requestModel = typeof params.model === "string" ? params.model : undefined;
        const streamed = params.stream === true;
        const prepared = streamed ? spec.prepareStream(params) : undefined;
        const sent = prepared ? prepared.params : split.params;
        let startedAt = core.now();
        const base = () => ({
            provider: spec.provider,
            requestModel,
            context,
            startedAt,
        });
        const recordFailure = (error) => {
            core.record({ ...base(), endedAt: core.now(), ...errorTypeOf(error) });
        };
        const onResponse = (data) => {
            try {
                if (prepared) {
                    let firstEventMs;
                    const assembler = prepared.assembler;
                    const timing = {
                        observe: (item) => {
                            firstEventMs ??= core.now() - startedAt;
                            assembler.observe(item);
                        },
                        hides: (item) => assembler.hides(item),
                        wantsTail: () => assembler.wantsTail(),
                        summary: () => assembler.summary(),
                    };
                    return observeStream(data, timing, (summary, end, error) => {
                        const failure = end === "broken" && error !== undefined ? errorTypeOf(error) : {};
                        const outcome = {
                            ...base(),
                            endedAt: core.now(),
                            id: summary.id,
                            model: summary.model,
                            usage: summary.usage,
                            streamEnd: end,
                            firstEventMs,
                            ...failure,
                        };
                        if (summary.errorType)
                            outcome.errorType = summary.errorType;
                        if (!summary.usage && core.countTextWithoutUsage) {
                            outcome.text = { ...spec.inputText(params), output_text: summary.text };
                        }
                        core.record(outcome);
                    });
                }
                core.record({ ...base(), endedAt: core.now(), ...spec.readResponse(data) });
            }
            catch {
                // Recording must never break the caller's call.
            }
            return data;
        };
        const start = () => {
            startedAt = core.now();
            const promise = original.call(this, sent, ...rest);
            const failed = typeof promise.asResponse === "function"
                ? promise.asResponse()
                : Promise.resolve(promise);
            failed.then(undefined, recordFailure);
            return mapResult(promise, onResponse);
        };
        if (!core.enforces(context))
            return start();
        return deferredCall(core.checkCallBudgets(context, requestModel).then(() => ({ call: start() })));
    };
    call[WRAPPED] = true;
    resource[method] = call;
}
