/**
 * The official `openai` and `@anthropic-ai/sdk` clients, wrapped by `@tokenwatch/client`, against a local
 * fake provider that answers exactly the documented shapes (tests/fixtures/providers/fake_llm_server.ts),
 * recording into the test stack's `ingest`: for each case the stored token columns equal what the provider
 * reported (mapped as DESIGN.md's table says), with the model, status, latency and the call's context.
 */
import assert from "node:assert/strict";
import OpenAI from "npm:openai@7.59.0";
import Anthropic from "npm:@anthropic-ai/sdk@1.15.0";
import { createTokenwatch, withTokenwatch } from "../../clients/typescript/src/index.ts";
import { PIECES, startFakeProvider, USAGE } from "../fixtures/providers/fake_llm_server.ts";
import { connect, required, stackEnv } from "../helpers/test_env.ts";

const RUN = crypto.randomUUID().slice(0, 8);
const SOURCE = `twtest-h2-client-${RUN}`;

interface Stored {
  provider: string;
  model: string;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  status: string;
  error_type: string | null;
  token_source: string;
  latency_ms: number;
  user_id: string | null;
  conversation_id: string | null;
  prompt_variant: string | null;
  app: string | null;
  environment: string | null;
  metadata: Record<string, unknown>;
}

async function storedByCase(): Promise<Map<string, Stored[]>> {
  const sql = connect();
  try {
    const rows = await sql<(Stored & { case: string })[]>`
      select metadata->>'case' as case, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
             output_tokens, reasoning_tokens, status, error_type, token_source, latency_ms, user_id,
             conversation_id, prompt_variant, app, environment, metadata
      from monitoring.usage_events where source = ${SOURCE}`;
    const byCase = new Map<string, Stored[]>();
    for (const row of rows) byCase.set(row.case, [...(byCase.get(row.case) ?? []), row]);
    return byCase;
  } finally {
    await sql.end();
  }
}

const tokens = (row: Stored) => ({
  input_tokens: row.input_tokens,
  cache_read_tokens: row.cache_read_tokens,
  cache_write_tokens: row.cache_write_tokens,
  output_tokens: row.output_tokens,
  reasoning_tokens: row.reasoning_tokens,
});

// OpenAI Chat: prompt_tokens includes the cached ones; completion_tokens includes reasoning.
const CHAT_TOKENS = {
  input_tokens: 1200,
  cache_read_tokens: 1024,
  cache_write_tokens: 0,
  output_tokens: 45,
  reasoning_tokens: 0,
};
// OpenAI Responses: the same rule with input_tokens / output_tokens.
const RESPONSES_TOKENS = {
  input_tokens: 328,
  cache_read_tokens: 128,
  cache_write_tokens: 0,
  output_tokens: 152,
  reasoning_tokens: 64,
};
// Anthropic: input_tokens excludes the cache: 25 + 1500 read + 2000 written = 3525. message_delta's
// cumulative usage replaces message_start's: output 87 (not 1 + 87), input 3525 (not 2 x 3525).
const ANTHROPIC_TOKENS = {
  input_tokens: 3525,
  cache_read_tokens: 1500,
  cache_write_tokens: 2000,
  output_tokens: 87,
  reasoning_tokens: 0,
};

