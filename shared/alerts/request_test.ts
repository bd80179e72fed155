import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { parseCheckRequest } from "./request.ts";

function problems(text: string): { field: string; message: string }[] {
  try {
    parseCheckRequest(text);
  } catch (error) {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 400);
    return error.problems;
  }
  throw new Error("expected a 400");
}

Deno.test("an empty body or {} runs the rules as configured", () => {
  assert.deepEqual(parseCheckRequest(""), {});
  assert.deepEqual(parseCheckRequest("{}"), {});
});

Deno.test("system_prompt_tolerance sets the run's tolerance", () => {
  assert.deepEqual(parseCheckRequest('{"system_prompt_tolerance": 40}'), { systemPromptTolerance: 40 });
  assert.deepEqual(parseCheckRequest('{"system_prompt_tolerance": 0}'), { systemPromptTolerance: 0 });
});

Deno.test("a body over 16 KiB is refused with 413", () => {
  try {
    parseCheckRequest(`{"x": "${"a".repeat(16 * 1024)}"}`);
    assert.fail("expected a 413");
  } catch (error) {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 413);
  }
});

Deno.test("every problem is named", () => {
  assert.deepEqual(
    problems('{"system_prompt_tolerance": -1, "rules": [], "x": 1}').map((p) => p.field).sort(),
    ["rules", "system_prompt_tolerance", "x"],
  );
  assert.equal(problems('{"system_prompt_tolerance": 2.5}')[0].message, "must be a whole number of tokens");
  assert.equal(problems('{"system_prompt_tolerance": "20"}')[0].field, "system_prompt_tolerance");
  assert.deepEqual(problems("not json"), [{ field: "body", message: "expected a JSON object" }]);
  assert.deepEqual(problems("[1]"), [{ field: "body", message: "expected a JSON object" }]);
});
