import assert from "node:assert/strict";
import type { CanonicalEvent } from "./canonical_event.ts";
import { hashSystemPrompt } from "./system_prompt.ts";
import {
  type BatchError,
  eventTextBytes,
  validateBatch,
  type ValidateBatchResult,
} from "./validate_batch.ts";
import { ANTHROPIC_1H_CACHE_USAGE } from "../../tests/fixtures/usage/documented_examples.ts";
import { COOKBOOK_MESSAGES } from "../../tests/fixtures/usage/tokenizer_references.ts";
import { tokenizeBudget } from "./token_counter.ts";

const NOW = new Date("2026-11-24T12:00:00.000Z");
const base = { request_id: "req-1", model: "gpt-4o", input_tokens: 100, output_tokens: 20 };

async function one(event: unknown): Promise<CanonicalEvent> {
  const result = await validateBatch([event], { now: NOW });
  assert.ok(result.ok, JSON.stringify(result));
  return result.events[0];
}

async function problems(events: unknown[]): Promise<BatchError[]> {
  const result: ValidateBatchResult = await validateBatch(events, { now: NOW });
  assert.ok(!result.ok, `expected errors, got ${JSON.stringify(result)}`);
  return result.errors;
}

Deno.test("a minimal event gets every default", async () => {
  assert.deepEqual(await one(base), {
    request_id: "req-1",
    source: "api",
    occurred_at: "2026-11-24T12:00:00.000Z",
    provider: "openai", // inferred from gpt-4o
    model: "gpt-4o",
    input_tokens: 100,
    cache_read_tokens: 0,
    cache_write_tokens: 0,
    cache_write_1h_tokens: 0,
    output_tokens: 20,
    reasoning_tokens: 0,
    system_prompt_tokens: null,
    tool_calls: 0,
    tool_failures: 0,
    tools: null,
    status: "ok",
    error_type: null,
    latency_ms: null,
    conversation_id: null,
    user_id: null,
    customer_id: null,
    app: null,
    environment: null,
    prompt_variant: null,
    token_source: "provider",
    service_tier: "default",
    system_prompt_hash: null,
    metadata: {},
  });
});

Deno.test("service_tier: the usage object's (Anthropic usage.service_tier, OTel span attribute), lowercased; the caller's wins", async () => {
  const anthropic = {
    request_id: "t-1",
    model: "claude-sonnet-4-5",
    usage: { input_tokens: 10, output_tokens: 5, service_tier: "batch" },
  };
  assert.equal((await one(anthropic)).service_tier, "batch");
  assert.equal(
    (await one({ ...anthropic, usage: { ...anthropic.usage, service_tier: "standard" } })).service_tier,
    "standard",
  );
  assert.equal((await one({ ...anthropic, service_tier: " Priority " })).service_tier, "priority");
  const otel = {
    request_id: "t-2",
    usage: {
      "gen_ai.request.model": "gpt-5",
      "gen_ai.usage.input_tokens": 10,
      "gen_ai.usage.output_tokens": 5,
      "openai.response.service_tier": "flex",
    },
  };
  assert.equal((await one(otel)).service_tier, "flex");
  assert.equal((await one({ ...base, service_tier: "scale" })).service_tier, "scale");
});

Deno.test("service_tier: a malformed tier is a 4xx naming its field, from the caller or the usage object", async () => {
  const message =
    "must be a service tier name: a letter, then up to 31 letters, digits, '_' or '-' (e.g. default, batch, flex, priority)";
  assert.deepEqual(await problems([{ ...base, service_tier: "batch tier" }]), [{
    index: 0,
    field: "service_tier",
    message,
  }]);
  assert.deepEqual(await problems([{ ...base, service_tier: 5 }]), [{
    index: 0,
    field: "service_tier",
    message: "expected a string",
  }]);
  assert.deepEqual(
    await problems([{
      request_id: "t-3",
      model: "claude-sonnet-4-5",
      usage: { input_tokens: 1, output_tokens: 1, service_tier: "" },
    }]),
    [{ index: 0, field: "usage.service_tier", message }],
  );
});

