import assert from "node:assert/strict";
import { budgetScopeSchema, distinctScopes, scopeOfEvent } from "./scope.ts";

Deno.test("an event's scope keeps its set budget dimensions; a batch's scopes are distinct", () => {
  assert.deepEqual(scopeOfEvent({ user_id: "u1", app: "shop", conversation_id: null }), {
    app: "shop",
    user_id: "u1",
  });
  assert.deepEqual(
    distinctScopes([{ user_id: "u1", app: "shop" }, { app: "shop", user_id: "u1" }, { user_id: "u2" }, {}]),
    [{ app: "shop", user_id: "u1" }, { user_id: "u2" }, {}],
  );
});

Deno.test("a scope is an object of known keys with concrete string values", () => {
  assert.deepEqual(budgetScopeSchema.parse({ customer_id: "acme" }), { customer_id: "acme" });
  const bad = budgetScopeSchema.safeParse({ user_id: "*", app: 3, tenant: "x" });
  assert.equal(bad.success, false);
  const issues = bad.success
    ? []
    : bad.error.issues.map((i) => `${i.path.join(".") || i.code}: ${i.message}`).sort();
  assert.deepEqual(issues, [
    "app: expected a string",
    "unrecognized_keys: unknown scope key (allowed: app, environment, user_id, customer_id, conversation_id, model, prompt_variant)",
    'user_id: must be a concrete value, not "*"',
  ]);
});
