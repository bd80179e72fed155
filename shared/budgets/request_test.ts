import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { parseCheckBudgetRequest } from "./request.ts";

function problems(text: string): string[] {
  try {
    parseCheckBudgetRequest(text);
  } catch (error) {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 400);
    return error.problems.map((p) => `${p.field}: ${p.message}`).sort();
  }
  throw new Error("expected a 400");
}

Deno.test("check-budget reads {scope} and names every bad field", () => {
  assert.deepEqual(parseCheckBudgetRequest('{"scope": {"user_id": "u1", "app": "shop"}}'), {
    user_id: "u1",
    app: "shop",
  });
  assert.deepEqual(problems("{}"), ["scope: required"]);
  assert.deepEqual(problems("not json"), ['body: expected {"scope": {...}}']);
  assert.deepEqual(problems('{"scope": {"tenant": "x", "user_id": ""}, "extra": 1}'), [
    "extra: unknown field (allowed: scope)",
    "scope.tenant: unknown field (allowed: app, environment, user_id, customer_id, conversation_id, model, prompt_variant)",
    "scope.user_id: must not be blank",
  ]);
});