Deno.test("provider usage is mapped (OpenAI prompt-caching guide example) and dimensions are kept", async () => {
  const event = await one({
    request_id: "chatcmpl-1",
    source: "checkout-app",
    occurred_at: "2026-11-24T13:30:00+02:00",
    provider: "OpenAI",
    model: "gpt-4o-2024-08-06",
    usage: {
      prompt_tokens: 2006,
      completion_tokens: 300,
      total_tokens: 2306,
      prompt_tokens_details: { cached_tokens: 1920 },
    },
    latency_ms: 812.6,
    conversation_id: "c-1",
    user_id: "u-1",
    customer_id: "acme",
    app: "shop",
    environment: "production",
    prompt_variant: "mcp",
    metadata: { route: "/checkout" },
  });
  assert.equal(event.occurred_at, "2026-11-24T11:30:00.000Z");
  assert.equal(event.provider, "openai");
  assert.equal(event.latency_ms, 813);
  assert.deepEqual(
    [event.input_tokens, event.cache_read_tokens, event.output_tokens, event.token_source],
    [2006, 1920, 300, "provider"],
  );
  assert.deepEqual(event.metadata, { route: "/checkout" });
  assert.equal(event.prompt_variant, "mcp");
  assert.equal(event.customer_id, "acme");
});

Deno.test("Anthropic usage: input adds cache reads and writes (prompt-caching docs example)", async () => {
  const event = await one({
    request_id: "msg_1",
    provider: "anthropic",
    model: "claude-sonnet-4-5",
    usage: ANTHROPIC_1H_CACHE_USAGE,
  });
  // 2048 + 1800 + 248 = 4096
  assert.deepEqual(
    [event.input_tokens, event.cache_read_tokens, event.cache_write_tokens, event.cache_write_1h_tokens],
    [4096, 1800, 248, 100],
  );
});

Deno.test("OpenTelemetry usage supplies model, provider and conversation when the event has none", async () => {
  const event = await one({
    request_id: "span-1",
    usage: {
      "gen_ai.provider.name": "openai",
      "gen_ai.response.model": "gpt-4o-2024-08-06",
      "gen_ai.conversation.id": "conv-9",
      "gen_ai.usage.input_tokens": 100,
      "gen_ai.usage.output_tokens": 180,
    },
  });
  assert.deepEqual([event.model, event.provider, event.conversation_id], [
    "gpt-4o-2024-08-06",
    "openai",
    "conv-9",
  ]);
});

Deno.test("missing tokens are counted from messages and output text with the tokenizer", async () => {
  // OpenAI cookbook example_messages: 124 prompt tokens for gpt-4o; "hello world" is 2 tokens. The last
  // message's content is sent as a text part.
  const user = COOKBOOK_MESSAGES[COOKBOOK_MESSAGES.length - 1];
  const messages = [
    ...COOKBOOK_MESSAGES.slice(0, -1),
    { role: user.role, content: [{ type: "text", text: user.content }] },
  ];
  const event = await one({ request_id: "r", model: "gpt-4o", messages, output_text: "hello world" });
  assert.deepEqual([event.input_tokens, event.output_tokens, event.token_source], [124, 2, "tokenizer"]);
});

Deno.test("the system prompt is hashed, counted, and counted into input taken from text", async () => {
  const systemPrompt = "お誕生日おめでとう"; // 8 tokens in o200k_base (OpenAI cookbook)
  const withText = await one({
    request_id: "r",
    model: "gpt-4o",
    system_prompt: systemPrompt,
    input_text: "hello world",
    output_tokens: 1,
  });
  assert.equal(withText.system_prompt_hash, await hashSystemPrompt(systemPrompt));
  assert.equal(withText.system_prompt_tokens, 8);
  assert.equal(withText.input_tokens, 10); // 8 + 2
  assert.equal(withText.token_source, "tokenizer");
  // messages without a system message get it in front: 3 priming + (3 + 1 "system" + 8) + (3 + 1 "user" + 2) = 21
  const withMessages = await one({
    request_id: "r",
    model: "gpt-4o",
    system_prompt: systemPrompt,
    messages: [{ role: "user", content: "hello world" }],
    output_tokens: 1,
  });
  assert.equal(withMessages.input_tokens, 21);
  // reported input wins; the counted system prompt is capped at it
  const reported = await one({ ...base, input_tokens: 5, system_prompt: systemPrompt });
  assert.deepEqual([reported.input_tokens, reported.system_prompt_tokens, reported.token_source], [
    5,
    5,
    "provider",
  ]);
});

Deno.test("only a text length known: characters ÷ 4 rounded up, flagged heuristic", async () => {
  const event = await one({
    request_id: "r",
    model: "claude-sonnet-4-5",
    input_chars: 801,
    output_tokens: 10,
  });
  assert.deepEqual([event.input_tokens, event.token_source], [201, "heuristic"]);
});

