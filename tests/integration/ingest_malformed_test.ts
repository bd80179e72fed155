/**
 * Malformed input through the real HTTP endpoint: every case gets its exact status and a problem naming
 * the field (or the body), and nothing is stored (rows of this test's own source are counted before and
 * after each case).
 */
import assert from "node:assert/strict";
import { countEvents, stackEnv } from "../helpers/test_env.ts";

const SOURCE = `twtest-h4-bad-${crypto.randomUUID().slice(0, 8)}`;
const ok = { request_id: "r1", source: SOURCE, model: "gpt-4o-mini", input_tokens: 100, output_tokens: 10 };
const e = (fields: Record<string, unknown>, drop: string[] = []): Record<string, unknown> => {
  const event: Record<string, unknown> = { ...ok, ...fields };
  for (const key of drop) delete event[key];
  return event;
};

interface Case {
  name: string;
  /** A JSON value (sent as JSON), or the exact body text / bytes. */
  body: unknown;
  raw?: boolean;
  contentType?: string | null;
  status: number;
  /** The problem expected: its field, index and message. For 413/415 only the error message is checked. */
  field?: string;
  index?: number;
  line?: number;
  message: string | RegExp;
}

const cases: Case[] = [
  {
    name: "token count as a string",
    body: e({ input_tokens: "100" }),
    status: 400,
    field: "input_tokens",
    index: 0,
    message: "expected a number",
  },
  {
    name: "negative count",
    body: e({ output_tokens: -1 }),
    status: 400,
    field: "output_tokens",
    index: 0,
    message: "must not be negative",
  },
  {
    name: "fractional count",
    body: e({ input_tokens: 1.5 }),
    status: 400,
    field: "input_tokens",
    index: 0,
    message: "must be an integer",
  },
  {
    name: "huge count",
    body: e({ input_tokens: 1e12 }),
    status: 400,
    field: "input_tokens",
    index: 0,
    message: "is unreasonably large (more than 100,000,000)",
  },
  {
    name: "beyond 2^53",
    body: `[${JSON.stringify(e({})).replace('"input_tokens":100', '"input_tokens":9007199254740993')}]`,
    raw: true,
    status: 400,
    field: "input_tokens",
    index: 0,
    message: "exceeds the largest safe integer (2^53-1)",
  },
  {
    name: "missing model",
    body: e({}, ["model"]),
    status: 400,
    field: "model",
    index: 0,
    message: "required",
  },
  {
    name: "missing request_id",
    body: e({}, ["request_id"]),
    status: 400,
    field: "request_id",
    index: 0,
    message: "required",
  },
  {
    name: "empty request_id",
    body: e({ request_id: " " }),
    status: 400,
    field: "request_id",
    index: 0,
    message: "must not be empty",
  },
  {
    name: "numeric request_id",
    body: e({ request_id: 5 }),
    status: 400,
    field: "request_id",
    index: 0,
    message: "expected a string",
  },
  {
    name: "cache reads larger than input",
    body: e({ input_tokens: 10, cache_read_tokens: 20 }),
    status: 400,
    field: "cache_read_tokens",
    index: 0,
    message: "cache_read_tokens + cache_write_tokens (20) exceeds input_tokens (10), which includes them",
  },
  {
    name: "reasoning larger than output",
    body: e({ reasoning_tokens: 11 }),
    status: 400,
    field: "reasoning_tokens",
    index: 0,
    message: "reasoning_tokens (11) exceeds output_tokens (10), which includes it",
  },
  {
    name: "one-hour writes larger than writes",
    body: e({ cache_write_tokens: 5, cache_write_1h_tokens: 6 }),
    status: 400,
    field: "cache_write_1h_tokens",
    index: 0,
    message: "cache_write_1h_tokens (6) exceeds cache_write_tokens (5), which includes it",
  },
  {
    name: "unknown field",
    body: e({ tokens: 5 }),
    status: 400,
    field: "tokens",
    index: 0,
    message: "unknown field (put custom data in metadata)",
  },
  {
    name: "usage and token fields together",
    body: e({ usage: { prompt_tokens: 100, completion_tokens: 10 } }),
    status: 400,
    field: "input_tokens",
    index: 0,
    message: "conflicts with usage: send either usage or token fields, not both",
  },
  {
    name: "OpenAI usage with cached > prompt",
    body: e({
      usage: { prompt_tokens: 100, completion_tokens: 10, prompt_tokens_details: { cached_tokens: 101 } },
    }, ["input_tokens", "output_tokens"]),
    status: 400,
    field: "usage.prompt_tokens_details.cached_tokens",
    index: 0,
    message: "cache_read_tokens + cache_write_tokens (101) exceeds input_tokens (100), which includes them",
  },
  {
    name: "unrecognised usage shape",
    body: e({ usage: { tokens_in: 5 } }, ["input_tokens", "output_tokens"]),
    status: 400,
    field: "usage",
    index: 0,
    message: /^unrecognised usage shape \(keys: tokens_in\)/,
  },
  {
    name: "Anthropic usage with a string count",
    body: e({
      provider: "anthropic",
      model: "claude-sonnet-4-5",
      usage: { input_tokens: "5", output_tokens: 1, cache_read_input_tokens: 0 },
    }, ["input_tokens", "output_tokens"]),
    status: 400,
    field: "usage.input_tokens",
    index: 0,
    message: "expected a number",
  },
  {
    name: "occurred_at not a date",
    body: e({ occurred_at: "yesterday" }),
    status: 400,
    field: "occurred_at",
    index: 0,
    message: "must be an ISO 8601 timestamp with seconds and a time zone, e.g. 2026-01-05T10:00:00Z",
  },
  {
    name: "occurred_at in the future",
    body: e({ occurred_at: "2099-01-01T00:00:00Z" }),
    status: 400,
    field: "occurred_at",
    index: 0,
    message: /^is in the future \(later than .* plus clock skew allowance\)$/,
  },
  {
    name: "unknown status",
    body: e({ status: "maybe" }),
    status: 400,
    field: "status",
    index: 0,
    message: "must be 'ok' or 'error'",
  },
  {
    name: "error_type on a success",
    body: e({ status: "ok", error_type: "timeout" }),
    status: 400,
    field: "error_type",
    index: 0,
    message: "only allowed with status 'error'",
  },
  {
    name: "more tool failures than calls",
    body: e({ tool_calls: 1, tool_failures: 2 }),
    status: 400,
    field: "tool_failures",
    index: 0,
    message: "tool_failures (2) exceeds tool_calls (1)",
  },
  {
    name: "tool entry with failures > calls",
    body: e({ tools: [{ name: "search", calls: 1, failures: 3 }] }),
    status: 400,
    field: "tools[0].failures",
    index: 0,
    message: "failures (3) exceeds calls (1)",
  },
  {
    name: "metadata not an object",
    body: e({ metadata: [1, 2] }),
    status: 400,
    field: "metadata",
    index: 0,
    message: "must be a JSON object",
  },
  {
    name: "metadata over 16 KB",
    body: e({ metadata: { blob: "x".repeat(17_000) } }),
    status: 400,
    field: "metadata",
    index: 0,
    message: "is 17011 bytes as JSON; at most 16384 (16 KB) allowed",
  },
  {
    name: "negative latency",
    body: e({ latency_ms: -5 }),
    status: 400,
    field: "latency_ms",
    index: 0,
    message: "must not be negative",
  },
  {
    name: "provider cannot be told",
    body: e({ model: "house-model-7" }),
    status: 400,
    field: "provider",
    index: 0,
    message: 'required: cannot tell it from model "house-model-7"',
  },
  {
    name: "NUL character in model",
    body: e({ model: "gpt-4o\u0000" }),
    status: 400,
    field: "model",
    index: 0,
    message: "must not contain NUL characters",
  },
  {
    name: "terminal escape in model",
    body: e({ model: "gpt-4o\u001b[2J" }),
    status: 400,
    field: "model",
    index: 0,
    message: "must not contain control characters (U+0000-U+001F, U+007F-U+009F)",
  },
  {
    name: "unpaired surrogate in request_id",
    body: `[${JSON.stringify(e({ request_id: "PLACEHOLDER" })).replace("PLACEHOLDER", "\\ud800")}]`,
    raw: true,
    status: 400,
    field: "request_id",
    index: 0,
    message: "must not contain unpaired surrogates (invalid Unicode)",
  },
  {
    name: "system_prompt_hash not SHA-256",
    body: e({ system_prompt_hash: "abc" }),
    status: 400,
    field: "system_prompt_hash",
    index: 0,
    message: "must be a hex SHA-256 (64 hex digits)",
  },
  {
    name: "unknown token_source",
    body: e({ token_source: "guess" }),
    status: 400,
    field: "token_source",
    index: 0,
    message: "must be 'provider', 'tokenizer' or 'heuristic'",
  },
  {
    name: "no tokens and no text",
    body: e({}, ["input_tokens", "output_tokens"]),
    status: 400,
    field: "input_tokens",
    index: 0,
    message:
      "tokens or text are required for input_tokens: send usage, input_tokens, messages, input_text or input_chars",
  },
  {
    name: "messages not an array",
    body: e({ messages: "hi" }, ["input_tokens"]),
    status: 400,
    field: "messages",
    index: 0,
    message: "expected an array of messages",
  },
  {
    name: "an event that is not an object",
    body: [ok, 5],
    status: 400,
    field: "event",
    index: 1,
    message: "must be a JSON object",
  },
  {
    name: "the second event bad, the first fine",
    body: [ok, e({ request_id: "r2", input_tokens: -3 })],
    status: 400,
    field: "input_tokens",
    index: 1,
    message: "must not be negative",
  },
  {
    name: "a request_id repeated with other content",
    body: [ok, e({ output_tokens: 11 })],
    status: 400,
    field: "request_id",
    index: 1,
    message: "repeats the source and request_id of event 0 with different content",
  },
  {
    name: "invalid JSON",
    body: '[{"request_id": ',
    raw: true,
    status: 400,
    field: "body",
    message: /^invalid JSON: /,
  },
  {
    name: "empty body",
    body: "",
    raw: true,
    status: 400,
    field: "body",
    message: "body is empty; send one event or more",
  },
  { name: "empty array", body: [], status: 400, field: "body", message: "the array holds no events" },
  {
    name: "JSON scalar",
    body: "42",
    raw: true,
    status: 400,
    field: "body",
    message: "expected a JSON object or an array of objects",
  },
  {
    name: "invalid UTF-8",
    body: new Uint8Array([0x5b, 0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x5d]),
    raw: true,
    status: 400,
    field: "body",
    message: "body is not valid UTF-8",
  },
  {
    name: "NDJSON with a broken line",
    body: `${JSON.stringify(ok)}\n{"request_id": "r2",\n`,
    raw: true,
    contentType: "application/x-ndjson",
    status: 400,
    field: "body",
    line: 2,
    message: /^invalid JSON: /,
  },
  {
    name: "NDJSON line that is an array",
    body: `${JSON.stringify(ok)}\n[1]\n`,
    raw: true,
    contentType: "application/x-ndjson",
    status: 400,
    field: "body",
    line: 2,
    message: "expected a JSON object (one event per line)",
  },
  {
    name: "wrong content type",
    body: ok,
    contentType: "text/plain",
    status: 415,
    message: 'unsupported content type "text/plain"; send application/json or application/x-ndjson',
  },
  {
    name: "no content type",
    body: ok,
    contentType: null,
    status: 415,
    message: 'unsupported content type ""; send application/json or application/x-ndjson',
  },
  {
    name: "charset other than UTF-8",
    body: ok,
    contentType: "application/json; charset=latin1",
    status: 415,
    message: 'unsupported charset "latin1"; send UTF-8',
  },
  {
    name: "more than 5,000 events",
    body: Array.from({ length: 5001 }, (_, i) => e({ request_id: `many-${i}` })),
    status: 413,
    message: "5001 events in one request; at most 5000 accepted",
  },
];

