import assert from "node:assert/strict";
import { z } from "../deps/zod.ts";
import {
  countProblem,
  formatPath,
  issuesToErrors,
  nestingDepth,
  nestingProblem,
  storedStringProblem,
} from "./field_checks.ts";

Deno.test("countProblem: the first thing wrong, in order", () => {
  assert.equal(countProblem(0), null);
  assert.equal(countProblem(100_000_000), null);
  assert.equal(countProblem("1"), "expected a number");
  assert.equal(countProblem(Number.NaN), "expected a number");
  assert.equal(countProblem(0.5), "must be an integer");
  assert.equal(countProblem(-1), "must not be negative");
  assert.equal(countProblem(2 ** 60), "exceeds the largest safe integer (2^53-1)");
  assert.equal(countProblem(11, 10), "is unreasonably large (more than 10)");
});

Deno.test("storedStringProblem: NUL and unpaired surrogates", () => {
  assert.equal(storedStringProblem("plain ✓ 😀"), null);
  assert.match(storedStringProblem("a\u0000") ?? "", /NUL/);
  assert.match(storedStringProblem("\udc00x") ?? "", /unpaired surrogates/);
});

Deno.test("formatPath and issuesToErrors: dotted paths, [i] for indexes, one error per unknown key", () => {
  assert.equal(formatPath(["tools", 0, "calls"]), "tools[0].calls");
  assert.equal(formatPath([]), "");
  const parsed = z.strictObject({ a: z.array(z.strictObject({ b: z.number() })) }).safeParse({
    a: [{ b: "x", c: 1, d: 2 }],
  });
  assert.ok(!parsed.success);
  assert.deepEqual(issuesToErrors(parsed.error.issues, ["event"]).map((e) => e.field), [
    "event.a[0].b",
    "event.a[0].c",
    "event.a[0].d",
  ]);
});

Deno.test("nestingDepth counts levels of objects and arrays without recursion, stopping past the limit", () => {
  assert.equal(nestingDepth(1), 0);
  assert.equal(nestingDepth(null), 0);
  assert.equal(nestingDepth({}), 1);
  assert.equal(nestingDepth({ a: [1, { b: [] }], c: 2 }), 4);
  const deep = JSON.parse("[".repeat(1_000_000) + "]".repeat(1_000_000));
  assert.equal(nestingDepth(deep, 32), 33);
  assert.equal(nestingProblem(deep), "nests more than 32 levels of objects and arrays; at most 32 allowed");
  assert.equal(nestingProblem({ a: 1 }), null);
});
