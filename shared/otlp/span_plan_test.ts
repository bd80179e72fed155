import assert from "node:assert/strict";
import { planSpans } from "./span_plan.ts";
import { span } from "./testdata/spans.ts";

Deno.test("plan: the innermost usage span is the call; wrappers, aggregates, spans without usage and bad ids are rejected", () => {
  const usage = {
    "gen_ai.usage.input_tokens": 5,
    "gen_ai.usage.output_tokens": 1,
    "gen_ai.request.model": "gpt-4o",
  };
  const spans = [
    span(usage, { spanId: "000000000000000a", name: "wrapper" }),
    span(usage, { spanId: "000000000000000b", parentSpanId: "000000000000000a", name: "call" }),
    span({ "ai.operationId": "ai.generateText", "ai.usage.inputTokens": 5 }, { spanId: "000000000000000c" }),
    span({ "http.method": "GET" }, { spanId: "000000000000000d" }),
    span(usage, { spanId: "" }),
    span({ "gen_ai.request.model": "gpt-4o" }, { spanId: "000000000000000e", statusCode: 2, name: "failed" }),
  ];
  const plan = planSpans(spans);
  assert.deepEqual(plan.events.map((e) => [e.span, (e.event.metadata as { span_name: string }).span_name]), [
    [1, "call"],
    [5, "failed"],
  ]);
  // The failed call has no tokens: ingest stores it as an error with 0 tokens.
  assert.equal(plan.events[1].event.usage, undefined);
  assert.deepEqual(plan.rejected.map((r) => [r.span, r.reason]), [
    [0, "outer_span"],
    [2, "aggregate"],
    [3, "no_usage"],
    [4, "malformed_id"],
  ]);
});

Deno.test("a span with Vercel and GenAI attributes is read as Vercel (the most specific dialect)", () => {
  const plan = planSpans([span({
    "ai.usage.inputTokens": 100,
    "ai.usage.inputTokenDetails.cacheReadTokens": 60,
    "ai.usage.outputTokens": 9,
    "gen_ai.usage.input_tokens": 100,
    "gen_ai.usage.output_tokens": 9,
    "ai.model.id": "gpt-4o",
  })]);
  assert.equal((plan.events[0].event.metadata as { dialect: string }).dialect, "vercel_ai");
  assert.equal(plan.events[0].event.cache_read_tokens, 60);
});
