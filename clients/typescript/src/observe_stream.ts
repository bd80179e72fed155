/**
 * Watches an SDK stream (the `Stream` both official SDKs return for `stream: true`) as the caller reads
 * it, without changing what it is: the same object comes back, with its event iterator replaced by one
 * that feeds a {@link StreamAssembler}, hides what the assembler says to hide, and reports once how the
 * stream ended: `complete` (its documented end was read), `cancelled` (the caller stopped reading: `break`,
 * `return`, an abort) or `broken` (an error, or the connection ended before the documented end).
 *
 * Both SDKs build every way of reading a stream (`for await`, `tee()`, `toReadableStream()`) on the
 * instance's `iterator` function, so that is what is replaced; where it is missing, the instance's
 * `Symbol.asyncIterator` is.
 *
 * @module
 */
import type { StreamAssembler, StreamSummary } from "./stream_usage.ts";

/** How a stream ended. */
export type StreamEnd = "complete" | "cancelled" | "broken";

/** The most events read after a caller's `break` to reach the usage the stream still owes (see wantsTail). */
const MAX_TAIL_EVENTS = 16;

const isAbort = (error: unknown): boolean => {
  const name = (error as { name?: unknown } | null)?.name;
  return name === "AbortError" || name === "APIUserAbortError";
};

/** Replaces the stream's iterator; `onEnd` is called once, with the summary and how it ended. */
export function observeStream<S extends object>(
  stream: S,
  assembler: StreamAssembler,
  onEnd: (summary: StreamSummary, end: StreamEnd, error?: unknown) => void,
): S {
  const target = stream as unknown as Record<string | symbol, unknown>;
  const useIteratorField = typeof target.iterator === "function";
  const original = useIteratorField
    ? (target.iterator as () => AsyncIterator<unknown>)
    : (target[Symbol.asyncIterator] as (() => AsyncIterator<unknown>) | undefined)?.bind(stream);
  if (!original) return stream;

  const watched = (): AsyncIterator<unknown> => {
    const inner = original();
    let ended = false;
    const end = (kind: StreamEnd, error?: unknown): void => {
      if (ended) return;
      ended = true;
      const summary = assembler.summary();
      try {
        onEnd(summary, kind === "complete" || summary.complete ? "complete" : kind, error);
      } catch {
        // Recording must never break the caller's stream.
      }
    };
    return {
      async next(): Promise<IteratorResult<unknown>> {
        try {
          for (;;) {
            const result = await inner.next();
            if (result.done) {
              end(assembler.summary().complete ? "complete" : "broken");
              return result;
            }
            assembler.observe(result.value);
            if (!assembler.hides(result.value)) return result;
          }
        } catch (error) {
          end(isAbort(error) ? "cancelled" : "broken", error);
          throw error;
        }
      },
      async return(value?: unknown): Promise<IteratorResult<unknown>> {
        try {
          // The caller broke off after the content: the few events left carry the usage.
          for (let i = 0; i < MAX_TAIL_EVENTS && !ended && assembler.wantsTail(); i++) {
            const result = await inner.next();
            if (result.done) break;
            assembler.observe(result.value);
          }
        } catch {
          // The tail could not be read: recorded as cancelled with what came.
        }
        end("cancelled");
        return inner.return ? await inner.return(value) : { done: true, value };
      },
      async throw(error?: unknown): Promise<IteratorResult<unknown>> {
        end(isAbort(error) ? "cancelled" : "broken", error);
        if (inner.throw) return await inner.throw(error);
        throw error;
      },
    };
  };

  if (useIteratorField) target.iterator = watched;
  else target[Symbol.asyncIterator] = watched;
  return stream;
}
