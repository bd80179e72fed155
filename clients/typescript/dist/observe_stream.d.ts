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
import type { StreamAssembler, StreamSummary } from "./stream_usage.js";
/** How a stream ended. */
export type StreamEnd = "complete" | "cancelled" | "broken";
/** Replaces the stream's iterator; `onEnd` is called once, with the summary and how it ended. */
export declare function observeStream<S extends object>(stream: S, assembler: StreamAssembler, onEnd: (summary: StreamSummary, end: StreamEnd, error?: unknown) => void): S;
