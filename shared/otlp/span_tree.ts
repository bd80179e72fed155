/**
 * Counting each LLM call once. Where a span and one of its descendants both carry usage (a framework's
 * span around the provider call it instruments, each reporting the same tokens), only the innermost counts:
 * every span with usage that has a descendant with usage in the same export request is dropped.
 *
 * Across requests nothing is joined: spans are exported when they end, children before their parents,
 * and a receiver that answers each request at once cannot wait for a parent that may never come. A pair
 * split over two requests would count twice, so the known wrappers are recognised by their own attributes
 * instead, wherever they arrive (dialect.ts `aggregate`: the Vercel AI SDK's outer spans, OpenInference
 * CHAIN/AGENT spans, Langfuse non-generation observations).
 */

/** What the tree needs of a span. */
export interface TreeSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
}

const key = (traceId: string, spanId: string): string => `${traceId}/${spanId}`;

/**
 * The indexes (into `spans`) of the spans with usage that have a descendant with usage in `spans`.
 * Linear in the number of spans: each ancestor is visited once, a parent cycle stops the walk.
 */
export function outerUsageSpans(spans: readonly TreeSpan[], hasUsage: readonly boolean[]): Set<number> {
  const indexByKey = new Map<string, number>();
  spans.forEach((span, i) => {
    if (span.traceId !== "" && span.spanId !== "") indexByKey.set(key(span.traceId, span.spanId), i);
  });
  /** Spans already known to have a descendant with usage (their ancestors were marked then too). */
  const marked = new Set<number>();
  const outer = new Set<number>();
  spans.forEach((span, i) => {
    if (!hasUsage[i] || span.traceId === "") return;
    const seen = new Set<number>([i]);
    let parent = span.parentSpanId;
    while (parent !== "") {
      const p = indexByKey.get(key(span.traceId, parent));
      if (p === undefined || seen.has(p) || marked.has(p)) break;
      seen.add(p);
      marked.add(p);
      if (hasUsage[p]) outer.add(p);
      parent = spans[p].parentSpanId;
    }
  });
  return outer;
}