Deno.test("a failed request without tokens is accepted with zeros; error_type implies status error", async () => {
  const event = await one({ request_id: "r", model: "gpt-4o", error_type: "rate_limit" });
  assert.deepEqual(
    [event.status, event.error_type, event.input_tokens, event.output_tokens, event.token_source],
    ["error", "rate_limit", 0, 0, "heuristic"],
  );
});

Deno.test("the caller's token_source is kept unless counting was weaker; nulls are absent", async () => {
  assert.equal((await one({ ...base, token_source: "tokenizer" })).token_source, "tokenizer");
  assert.equal((await one({ ...base, output_tokens: undefined, output_chars: 4 })).token_source, "heuristic");
  assert.deepEqual(await one({ ...base, user_id: null, metadata: null, status: null }), await one(base));
});

Deno.test("tools give tool_calls and tool_failures when they are not sent", async () => {
  const event = await one({
    ...base,
    tools: [{ name: "search", calls: 3, failures: 1 }, { name: "fetch", calls: 2 }],
  });
  assert.deepEqual([event.tool_calls, event.tool_failures], [5, 1]);
  assert.deepEqual(event.tools, [{ name: "search", calls: 3, failures: 1 }, {
    name: "fetch",
    calls: 2,
    failures: 0,
  }]);
});

Deno.test("identical repeats of (source, request_id) pass; other sources are other requests", async () => {
  const result = await validateBatch([base, { ...base }, { ...base, source: "other", input_tokens: 1 }], {
    now: NOW,
  });
  assert.ok(result.ok);
  assert.equal(result.events.length, 3);
});

Deno.test("the same (source, request_id) with different content is an error on the later event", async () => {
  const errors = await problems([base, { ...base, input_tokens: 101 }]);
  assert.deepEqual(errors, [{
    index: 1,
    field: "request_id",
    message: "repeats the source and request_id of event 0 with different content",
  }]);
});

Deno.test("every problem of every event is listed, with its index", async () => {
  const errors = await problems([
    base,
    { request_id: "", input_tokens: -1, output_tokens: 2, colour: "red" },
    "not an event",
  ]);
  assert.deepEqual(errors.map(({ index, field }) => [index, field]), [
    [1, "request_id"],
    [1, "input_tokens"],
    [1, "colour"],
    [1, "model"],
    [2, "event"],
  ]);
});

Deno.test("a malformed count neither hides an independent problem nor causes a derived one", async () => {
  const independent = await problems([{
    ...base,
    input_tokens: 5,
    output_tokens: 5,
    cache_read_tokens: 9,
    reasoning_tokens: "x",
  }]);
  assert.deepEqual(independent.map((e) => e.field), ["reasoning_tokens", "cache_read_tokens"]);
  const derived = await problems([{
    ...base,
    input_tokens: -1,
    cache_read_tokens: 3,
    tool_calls: "2",
    tool_failures: 1,
  }]);
  assert.deepEqual(derived.map((e) => e.field), ["input_tokens", "tool_calls"]);
});

