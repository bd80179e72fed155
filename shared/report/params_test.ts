import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { parseReportQuery } from "./params.ts";

const now = new Date("2026-11-24T01:54:00Z");

Deno.test("defaults: the last complete week, markdown, all apps, trigger api", () => {
  const q = parseReportQuery(new URLSearchParams(""), now);
  assert.deepEqual([q.week.label, q.format, q.app, q.trigger], ["2026-W47", "md", null, "api"]);
  const r = parseReportQuery(new URLSearchParams("week=2025-W10&format=json&app=shop&trigger=cron"), now);
  assert.deepEqual([r.week.label, r.week.start.toISOString(), r.format, r.app, r.trigger], [
    "2025-W10",
    "2025-03-03T00:00:00.000Z",
    "json",
    "shop",
    "cron",
  ]);
  // the current week may be asked for (a partial report)
  assert.equal(parseReportQuery(new URLSearchParams("week=2026-W48"), now).week.label, "2026-W48");
});

Deno.test("a 400 names every problem: bad week, future week, format, trigger, unknown parameter", () => {
  const problems = (s: string) => {
    try {
      parseReportQuery(new URLSearchParams(s), now);
    } catch (e) {
      assert.ok(e instanceof HttpError && e.status === 400);
      return e.problems.map((p) => p.field);
    }
    throw new Error("no 400");
  };
  assert.deepEqual(problems("week=2026-47&format=pdf&trigger=me&colour=red"), [
    "colour",
    "week",
    "format",
    "trigger",
  ]);
  assert.deepEqual(problems("week=2026-W49"), ["week"]);
  assert.deepEqual(problems("week=2025-W53"), ["week"]);
  assert.deepEqual(problems("app=%00"), ["app"]);
});
