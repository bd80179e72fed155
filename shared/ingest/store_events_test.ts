import assert from "node:assert/strict";
import type { CanonicalEvent } from "../usage/canonical_event.ts";
import { batchJson, promptTextsByHash } from "./store_events.ts";

const canonical = (hash: string | null) => ({ system_prompt_hash: hash }) as CanonicalEvent;

Deno.test("promptTextsByHash pairs each sent system prompt with its event's hash", () => {
  const raw = [{ system_prompt: "one" }, { system_prompt_tokens: 5 }, { system_prompt: "one" }, {
    system_prompt: "two",
  }];
  const events = [canonical("h1"), canonical("h9"), canonical("h1"), canonical("h2")];
  assert.deepEqual(promptTextsByHash(raw, events), { h1: "one", h2: "two" });
});

Deno.test("promptTextsByHash is empty when no event sent a prompt text", () => {
  assert.deepEqual(
    promptTextsByHash([{}, { system_prompt_hash: "ab" }], [canonical(null), canonical("ab")]),
    {},
  );
});

Deno.test("batchJson: metadata goes in as the source text sent; other events as JSON.stringify writes them", () => {
  const event = (request_id: string, metadata: Record<string, unknown>) =>
    ({ request_id, source: "unit", metadata }) as unknown as CanonicalEvent;
  const sent = '{"n": 12345678901234567891, "__proto__": {"x": 1}}';
  const events = [event("a", JSON.parse(sent)), event("b", { m: 1 })];
  assert.equal(
    batchJson(events, [sent, undefined]),
    `[{"request_id":"a","source":"unit","metadata":${sent}},{"request_id":"b","source":"unit","metadata":{"m":1}}]`,
  );
  assert.equal(batchJson(events), JSON.stringify(events));
  assert.throws(() => batchJson(events, ["[1]"]), /metadata source of event 0 is not a JSON object's text/);
});
