/** The replay command's trace reading and time shifting (no stack needed). */
import assert from "node:assert/strict";
import { parseTimestamp, parseTrace, TraceError, traceEvents } from "../../cli/replay.ts";

Deno.test("replay: trace timestamps are UTC unless they say otherwise; numbers are Unix time", () => {
  assert.equal(parseTimestamp("2023-11-16 18:17:03.9799600"), Date.UTC(2023, 10, 16, 18, 17, 3, 979));
  assert.equal(parseTimestamp("2023-11-16T18:17:03Z"), Date.UTC(2023, 10, 16, 18, 17, 3));
  assert.equal(parseTimestamp("2023-11-16T18:17:03+02:00"), Date.UTC(2023, 10, 16, 16, 17, 3));
  assert.equal(parseTimestamp("2023-11-16 18:17"), Date.UTC(2023, 10, 16, 18, 17));
  assert.equal(parseTimestamp(1700158623), 1700158623000);
  assert.equal(parseTimestamp("1700158623.5"), 1700158623500);
  assert.equal(parseTimestamp(1700158623000), 1700158623000);
  assert.equal(parseTimestamp("yesterday"), null);
  assert.equal(parseTimestamp(""), null);
});

Deno.test("replay: CSV with the Azure header, and JSON Lines with other names", () => {
  const csv =
    "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,4808,10\n\n2023-11-16 18:17:04.0319600,3180,8\n";
  assert.deepEqual(parseTrace(csv), [
    { line: 2, at: Date.UTC(2023, 10, 16, 18, 17, 3, 979), input: 4808, output: 10 },
    { line: 4, at: Date.UTC(2023, 10, 16, 18, 17, 4, 31), input: 3180, output: 8 },
  ]);
  const jsonl =
    '{"timestamp": "2026-01-01T00:00:00Z", "input_tokens": 5, "output_tokens": 6}\n{"timestamp": 1767225601, "input_tokens": 7, "output_tokens": 0}\n';
  assert.deepEqual(parseTrace(jsonl), [
    { line: 1, at: Date.UTC(2026, 0, 1), input: 5, output: 6 },
    { line: 2, at: Date.UTC(2026, 0, 1, 0, 0, 1), input: 7, output: 0 },
  ]);
});

Deno.test("replay: a bad trace is refused with the line and the problem", () => {
  const bad = (text: string, message: string) =>
    assert.throws(() => parseTrace(text), (e: unknown) => e instanceof TraceError && e.message === message);
  bad(
    "TIMESTAMP,ContextTokens\n2023-11-16 18:17:03,1\n",
    "no output tokens column: expected one of generatedtokens, generated_tokens, output_tokens, completion_tokens, output (got TIMESTAMP, ContextTokens)",
  );
  bad(
    "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03,-1,2\n",
    'line 2: ContextTokens "-1" is not a whole number of tokens',
  );
  bad("TIMESTAMP,ContextTokens,GeneratedTokens\nsoon,1,2\n", 'line 2: timestamp "soon" is not a date');
  bad(
    "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03,1\n",
    "line 2: 2 columns, the header has 3",
  );
  bad("TIMESTAMP,ContextTokens,GeneratedTokens\n", "the trace has no rows");
  bad(
    '{"timestamp": 1, "input_tokens": 1, "output_tokens": 1}\n{oops\n',
    "line 2: invalid JSON (Expected property name or '}' in JSON at position 1 (line 1 column 2))",
  );
});

Deno.test("replay: events are shifted so that the latest request happens now, keeping the spacing", () => {
  const rows = [
    { line: 2, at: 1_000, input: 10, output: 1 },
    { line: 3, at: 61_000, input: 20, output: 2 },
  ];
  const now = Date.UTC(2026, 10, 24, 12, 0, 0);
  assert.deepEqual(traceEvents(rows, { model: "gpt-4o", source: "replay", name: "t.csv", now }), [
    {
      request_id: "t.csv#2",
      source: "replay",
      occurred_at: "2026-11-24T11:59:00.000Z",
      model: "gpt-4o",
      input_tokens: 10,
      output_tokens: 1,
      metadata: { replay: "t.csv" },
    },
    {
      request_id: "t.csv#3",
      source: "replay",
      occurred_at: "2026-11-24T12:00:00.000Z",
      model: "gpt-4o",
      input_tokens: 20,
      output_tokens: 2,
      metadata: { replay: "t.csv" },
    },
  ]);
  assert.equal(
    traceEvents(rows, { model: "claude-x", provider: "anthropic", source: "s", name: "n", now })[0].provider,
    "anthropic",
  );
});
