/**
 * The largest text batch ingest accepts is stored whole, never cut off half-way: one request tokenizes at
 * most 1,000,000 bytes of UTF-8 text (shared/usage/token_counter.ts MAX_TOKENIZED_BYTES), spent in event
 * order, each count whole or not at all; counts that no longer fit are estimated (characters ÷ 4) and
 * flagged `heuristic`.
 *
 * Text "hi" + " hi" × m is 2 + 3m bytes and 1 + m tokens in o200k_base ("hi", then " hi" each).
 */
import assert from "node:assert/strict";
import { MAX_TOKENIZED_BYTES } from "../../shared/usage/token_counter.ts";
import { MAX_BODY_BYTES } from "../../shared/usage/parse_body.ts";
import { connect, stackEnv } from "../helpers/test_env.ts";

const RUN = crypto.randomUUID().slice(0, 8);
const text = (m: number): string => "hi" + " hi".repeat(m);

Deno.test("a 10 MB text batch: the first 1,000,000 bytes are tokenized, the rest estimated, all stored", async () => {
  const source = `twtest-h1-textcap-${RUN}`;
  // Ten events of 2 + 3 × 333,332 = 999,998 bytes, then one of "hi" (2 bytes).
  // Event 0: 999,998 bytes fit the 1,000,000: 333,333 tokens; 2 bytes left.
  // Events 1-9: 999,998 > 2: estimated, ceil(999,998 / 4) = 250,000 each.
  // Event 10: "hi", 2 bytes = what is left: tokenized, 1 token. Tokenized in all: 999,998 + 2 = 1,000,000.
  const events = [...Array.from({ length: 10 }, () => text(333_332)), text(0)].map((output_text, i) => ({
    request_id: `cap-${String(i).padStart(2, "0")}`,
    source,
    model: "gpt-4o",
    input_tokens: 1,
    output_text,
  }));
  const body = JSON.stringify(events);
  assert.equal(MAX_TOKENIZED_BYTES, 1_000_000);
  assert.ok(body.length < MAX_BODY_BYTES, `${body.length} bytes: within the 10 MiB body limit`);
  const response = await fetch(`${stackEnv.url}/functions/v1/ingest`, {
    method: "POST",
    headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}`, "content-type": "application/json" },
    body,
  });
  assert.deepEqual([response.status, await response.json()], [200, {
    events: 11,
    inserted: 11,
    duplicates: 0,
  }]);

  const sql = connect();
  try {
    const rows = await sql`
      select request_id, output_tokens, token_source from monitoring.usage_events
      where source = ${source} order by request_id`;
    assert.deepEqual(rows.map((r) => [r.request_id, r.output_tokens, r.token_source]), [
      ["cap-00", 333_333, "tokenizer"],
      ...Array.from({ length: 9 }, (_, i) => [`cap-0${i + 1}`, 250_000, "heuristic"]),
      ["cap-10", 1, "tokenizer"],
    ]);
  } finally {
    await sql.end();
  }
});
