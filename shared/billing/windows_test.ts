import assert from "node:assert/strict";
import { syncWindows } from "./windows.ts";

const now = new Date("2026-03-10T14:25:00Z");

Deno.test("a synced source re-reads the last 48 hours and 3 days, up to the open hour and today", () => {
  const w = syncWindows(now, new Date("2026-03-10T13:17:00Z"));
  assert.equal(w.usageFrom.toISOString(), "2026-03-08T13:00:00.000Z");
  assert.equal(w.usageTo.toISOString(), "2026-03-10T15:00:00.000Z");
  assert.deepEqual([w.costFrom, w.costTo], ["2026-03-07", "2026-03-11"]);
});

Deno.test("after failed runs the window reaches back from the last success", () => {
  const w = syncWindows(now, new Date("2026-03-05T02:40:00Z"));
  assert.equal(w.usageFrom.toISOString(), "2026-03-03T02:00:00.000Z");
  assert.equal(w.costFrom, "2026-03-02");
});

Deno.test("a first sync reads 7 days (plus the finality window); an explicit from wins", () => {
  const first = syncWindows(now, null);
  assert.equal(first.usageFrom.toISOString(), "2026-03-01T14:00:00.000Z");
  assert.equal(first.costFrom, "2026-02-28");
  const explicit = syncWindows(now, new Date("2026-03-10T13:17:00Z"), "2026-01-15");
  assert.equal(explicit.usageFrom.toISOString(), "2026-01-15T00:00:00.000Z");
  assert.deepEqual([explicit.costFrom, explicit.costTo], ["2026-01-15", "2026-03-11"]);
});
