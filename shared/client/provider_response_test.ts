import assert from "node:assert/strict";
import { fromProviderResponse } from "./provider_response.ts";
import { ANTHROPIC_MESSAGE, OPENAI_CHAT_COMPLETION } from "../../tests/fixtures/usage/documented_examples.ts";

// The providers' documented example responses: documented_examples.ts.

Deno.test("an OpenAI chat completion: id, model, created and usage", () => {
  assert.deepEqual(fromProviderResponse(OPENAI_CHAT_COMPLETION), {
    request_id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
    provider: "openai",
    model: "gpt-4o-2024-08-06",
    occurred_at: "2025-03-10T01:31:23.000Z", // created 1741570283 (Unix seconds)
    usage: OPENAI_CHAT_COMPLETION.usage,
  });
});

Deno.test("an Anthropic message: id, model and usage", () => {
  assert.deepEqual(fromProviderResponse(ANTHROPIC_MESSAGE), {
    request_id: "msg_013Zva2CMHLNnXjNJJKqJ2EF",
    provider: "anthropic",
    model: "claude-3-7-sonnet-20250219",
    usage: { input_tokens: 2095, output_tokens: 503 },
  });
});

Deno.test("an OpenAI Responses object that failed is an error event", () => {
  const usage = { input_tokens: 75, output_tokens: 0, total_tokens: 75 };
  assert.deepEqual(
    fromProviderResponse({
      id: "resp_1",
      object: "response",
      created_at: 1741570283,
      status: "failed",
      error: { code: "server_error", message: "boom" },
      model: "o4-mini",
      usage,
    }),
    {
      request_id: "resp_1",
      provider: "openai",
      model: "o4-mini",
      occurred_at: "2025-03-10T01:31:23.000Z",
      usage,
      status: "error",
      error_type: "server_error",
    },
  );
});

Deno.test("a Gemini GenerateContentResponse: responseId, modelVersion, usageMetadata", () => {
  const usageMetadata = {
    promptTokenCount: 34,
    candidatesTokenCount: 418,
    totalTokenCount: 890,
    thoughtsTokenCount: 438,
  };
  assert.deepEqual(
    fromProviderResponse({
      candidates: [],
      usageMetadata,
      modelVersion: "gemini-3-flash-preview",
      responseId: "3w4Vad6y",
    }),
    { request_id: "3w4Vad6y", provider: "google", model: "gemini-3-flash-preview", usage: usageMetadata },
  );
});

Deno.test("an event, or anything else, is not a provider response", () => {
  assert.equal(
    fromProviderResponse({ request_id: "r", model: "gpt-4o", input_tokens: 1, output_tokens: 1 }),
    null,
  );
  assert.equal(fromProviderResponse({ type: "message" }), null);
  assert.equal(fromProviderResponse("chat.completion"), null);
});
