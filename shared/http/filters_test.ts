import assert from "node:assert/strict";
import { filterProblem, filterValue, MAX_FILTER_LENGTH } from "./filters.ts";

Deno.test("filterProblem: length, NUL, control characters and broken Unicode are refused; labels pass", () => {
  assert.equal(filterProblem("support-bot"), null);
  assert.equal(filterProblem("x".repeat(MAX_FILTER_LENGTH)), null);
  assert.equal(filterProblem("x".repeat(MAX_FILTER_LENGTH + 1)), "must be at most 200 characters");
  assert.equal(filterProblem("a\u0000"), "must not contain NUL characters");
  assert.equal(
    filterProblem("a\u001b[2J"),
    "must not contain control characters (U+0000-U+001F, U+007F-U+009F)",
  );
  assert.equal(filterProblem("a\nb"), "must not contain control characters (U+0000-U+001F, U+007F-U+009F)");
  assert.equal(filterProblem("a\ud800"), "must not contain unpaired surrogates (invalid Unicode)");
});

Deno.test("filterValue: absent and empty mean no filter", () => {
  assert.equal(filterValue(null), null);
  assert.equal(filterValue(""), null);
  assert.equal(filterValue("shop"), "shop");
});
