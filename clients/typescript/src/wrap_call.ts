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
import { mergeContext, splitContext } from "./context.ts";
import { type CallOutcome, errorTypeOf } from "./call_outcome.ts";
import { observeStream } from "./observe_stream.ts";
import type { StreamAssembler } from "./stream_usage.ts";
import type { CallContext } from "./types.ts";

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
  prepareStream(
    params: Record<string, unknown>,
  ): { params: Record<string, unknown>; assembler: StreamAssembler };
  /** Id, model, usage and failure of a whole (non-streamed) response. */
  readResponse(
    response: unknown,
  ): { id?: string; model?: string; usage?: Record<string, unknown>; errorType?: string };
  /** The request's input as text, for ingest to count when a stream brought no usage. */
  inputText(
    params: Record<string, unknown>,
  ): { messages?: { role: string; content: string }[]; input_text?: string };
}

interface ApiPromiseLike {
  then: PromiseLike<unknown>["then"];
  asResponse?: () => Promise<unknown>;
  withResponse?: () => Promise<unknown>;
  _thenUnwrap?: (transform: (data: unknown, props: unknown) => unknown) => ApiPromiseLike;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const WRAPPED = Symbol.for("@tokenwatch/client.wrapped");

type Transform = (data: unknown, props?: unknown) => unknown;

/** `then` over an SDK promise, keeping the SDK's promise type where it offers `_thenUnwrap`. */
function mapResult(promise: ApiPromiseLike, transform: Transform): ApiPromiseLike {
  if (typeof promise._thenUnwrap === "function") return promise._thenUnwrap(transform);
  return Promise.resolve(promise).then((data) => transform(data)) as unknown as ApiPromiseLike;
}

/** A promise of the SDK call `boxed` will hold (once budgets allowed it), with the SDK promise's methods. */
function deferredCall(boxed: Promise<{ call: ApiPromiseLike }>): ApiPromiseLike {
  const result = boxed.then(({ call }) => call) as Promise<unknown> & Record<string, unknown>;
  result.catch(() => {}); // a caller that uses only .withResponse() must not leave this one unhandled
  result.withResponse = () => boxed.then(({ call }) => call.withResponse?.() ?? call);
  result.asResponse = () => boxed.then(({ call }) => call.asResponse?.() ?? call);
  result._thenUnwrap = (transform: Transform) =>
    deferredCall(boxed.then(({ call }) => ({ call: mapResult(call, transform) })));
  return result as unknown as ApiPromiseLike;
}

/** Wraps `resource[method]` in place (once; a second wrap is a no-op). */
export function wrapMethod(
  resource: unknown,
  method: string,
  spec: ApiSpec,
  core: RecorderCore,
  defaults: CallContext,
): void {
  if (!isObject(resource)) return;
  const original = resource[method];
  if (typeof original !== "function" || (original as unknown as Record<symbol, unknown>)[WRAPPED]) return;

  const call = function (this: unknown, rawParams: unknown, ...rest: unknown[]): unknown {
    const split = splitContext(rawParams);
    const context = mergeContext(defaults, split.context);
    const params = isObject(split.params) ? split.params : {};
    const requestModel = typeof params.model === "string" ? params.model : undefined;
    const streamed = params.stream === true;
    const prepared = streamed ? spec.prepareStream(params) : undefined;
    const sent = prepared ? prepared.params : split.params;

    let startedAt = core.now();
    const base = (): Pick<CallOutcome, "provider" | "requestModel" | "context" | "startedAt"> => ({
      provider: spec.provider,
      requestModel,
      context,
      startedAt,
    });
    const recordFailure = (error: unknown): void => {
      core.record({ ...base(), endedAt: core.now(), ...errorTypeOf(error) });
    };
    const onResponse = (data: unknown): unknown => {
      try {
        if (prepared) {
          let firstEventMs: number | undefined;
          const assembler = prepared.assembler;
          const timing: StreamAssembler = {
            observe: (item) => {
              firstEventMs ??= core.now() - startedAt;
              assembler.observe(item);
            },
            hides: (item) => assembler.hides(item),
            wantsTail: () => assembler.wantsTail(),
            summary: () => assembler.summary(),
          };
          return observeStream(data as object, timing, (summary, end, error) => {
            const failure = end === "broken" && error !== undefined ? errorTypeOf(error) : {};
            const outcome: CallOutcome = {
              ...base(),
              endedAt: core.now(),
              id: summary.id,
              model: summary.model,
              usage: summary.usage,
              streamEnd: end,
              firstEventMs,
              ...failure,
            };
            if (summary.errorType) outcome.errorType = summary.errorType;
            if (!summary.usage && core.countTextWithoutUsage) {
              outcome.text = { ...spec.inputText(params), output_text: summary.text };
            }
            core.record(outcome);
          });
        }
        core.record({ ...base(), endedAt: core.now(), ...spec.readResponse(data) });
      } catch {
        // Recording must never break the caller's call.
      }
      return data;
    };
    const start = (): ApiPromiseLike => {
      startedAt = core.now();
      const promise = (original as (...args: unknown[]) => ApiPromiseLike).call(this, sent, ...rest);
      const failed = typeof promise.asResponse === "function"
        ? promise.asResponse()
        : Promise.resolve(promise);
      failed.then(undefined, recordFailure);
      return mapResult(promise, onResponse);
    };
    if (!core.enforces(context)) return start();
    return deferredCall(core.checkCallBudgets(context, requestModel).then(() => ({ call: start() })));
  };
  (call as unknown as Record<symbol, unknown>)[WRAPPED] = true;
  resource[method] = call;
}