const future = new Date(NOW.getTime() + 10 * 60 * 1000).toISOString();
const MALFORMED: [string, Record<string, unknown> | unknown, string, string][] = [
  ["model missing", { request_id: "r", input_tokens: 1, output_tokens: 1 }, "model", "required"],
  [
    "provider neither sent nor inferable",
    { ...base, model: "llama-3.3-70b-instruct" },
    "provider",
    'required: cannot tell it from model "llama-3.3-70b-instruct"',
  ],
  ["request_id missing", { model: "gpt-4o", input_tokens: 1, output_tokens: 1 }, "request_id", "required"],
  ["request_id empty", { ...base, request_id: " " }, "request_id", "must not be empty"],
  ["request_id too long", { ...base, request_id: "x".repeat(201) }, "request_id", "at most 200 characters"],
  ["request_id a number", { ...base, request_id: 42 }, "request_id", "expected a string"],
  ["NUL in request_id", { ...base, request_id: "a\u0000b" }, "request_id", "must not contain NUL"],
  ["ESC in model", { ...base, model: "gpt-4o\u001b[31m" }, "model", "must not contain control characters"],
  ["newline in app", { ...base, app: "shop\nfake row" }, "app", "must not contain control characters"],
  [
    "C1 control in environment",
    { ...base, environment: "prod\u009b" },
    "environment",
    "must not contain control characters",
  ],
  ["unpaired surrogate in model", { ...base, model: "gpt\ud800" }, "model", "unpaired surrogates"],
  ["empty provider", { ...base, provider: "" }, "provider", "must not be empty"],
  ["unknown top-level key", { ...base, tokens: 5 }, "tokens", "unknown field (put custom data in metadata)"],
  ["negative tokens", { ...base, input_tokens: -1 }, "input_tokens", "must not be negative"],
  ["fractional tokens", { ...base, input_tokens: 1.5 }, "input_tokens", "must be an integer"],
  ["tokens as a string", { ...base, input_tokens: "100" }, "input_tokens", "expected a number"],
  [
    "tokens beyond 2^53-1",
    { ...base, input_tokens: 2 ** 53 },
    "input_tokens",
    "largest safe integer (2^53-1)",
  ],
  [
    "more than 100M tokens",
    { ...base, output_tokens: 100_000_001 },
    "output_tokens",
    "unreasonably large (more than 100,000,000)",
  ],
  [
    "cache beyond input",
    { ...base, cache_read_tokens: 80, cache_write_tokens: 30 },
    "cache_read_tokens",
    "(110) exceeds input_tokens (100)",
  ],
  [
    "1h writes beyond writes",
    { ...base, cache_write_tokens: 2, cache_write_1h_tokens: 5 },
    "cache_write_1h_tokens",
    "exceeds cache_write_tokens (2)",
  ],
  [
    "reasoning beyond output",
    { ...base, reasoning_tokens: 30 },
    "reasoning_tokens",
    "reasoning_tokens (30) exceeds output_tokens (20)",
  ],
  [
    "tool failures beyond calls",
    { ...base, tool_calls: 2, tool_failures: 3 },
    "tool_failures",
    "tool_failures (3) exceeds tool_calls (2)",
  ],
  ["bad status", { ...base, status: "failed" }, "status", "must be 'ok' or 'error'"],
  [
    "error_type with status ok",
    { ...base, status: "ok", error_type: "timeout" },
    "error_type",
    "only allowed with status 'error'",
  ],
  ["occurred_at not a date", { ...base, occurred_at: "yesterday" }, "occurred_at", "ISO 8601"],
  ["occurred_at without zone", { ...base, occurred_at: "2026-11-24T10:00:00" }, "occurred_at", "time zone"],
  [
    "occurred_at impossible date",
    { ...base, occurred_at: "2026-02-30T10:00:00Z" },
    "occurred_at",
    "ISO 8601",
  ],
  ["occurred_at in the future", { ...base, occurred_at: future }, "occurred_at", "is in the future"],
  ["metadata an array", { ...base, metadata: [1, 2] }, "metadata", "must be a JSON object"],
  [
    "metadata over 16 KB",
    { ...base, metadata: { blob: "x".repeat(16 * 1024) } },
    "metadata",
    "at most 16384 (16 KB)",
  ],
  [
    "NUL inside metadata",
    { ...base, metadata: { tags: ["ok", "a\u0000"] } },
    "metadata.tags[1]",
    "must not contain NUL",
  ],
  [
    "usage and token fields",
    { ...base, usage: { prompt_tokens: 1, completion_tokens: 1 } },
    "input_tokens",
    "conflicts with usage",
  ],
  [
    "unknown usage shape",
    { request_id: "r", model: "m", usage: { tokens: 3 } },
    "usage",
    "unrecognised usage shape (keys: tokens)",
  ],
  [
    "cached beyond prompt in usage",
    {
      request_id: "r",
      model: "gpt-4o",
      usage: { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 11 } },
    },
    "usage.prompt_tokens_details.cached_tokens",
    "exceeds input_tokens (10)",
  ],
  [
    "usage count a string",
    { request_id: "r", model: "m", usage: { input_tokens: "9", output_tokens: 1 } },
    "usage.input_tokens",
    "expected a number",
  ],
  [
    "neither tokens nor text for input",
    { request_id: "r", model: "gpt-4o", output_tokens: 1 },
    "input_tokens",
    "tokens or text are required for input_tokens",
  ],
  [
    "neither tokens nor text for output",
    { request_id: "r", model: "gpt-4o", input_text: "hi" },
    "output_tokens",
    "tokens or text are required for output_tokens",
  ],
  [
    "tool failures beyond its calls",
    { ...base, tools: [{ name: "search", calls: 1, failures: 2 }] },
    "tools[0].failures",
    "failures (2) exceeds calls (1)",
  ],
  [
    "unknown key in a tool",
    { ...base, tools: [{ name: "search", calls: 1, retries: 1 }] },
    "tools[0].retries",
    "unknown field",
  ],
  [
    "duplicate tool",
    { ...base, tools: [{ name: "a", calls: 1 }, { name: "a", calls: 1 }] },
    "tools[1].name",
    'duplicate tool name "a"',
  ],
  [
    "tool_calls disagree with tools",
    { ...base, tool_calls: 5, tools: [{ name: "a", calls: 3 }] },
    "tool_calls",
    "does not equal the sum of tools[].calls (3)",
  ],
  [
    "messages not an array",
    { request_id: "r", model: "gpt-4o", messages: "hi", output_tokens: 1 },
    "messages",
    "expected an array of messages",
  ],
  [
    "message without role",
    { request_id: "r", model: "gpt-4o", messages: [{ content: "hi" }], output_tokens: 1 },
    "messages[0].role",
    "expected a string",
  ],
  [
    "messages and input_text",
    { request_id: "r", model: "gpt-4o", messages: [], input_text: "hi", output_tokens: 1 },
    "input_text",
    "either messages or input_text",
  ],
  [
    "malformed system_prompt_hash",
    { ...base, system_prompt_hash: "abc" },
    "system_prompt_hash",
    "64 hex digits",
  ],
  [
    "system_prompt_hash not matching the text",
    { ...base, system_prompt: "abc", system_prompt_hash: "0".repeat(64) },
    "system_prompt_hash",
    "does not match the SHA-256",
  ],
  [
    "system prompt larger than input",
    { ...base, system_prompt_tokens: 500 },
    "system_prompt_tokens",
    "(500) exceeds input_tokens (100)",
  ],
  ["negative latency", { ...base, latency_ms: -5 }, "latency_ms", "must not be negative"],
  [
    "bad token_source",
    { ...base, token_source: "guess" },
    "token_source",
    "must be 'provider', 'tokenizer' or 'heuristic'",
  ],
  ["event not an object", "hello", "event", "must be a JSON object"],
  ["event an array", [base], "event", "must be a JSON object"],
];

