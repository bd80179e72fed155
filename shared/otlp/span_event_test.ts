import assert from "node:assert/strict";
import { spanEvent } from "./span_event.ts";
import { span } from "./testdata/spans.ts";

const reading = {
  dialect: "gen_ai" as const,
  tokens: { input_tokens: 10, output_tokens: 2 },
  model: "gpt-4o",
  provider: "openai",
  aggregate: false,
};

Deno.test("a span's event: request id, times, dimensions (span first, then resource), metadata", () => {
  const event = spanEvent(
    span({ "session.id": "s-1", "enduser.id": 42 }, {
      parentSpanId: "00f067aa0ba902b7",
      resource: { "service.name": "shop", "deployment.environment": "prod", "user.id": "from-resource" },
    }),
    reading,
  );
  assert.deepEqual(event, {
    request_id: "0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",
    source: "otlp",
    input_tokens: 10,
    output_tokens: 2,
    model: "gpt-4o",
    provider: "openai",
    status: "ok",
    conversation_id: "s-1",
    user_id: "42",
    app: "shop",
    environment: "prod",
    metadata: {
      trace_id: "0af7651916cd43dd8448eb211c80319c",
      span_id: "b7ad6b7169203331",
      parent_span_id: "00f067aa0ba902b7",
      span_name: "chat",
      scope: "test",
      dialect: "gen_ai",
    },
    occurred_at: "2026-11-24T11:59:00.000Z",
    latency_ms: 1250,
  });
});

Deno.test("status ERROR → error with error.type; the SDK's unknown_service is no app; deployment.environment.name first", () => {
  const event = spanEvent(
    span({ "error.type": "rate_limit" }, {
      statusCode: 2,
      statusMessage: "429 Too Many Requests",
      resource: {
        "service.name": "unknown_service:node",
        "deployment.environment.name": "staging",
        "deployment.environment": "old",
      },
    }),
    reading,
  );
  assert.equal(event.status, "error");
  assert.equal(event.error_type, "rate_limit");
  assert.equal(event.app, undefined);
  assert.equal(event.environment, "staging");
  assert.equal((event.metadata as Record<string, unknown>).status_message, "429 Too Many Requests");
  assert.equal(spanEvent(span({}, { statusCode: 2 }), reading).error_type, "span_status_error");
});

Deno.test("tokenwatch.customer_id, on the span or its resource, is the event's customer_id (span first)", () => {
  const fromResource = spanEvent(span({}, { resource: { "tokenwatch.customer_id": "acme-co" } }), reading);
  assert.equal(fromResource.customer_id, "acme-co");
  const fromSpan = spanEvent(
    span({ "tokenwatch.customer_id": "span-co" }, { resource: { "tokenwatch.customer_id": "acme-co" } }),
    reading,
  );
  assert.equal(fromSpan.customer_id, "span-co");
});
