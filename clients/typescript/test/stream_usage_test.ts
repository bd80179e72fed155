import assert from "node:assert/strict";
import {
  AnthropicStreamAssembler,
  ChatStreamAssembler,
  ResponsesStreamAssembler,
} from "../src/stream_usage.ts";
import { observeStream, type StreamEnd } from "../src/observe_stream.ts";
import type { StreamSummary } from "../src/stream_usage.ts";

Deno.test("Anthropic: message_delta's cumulative usage replaces message_start's, field by field", () => {
  const a = new AnthropicStreamAssembler();
  a.observe({
    type: "message_start",
    message: {
      id: "msg_1",
      model: "claude-sonnet-4-5",
      usage: {
        input_tokens: 25,
        cache_read_input_tokens: 1500,
        cache_creation_input_tokens: 2000,
        output_tokens: 1,
      },
    },
  });
  a.observe({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hi" } });
  // A first delta (tool use streams send several): output so far 40, input fields absent or null.
  a.observe({ type: "message_delta", delta: {}, usage: { output_tokens: 40, input_tokens: null } });
  a.observe({
    type: "message_delta",
    delta: { stop_reason: "end_turn" },
    usage: {
      input_tokens: 25,
      cache_read_input_tokens: 1500,
      cache_creation_input_tokens: 2000,
      output_tokens: 87,
    },
  });
  assert.equal(a.wantsTail(), true, "message_stop still to come");
  a.observe({ type: "message_stop" });
  // Added, it would be 1 + 40 + 87 = 128 output and 50 input: replaced, it is 87 and 25.
  assert.deepEqual(a.summary(), {
    id: "msg_1",
    model: "claude-sonnet-4-5",
    usage: {
      input_tokens: 25,
      cache_read_input_tokens: 1500,
      cache_creation_input_tokens: 2000,
      output_tokens: 87,
    },
    text: "Hi",
    complete: true,
    errorType: undefined,
  });
});

Deno.test("OpenAI Chat: the usage chunk Tokenwatch asked for is hidden, and usage: null removed", () => {
  const a = new ChatStreamAssembler(true);
  const first = {
    id: "c1",
    model: "gpt-4o-mini",
    choices: [{ index: 0, delta: { content: "Hel" } }],
    usage: null,
  };
  a.observe(first);
  assert.equal(Object.hasOwn(first, "usage"), false);
  assert.equal(a.hides(first), false);
  const last = {
    id: "c1",
    model: "gpt-4o-mini",
    choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
    usage: null,
  };
  a.observe(last);
  assert.equal(a.wantsTail(), true, "finished, usage still to come");
  const usageChunk = { id: "c1", choices: [], usage: { prompt_tokens: 9, completion_tokens: 2 } };
  a.observe(usageChunk);
  assert.equal(a.hides(usageChunk), true);
  assert.deepEqual(a.summary(), {
    id: "c1",
    model: "gpt-4o-mini",
    usage: { prompt_tokens: 9, completion_tokens: 2 },
    text: "Hel",
    complete: true,
  });
  const asked = new ChatStreamAssembler(false);
  asked.observe(usageChunk);
  assert.equal(asked.hides(usageChunk), false, "the caller asked for it: shown");
});

Deno.test("OpenAI Responses: the usage of response.completed (or .failed) is the request's", () => {
  const a = new ResponsesStreamAssembler();
  a.observe({ type: "response.created", response: { id: "resp_1", model: "gpt-4.1", usage: null } });
  a.observe({ type: "response.output_text.delta", delta: "Hi" });
  assert.equal(a.summary().usage, undefined);
  a.observe({
    type: "response.failed",
    response: {
      id: "resp_1",
      model: "gpt-4.1",
      usage: { input_tokens: 5, output_tokens: 1 },
      error: { code: "server_error" },
    },
  });
  assert.deepEqual(a.summary(), {
    id: "resp_1",
    model: "gpt-4.1",
    usage: { input_tokens: 5, output_tokens: 1 },
    text: "Hi",
    complete: true,
    errorType: "server_error",
  });
});

/** An object shaped like the SDKs' Stream: every way of reading it goes through `iterator`. */
class FakeStream<T> {
  constructor(private iterator: () => AsyncIterator<T>) {}
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.iterator();
  }
}

function streamOf(items: unknown[], breakAt?: number) {
  let returned = false;
  const stream = new FakeStream(async function* () {
    try {
      for (const [i, item] of items.entries()) {
        if (i === breakAt) throw new TypeError("terminated");
        yield item;
      }
    } finally {
      returned = true;
    }
  });
  return { stream, wasReturned: () => returned };
}

const chatChunks = [
  { id: "c1", choices: [{ index: 0, delta: { content: "Hello" } }], usage: null },
  { id: "c1", choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: null },
  { id: "c1", choices: [], usage: { prompt_tokens: 9, completion_tokens: 1 } },
];

Deno.test("a stream read to its end is complete; a break after the content still reads the usage", async () => {
  const ends: [StreamSummary, StreamEnd][] = [];
  const { stream } = streamOf(chatChunks);
  observeStream(stream, new ChatStreamAssembler(true), (s, e) => ends.push([s, e]));
  const seen = [];
  for await (const chunk of stream) seen.push(chunk);
  assert.equal(seen.length, 2, "the usage chunk is hidden");
  assert.deepEqual(ends.map(([s, e]) => [s.usage, e]), [[
    { prompt_tokens: 9, completion_tokens: 1 },
    "complete",
  ]]);

  const broke: StreamEnd[] = [];
  const second = streamOf(chatChunks.map((c) => structuredClone(c)));
  observeStream(second.stream, new ChatStreamAssembler(true), (s, e) => broke.push(s.usage ? e : "broken"));
  for await (const chunk of second.stream) {
    if ((chunk as { choices: { finish_reason?: string }[] }).choices[0]?.finish_reason) break;
  }
  assert.deepEqual(broke, ["complete"], "the tail (the usage chunk) was read on the caller's break");
  assert.equal(second.wasReturned(), true, "and the underlying stream closed");
});

Deno.test("a caller that stops early is recorded as cancelled; a broken connection as broken", async () => {
  const ends: { end: StreamEnd; text: string; error?: unknown }[] = [];
  const first = streamOf(chatChunks.map((c) => structuredClone(c)));
  observeStream(first.stream, new ChatStreamAssembler(true), (s, end) => ends.push({ end, text: s.text }));
  for await (const _ of first.stream) break;
  const second = streamOf(chatChunks.map((c) => structuredClone(c)), 1);
  observeStream(
    second.stream,
    new ChatStreamAssembler(true),
    (s, end, error) => ends.push({ end, text: s.text, error }),
  );
  await assert.rejects(async () => {
    for await (const _ of second.stream) { /* until it breaks */ }
  }, TypeError);
  const third = streamOf(chatChunks.slice(0, 2).map((c) => structuredClone(c)));
  observeStream(third.stream, new ChatStreamAssembler(true), (s, end) => ends.push({ end, text: s.text }));
  for await (const _ of third.stream) { /* the server closed without the usage chunk */ }
  assert.deepEqual(ends.map(({ end, text }) => [end, text]), [["cancelled", "Hello"], ["broken", "Hello"], [
    "broken",
    "Hello",
  ]]);
  assert.ok(ends[1].error instanceof TypeError);
});