Deno.test("malformed events: each problem names its field path", async (t) => {
  for (const [name, event, field, fragment] of MALFORMED) {
    await t.step(name, async () => {
      const errors = await problems([event]);
      assert.ok(
        errors.some((e) => e.index === 0 && e.field === field && e.message.includes(fragment)),
        `wanted ${field}: "${fragment}", got ${JSON.stringify(errors)}`,
      );
    });
  }
});

Deno.test("one tokenize budget for the whole batch: counts that no longer fit are estimated and flagged", async () => {
  // Each event sends input_tokens and output_text "hello world" (11 bytes, 2 tokens). A budget of 30 bytes
  // covers two (11 + 11 = 22, 8 left); the third's 11 bytes do not fit: ceil(11 / 4) = 3, heuristic.
  const events = [1, 2, 3].map((i) => ({
    request_id: `b-${i}`,
    model: "gpt-4o",
    input_tokens: 5,
    output_text: "hello world",
  }));
  const budget = tokenizeBudget(30);
  const result = await validateBatch(events, { now: NOW, budget });
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual(result.events.map((e) => [e.output_tokens, e.token_source]), [
    [2, "tokenizer"],
    [2, "tokenizer"],
    [3, "heuristic"],
  ]);
  assert.equal(budget.bytes, 8);
});

Deno.test("a system prompt past the budget is estimated and flags the event heuristic", async () => {
  // "You are terse." is 14 bytes > a budget of 10: system_prompt_tokens ceil(14 / 4) = 4, heuristic.
  const result = await validateBatch([{ ...base, system_prompt: "You are terse." }], {
    now: NOW,
    budget: tokenizeBudget(10),
  });
  assert.ok(result.ok, JSON.stringify(result));
  assert.deepEqual([result.events[0].system_prompt_tokens, result.events[0].token_source], [4, "heuristic"]);
});

Deno.test("eventTextBytes: the most text normalising an event can tokenize", () => {
  // messages: "user" 4 + "hello world" 11 + name "bob" 3 + parts "é" 2 + "x" 1 = 21; output_text "Hi!" 3;
  // system_prompt "You are terse." 14, counted twice (alone and as a message) = 28. 21 + 3 + 28 = 52.
  assert.equal(
    eventTextBytes({
      messages: [
        { role: "user", content: "hello world", name: "bob" },
        { role: "", content: [{ type: "text", text: "é" }, { type: "text", text: "x" }] },
      ],
      output_text: "Hi!",
      system_prompt: "You are terse.",
      input_tokens: 5,
    }),
    52,
  );
  assert.equal(eventTextBytes({ input_tokens: 5, output_tokens: 2 }), 0);
});
