import assert from "node:assert/strict";
import type { CanonicalEvent } from "../usage/canonical_event.ts";
import { promptTextsByHash } from "./store_events.ts";

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
