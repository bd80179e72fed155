import assert from "node:assert/strict";
import { isoWeekOf, lastCompleteWeek, parseIsoWeek, previousWeek, weeksInIsoYear } from "./iso_week.ts";

Deno.test("parseIsoWeek gives Monday 00:00 UTC to the next Monday", () => {
  const w = parseIsoWeek("2026-W47");
  assert.ok(!("error" in w));
  assert.equal(w.label, "2026-W47");
  assert.equal(w.start.toISOString(), "2026-11-16T00:00:00.000Z");
  assert.equal(w.end.toISOString(), "2026-11-23T00:00:00.000Z");
});

Deno.test("week 1 holds the first Thursday; it can start in December", () => {
  // 2026-01-01 is a Thursday, so 2026-W01 starts Monday 2025-12-29.
  const w = parseIsoWeek("2026-W01");
  assert.ok(!("error" in w));
  assert.equal(w.start.toISOString(), "2025-12-29T00:00:00.000Z");
  // 2021-01-01 is a Friday: it belongs to 2020-W53.
  assert.equal(isoWeekOf(new Date("2021-01-01T12:00:00Z")).label, "2020-W53");
  assert.equal(isoWeekOf(new Date("2025-12-29T00:00:00Z")).label, "2026-W01");
});

Deno.test("weeksInIsoYear: 53 for 2020 and 2026, 52 for 2025", () => {
  assert.equal(weeksInIsoYear(2020), 53);
  assert.equal(weeksInIsoYear(2026), 53);
  assert.equal(weeksInIsoYear(2025), 52);
});

Deno.test("parseIsoWeek names what is wrong", () => {
  assert.match((parseIsoWeek("2025-W53") as { error: string }).error, /weeks 01 to 52/);
  assert.match((parseIsoWeek("2025-W00") as { error: string }).error, /weeks 01 to 52/);
  assert.match((parseIsoWeek("2025-47") as { error: string }).error, /not an ISO week/);
  assert.match((parseIsoWeek("last week") as { error: string }).error, /not an ISO week/);
  assert.equal((parseIsoWeek("2026w47") as { label: string }).label, "2026-W47");
});

Deno.test("lastCompleteWeek is the week before the current one, at every instant of the week", () => {
  assert.equal(lastCompleteWeek(new Date("2026-11-24T01:54:00Z")).label, "2026-W47");
  assert.equal(lastCompleteWeek(new Date("2026-11-23T00:00:00Z")).label, "2026-W47");
  assert.equal(lastCompleteWeek(new Date("2026-11-22T23:59:59.999Z")).label, "2026-W46");
  assert.equal(lastCompleteWeek(new Date("2026-01-02T00:00:00Z")).label, "2025-W52");
  assert.equal(previousWeek(isoWeekOf(new Date("2026-01-01T00:00:00Z"))).label, "2025-W52");
});