Deno.test("wrapped openai and @anthropic-ai/sdk clients record the provider's own usage for every case", async () => {
  const fake = startFakeProvider();
  const errors: Error[] = [];
  const tw = createTokenwatch({
    url: stackEnv.url,
    key: required("TOKENWATCH_INGEST_KEY"),
    app: "shop",
    environment: "test",
    source: SOURCE,
    flushIntervalMs: 60_000,
    onError: (error) => errors.push(error),
  });
  const openai = tw.wrapOpenAI(new OpenAI({ apiKey: "sk-fake", baseURL: `${fake.url}/v1`, maxRetries: 0 }));
  const anthropic = tw.wrapAnthropic(
    new Anthropic({ apiKey: "sk-ant-fake", baseURL: fake.url, maxRetries: 0 }),
  );
  const messages = [{ role: "user" as const, content: "Hi" }];
  try {
    // Chat, not streamed, context by withTokenwatch.
    const completion = await openai.chat.completions.create(
      withTokenwatch({ model: "gpt-4o-mini", messages }, {
        user: "u-1",
        conversation: "conv-1",
        promptVariant: "mcp",
        metadata: { case: "chat" },
      }),
    );
    assert.equal(completion.choices[0].message.content, "Hello world!");

    // Chat streamed without include_usage: added for Tokenwatch, its chunk hidden from the caller.
    const stream = await openai.chat.completions.create(
      withTokenwatch({ model: "gpt-4o-mini", messages, stream: true }, { metadata: { case: "chat-stream" } }),
    );
    const seen: unknown[] = [];
    for await (const chunk of stream) seen.push(chunk);
    assert.equal(seen.length, 5, "role, three pieces, finish: no usage chunk");
    assert.ok(seen.every((c) => !Object.hasOwn(c as object, "usage")), "no usage field shown");
    assert.deepEqual(fake.requests.at(-1)?.body.stream_options, { include_usage: true });

    // Chat streamed with include_usage asked by the caller: the caller sees the usage chunk.
    const asked = await openai.chat.completions.create(
      withTokenwatch(
        { model: "gpt-4o-mini", messages, stream: true, stream_options: { include_usage: true } },
        { metadata: { case: "chat-stream-asked" } },
      ),
    );
    let usageSeen: unknown = null;
    for await (const chunk of asked) if (chunk.usage) usageSeen = chunk.usage;
    assert.deepEqual(usageSeen, USAGE.chat);

    // Chat streamed through the SDK's own .stream() helper, the caller stopping at finish_reason.
    const helper = openai.chat.completions.stream(
      withTokenwatch({ model: "gpt-4o-mini", messages }, { metadata: { case: "chat-helper" } }),
    );
    assert.equal((await helper.finalChatCompletion()).choices[0].message.content, "Hello world!");

    // Responses, not streamed and streamed (response.completed carries the usage).
    await openai.responses.create(
      withTokenwatch({ model: "gpt-4.1", input: "Hi" }, { metadata: { case: "responses" } }),
    );
    const rstream = await openai.responses.create(
      withTokenwatch({ model: "gpt-4.1", input: "Hi", stream: true }, {
        metadata: { case: "responses-stream" },
      }),
    );
    let text = "";
    for await (const event of rstream) if (event.type === "response.output_text.delta") text += event.delta;
    assert.equal(text, "Hello world!");

    // Anthropic, not streamed; streamed with cache tokens (create and the .stream() helper).
    await anthropic.messages.create(
      withTokenwatch({ model: "claude-sonnet-4-5", max_tokens: 100, messages }, {
        metadata: { case: "anthropic" },
      }),
    );
    const astream = await anthropic.messages.create(
      withTokenwatch(
        { model: "claude-sonnet-4-5", max_tokens: 100, messages, stream: true },
        { metadata: { case: "anthropic-stream" }, user: "u-2" },
      ),
    );
    for await (const _ of astream) { /* read to the end */ }
    const final = await anthropic.messages.stream(
      withTokenwatch({ model: "claude-sonnet-4-5", max_tokens: 100, messages }, {
        metadata: { case: "anthropic-helper" },
      }),
    ).finalMessage();
    assert.equal(final.usage.output_tokens, 87);

    // The caller stops reading: right after the content (the usage chunk is still read), or early.
    const early = await openai.chat.completions.create(
      withTokenwatch({ model: "gpt-4o-mini", messages, stream: true }, { metadata: { case: "chat-break" } }),
    );
    for await (const chunk of early) if (chunk.choices[0]?.finish_reason) break;
    const cancelled = await anthropic.messages.create(
      withTokenwatch(
        { model: "claude-sonnet-4-5", max_tokens: 100, messages, stream: true },
        { metadata: { case: "anthropic-cancel" } },
      ),
    );
    for await (const _ of cancelled) break;

    // Streams cut mid-way by the provider.
    await assert.rejects(async () => {
      const cut = await anthropic.messages.create(
        withTokenwatch(
          { model: "claude-sonnet-4-5-cut", max_tokens: 100, messages, stream: true },
          { metadata: { case: "anthropic-cut" } },
        ),
      );
      for await (const _ of cut) { /* until it breaks */ }
    });
    await assert.rejects(async () => {
      const cut = await openai.chat.completions.create(
        withTokenwatch({ model: "gpt-4o-mini-cut", messages, stream: true }, {
          metadata: { case: "chat-cut" },
        }),
      );
      for await (const _ of cut) { /* until it breaks */ }
    });

    // 429s (the SDKs' own retries off).
    await assert.rejects(
      openai.chat.completions.create(
        withTokenwatch({ model: "gpt-4o-mini-429", messages }, { metadata: { case: "chat-429" } }),
      ),
      (error: { status?: number }) => error.status === 429,
    );
    await assert.rejects(
      anthropic.messages.create({
        model: "claude-sonnet-4-5-429",
        max_tokens: 100,
        messages,
        // The plain-JavaScript way: a `tokenwatch` field, removed before the SDK sees the params.
        tokenwatch: { metadata: { case: "anthropic-429" } },
      } as Anthropic.MessageCreateParamsNonStreaming),
      (error: { status?: number }) => error.status === 429,
    );
    assert.equal(fake.requests.at(-1)?.body.tokenwatch, undefined, "tokenwatch field never sent");
    assert.ok(fake.requests.every((r) => !Object.hasOwn(r.body, "tokenwatch")));

    await tw.flush();
    assert.deepEqual(errors, []);
    const stats = tw.stats();
    assert.deepEqual({
      sent: stats.sent,
      dropped: stats.dropped,
      rejected: stats.rejected,
      failed: stats.failed,
    }, {
      sent: 15,
      dropped: 0,
      rejected: 0,
      failed: 0,
    });

    const stored = await storedByCase();
    const one = (name: string): Stored => {
      const rows = stored.get(name) ?? [];
      assert.equal(rows.length, 1, `${name}: exactly one event`);
      return rows[0];
    };
    for (const name of ["chat", "chat-stream", "chat-stream-asked", "chat-helper", "chat-break"]) {
      const row = one(name);
      assert.deepEqual(tokens(row), CHAT_TOKENS, name);
      assert.equal(row.model, "gpt-4o-mini-2024-07-18", name);
      assert.equal(row.status, "ok", name);
      assert.equal(row.token_source, "provider", name);
      assert.equal(row.metadata.stream_incomplete, undefined, name);
    }
    assert.deepEqual(
      [one("chat").user_id, one("chat").conversation_id, one("chat").prompt_variant, one("chat").app],
      ["u-1", "conv-1", "mcp", "shop"],
    );
    assert.equal(one("chat").environment, "test");
    for (const name of ["responses", "responses-stream"]) {
      assert.deepEqual(tokens(one(name)), RESPONSES_TOKENS, name);
      assert.equal(one(name).model, "gpt-4.1-2025-04-14", name);
    }
    for (const name of ["anthropic", "anthropic-stream", "anthropic-helper"]) {
      assert.deepEqual(tokens(one(name)), ANTHROPIC_TOKENS, name);
      assert.equal(one(name).provider, "anthropic", name);
      assert.equal(one(name).status, "ok", name);
    }
    assert.equal(one("anthropic-stream").user_id, "u-2");

    // Cancelled after message_start: its usage (output 1 so far), flagged, not an error.
    const acancel = one("anthropic-cancel");
    assert.deepEqual(tokens(acancel), { ...ANTHROPIC_TOKENS, output_tokens: 1 });
    assert.deepEqual([acancel.status, acancel.metadata.stream_incomplete], ["ok", "cancelled"]);

    // Cut after message_start and one delta: what was received (message_start's usage: output 1 so far),
    // flagged broken.
    const acut = one("anthropic-cut");
    assert.deepEqual(tokens(acut), { ...ANTHROPIC_TOKENS, output_tokens: 1 });
    assert.equal(acut.status, "error");
    assert.equal(acut.metadata.stream_incomplete, "broken");
    assert.equal(acut.token_source, "provider");

    // Cut before any usage: the text received ("Hello world", 2 tokens in o200k_base: "Hello", " world")
    // and the request's messages were counted by ingest, flagged. Input: 3 per message + "user" (1) + "Hi" (1)
    // + 3 priming the reply = 8 (shared/usage/token_counter.ts CHAT_OVERHEAD, OpenAI's cookbook rule).
    const ccut = one("chat-cut");
    assert.equal(ccut.output_tokens, 2);
    assert.equal(ccut.status, "error");
    assert.equal(ccut.metadata.stream_incomplete, "broken");
    assert.equal(ccut.token_source, "tokenizer");
    assert.equal(ccut.input_tokens, 8);

    const c429 = one("chat-429");
    assert.deepEqual([c429.status, c429.error_type, c429.metadata.http_status], [
      "error",
      "rate_limit_exceeded",
      429,
    ]);
    assert.deepEqual(tokens(c429), {
      ...CHAT_TOKENS,
      input_tokens: 0,
      cache_read_tokens: 0,
      output_tokens: 0,
    });
    assert.equal(c429.model, "gpt-4o-mini-429");
    const a429 = one("anthropic-429");
    assert.deepEqual([a429.status, a429.error_type, a429.metadata.http_status], [
      "error",
      "rate_limit_error",
      429,
    ]);
    for (const rows of stored.values()) for (const row of rows) assert.ok(row.latency_ms >= 0);
    assert.equal(PIECES.join(""), "Hello world!");
  } finally {
    await tw.shutdown();
    await fake.close();
  }
});