const storedRows = (): Promise<number> => countEvents(SOURCE);

Deno.test(`ingest: at least 30 malformed inputs are checked (${cases.length})`, () => {
  assert.ok(cases.length >= 30);
});

for (const c of cases) {
  Deno.test(`ingest refuses: ${c.name} (${c.status}${c.field ? `, ${c.field}` : ""}), storing nothing`, async () => {
    const headers: Record<string, string> = { authorization: `Bearer ${stackEnv.serviceRoleKey}` };
    const contentType = c.contentType === undefined ? "application/json" : c.contentType;
    const body = c.raw ? (c.body as string | Uint8Array) : JSON.stringify(c.body);
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body);
    const request = new Request(`${stackEnv.url}/functions/v1/ingest`, {
      method: "POST",
      headers,
      body: bytes,
    });
    if (contentType === null) request.headers.delete("content-type");
    else request.headers.set("content-type", contentType);
    const response = await fetch(request);
    const answer = await response.json();
    assert.equal(response.status, c.status, JSON.stringify(answer));
    const matches = (message: string) =>
      typeof c.message === "string" ? message === c.message : c.message.test(message);
    if (c.field === undefined) {
      assert.ok(matches(answer.error), `error ${JSON.stringify(answer.error)}`);
    } else {
      const problem = (answer.problems as { field: string; index?: number; line?: number; message: string }[])
        .find((p) =>
          p.field === c.field && p.index === c.index && (c.line === undefined || p.line === c.line)
        );
      assert.ok(
        problem,
        `no problem for field ${c.field} (index ${c.index}) in ${JSON.stringify(answer.problems)}`,
      );
      assert.ok(matches(problem.message), `message ${JSON.stringify(problem.message)}`);
      assert.match(answer.error, /nothing was stored$/);
    }
    assert.equal(await storedRows(), 0, "nothing stored");
  });
}
