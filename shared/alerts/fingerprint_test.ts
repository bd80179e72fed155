import assert from "node:assert/strict";
import { alertFingerprint, fingerprintText } from "./fingerprint.ts";

const scope = { app: "shop", environment: null, model: null, prompt_variant: "mcp" };

Deno.test("the fingerprint is sha256 of the canonical rule-and-scope text", async () => {
  const input = { rule_id: 7, metric: "error_rate" as const, comparison: "above" as const, scope };
  assert.equal(
    fingerprintText(input),
    '["tokenwatch.alert.v1",7,"error_rate","above","shop",null,null,"mcp"]',
  );
  const expected = Array.from(
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(fingerprintText(input)))),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  assert.equal(await alertFingerprint(input), expected);
  assert.match(expected, /^[0-9a-f]{64}$/);
});

Deno.test("the same rule in another scope, or another rule, has another fingerprint; the same input the same one", async () => {
  const base = { rule_id: 7, metric: "error_rate" as const, comparison: "above" as const, scope };
  const a = await alertFingerprint(base);
  assert.equal(await alertFingerprint({ ...base, scope: { ...scope } }), a);
  assert.notEqual(await alertFingerprint({ ...base, scope: { ...scope, app: "blog" } }), a);
  assert.notEqual(await alertFingerprint({ ...base, rule_id: 8 }), a);
  // null and the string "null" are different scopes
  assert.notEqual(await alertFingerprint({ ...base, scope: { ...scope, environment: "null" } }), a);
});
