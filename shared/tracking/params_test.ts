import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { parseInstant, parseUsageQuery } from "./params.ts";

const now = new Date("2026-11-24T12:00:00Z");
const q = (s: string) => parseUsageQuery(new URLSearchParams(s), now);
function problems(s: string): string[] {
  try {
    q(s);
  } catch (e) {
    assert.ok(e instanceof HttpError && e.status === 400);
    return e.problems.map((p) => `${p.field}: ${p.message}`);
  }
  throw new Error(`no 400 for ${s}`);
}

Deno.test("period=day|week|month are the last 24 hours, 7 days, 30 days up to now; day by default", () => {
  assert.deepEqual([q("").period, q("").from.toISOString()], ["day", "2026-11-23T12:00:00.000Z"]);
  assert.equal(q("period=week").from.toISOString(), "2026-11-17T12:00:00.000Z");
  assert.equal(q("period=month").from.toISOString(), "2026-10-25T12:00:00.000Z");
  assert.equal(q("period=month").to.toISOString(), now.toISOString());
});

Deno.test("from/to: dates are 00:00 UTC, instants need a zone, to defaults to now", () => {
  const a = q("from=2025-03-03&to=2025-03-10&app=x&prompt_variant=mcp");
  assert.deepEqual([a.period, a.from.toISOString(), a.to.toISOString(), a.app, a.prompt_variant, a.model], [
    "custom",
    "2025-03-03T00:00:00.000Z",
    "2025-03-10T00:00:00.000Z",
    "x",
    "mcp",
    null,
  ]);
  assert.equal(q("from=2026-11-24T10:00:00%2B02:00").from.toISOString(), "2026-11-24T08:00:00.000Z");
  assert.equal(q("from=2026-11-24T10:00:00Z").to.toISOString(), now.toISOString());
  assert.ok("error" in (parseInstant("2026-02-30") as object));
});

Deno.test("every problem is named at once", () => {
  assert.deepEqual(problems("period=year&app=%00&model=gpt%1B&colour=red"), [
    "colour: unknown parameter; use period, from, to, app, environment, model, prompt_variant",
    'period: must be one of day, week, month; got "year"',
    "app: must not contain NUL characters",
    "model: must not contain control characters (U+0000-U+001F, U+007F-U+009F)",
  ]);
  // An empty filter is no filter (what an HTML form sends for "all").
  assert.equal(q("period=week&app=").app, null);
  assert.deepEqual(problems("period=week&from=2025-01-01"), [
    "period: give either period or from/to, not both",
  ]);
  assert.deepEqual(problems("to=2025-01-01"), ["from: required when to is given"]);
  assert.deepEqual(problems("from=2025-03-10&to=2025-03-03"), ["to: must be after from"]);
  assert.match(problems("from=2025-03-10T00:00")[0], /^from: .*time zone/);
  assert.deepEqual(problems("from=2020-01-01&to=2025-01-01"), ["to: the window may cover at most 400 days"]);
  assert.deepEqual(problems("app=a&app=b"), ["app: given more than once"]);
});
