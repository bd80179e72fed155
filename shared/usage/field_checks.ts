/**
 * Small checks shared by the usage modules: the per-event limits, the wording of a
 * problem with a count or a string, and the dotted field paths that errors carry.
 */
import type { z } from "../deps/zod.ts";

/** One problem with one field of one event. `field` is a dotted path (`usage.prompt_tokens`, `tools[0].calls`). */
export interface FieldError {
  field: string;
  message: string;
}

/** The most tokens of any one kind a single event may report; larger counts are rejected as unreasonably large. */
export const MAX_TOKENS_PER_EVENT = 100_000_000;

/**
 * What is wrong with a value that should be a count (a non-negative safe integer no larger than `max`),
 * or null when nothing is.
 */
export function countProblem(value: unknown, max: number = MAX_TOKENS_PER_EVENT): string | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return "expected a number";
  if (!Number.isInteger(value)) return "must be an integer";
  if (value < 0) return "must not be negative";
  if (value > Number.MAX_SAFE_INTEGER) return "exceeds the largest safe integer (2^53-1)";
  if (value > max) return `is unreasonably large (more than ${max.toLocaleString("en-US")})`;
  return null;
}

/**
 * What is wrong with a string that will be stored in Postgres (text or jsonb), or null: Postgres rejects
 * NUL characters, and jsonb rejects unpaired UTF-16 surrogates.
 */
export function storedStringProblem(value: string): string | null {
  if (value.includes("\u0000")) return "must not contain NUL characters";
  if (!value.isWellFormed()) return "must not contain unpaired surrogates (invalid Unicode)";
  return null;
}

/** The control characters (C0, DEL, C1) no label may carry, as a character class; the CLIs escape the same ones. */
export const CONTROL_CHARACTER_CLASS = "[\\u0000-\\u001f\\u007f-\\u009f]";
const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER_CLASS);

/**
 * Why a label (model, app, request id, …) cannot be stored, or null: on top of
 * {@link storedStringProblem}, no control characters (C0, DEL, C1), which would break or recolour
 * every table and terminal that shows the label.
 */
export function labelProblem(value: string): string | null {
  return storedStringProblem(value) ??
    (CONTROL_CHARACTERS.test(value)
      ? "must not contain control characters (U+0000-U+001F, U+007F-U+009F)"
      : null);
}

/** The most levels of objects and arrays any one field of an event may nest (`{}` is one level). */
export const MAX_NESTING_DEPTH = 32;

/**
 * How many levels of objects and arrays `value` nests (0 for a string, number, boolean or null; 1 for
 * `{}` or `[1]`), counted without recursion (an explicit stack), so that input nested thousands of levels
 * deep cannot overflow the call stack. Counting stops past `limit`: the answer is then `limit + 1`.
 */
export function nestingDepth(value: unknown, limit: number = MAX_NESTING_DEPTH): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value !== "object" || item.value === null) continue;
    const depth = item.depth + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return limit + 1;
    for (const child of Object.values(item.value)) {
      if (typeof child === "object" && child !== null) stack.push({ value: child, depth });
    }
  }
  return deepest;
}

/** What is wrong with how deep a field nests, or null when it nests at most `limit` levels. */
export function nestingProblem(value: unknown, limit: number = MAX_NESTING_DEPTH): string | null {
  return nestingDepth(value, limit) > limit
    ? `nests more than ${limit} levels of objects and arrays; at most ${limit} allowed`
    : null;
}

/** Joins a path the way errors show it: `["tools", 0, "calls"]` becomes `tools[0].calls`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === "number") return `${out}[${part}]`;
    return out === "" ? String(part) : `${out}.${String(part)}`;
  }, "");
}

/**
 * Turns zod issues into field errors under `prefix`. An unknown key becomes one error per key, named by its
 * own path, so that `{"tokens": 1}` reports field `tokens`, not the object that holds it.
 */
export function issuesToErrors(
  issues: readonly z.ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): FieldError[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: formatPath([...path, key]), message: "unknown field" }));
    }
    return [{ field: formatPath(path), message: issue.message }];
  });
}
