import assert from "node:assert/strict";
import { outerUsageSpans } from "./span_tree.ts";

const T = "0af7651916cd43dd8448eb211c80319c";
const s = (spanId: string, parentSpanId = "", traceId = T) => ({ traceId, spanId, parentSpanId });

Deno.test("a span with usage above another span with usage is outer; spans without usage in between do not matter", () => {
  // root (usage) → step (no usage) → call (usage); sibling (usage) under root.
  const spans = [s("a"), s("b", "a"), s("c", "b"), s("d", "a")];
  assert.deepEqual([...outerUsageSpans(spans, [true, false, true, true])], [0]);
  // Only the innermost of a chain of three counts.
  assert.deepEqual(
    [...outerUsageSpans([s("a"), s("b", "a"), s("c", "b")], [true, true, true])].sort(),
    [0, 1],
  );
});

Deno.test("another trace, a missing parent and a parent cycle stop the walk", () => {
  assert.equal(outerUsageSpans([s("a"), s("b", "a", "1".repeat(32))], [true, true]).size, 0);
  assert.equal(outerUsageSpans([s("b", "zz")], [true]).size, 0);
  assert.deepEqual([...outerUsageSpans([s("a", "b"), s("b", "a")], [true, true])].sort(), [0, 1]);
});

Deno.test("a chain of 10,000 spans is walked once (linear)", () => {
  const spans = Array.from({ length: 10_000 }, (_, i) => s(`s${i}`, i === 0 ? "" : `s${i - 1}`));
  const outer = outerUsageSpans(spans, spans.map(() => true));
  assert.equal(outer.size, 9_999);
  assert.ok(!outer.has(9_999));
});
