import assert from "node:assert/strict";
import { demoPlan } from "./plan.ts";

Deno.test("the demo covers the last complete week and this week up to now", () => {
  const plan = demoPlan(new Date("2026-11-24T01:30:00Z")); // a Tuesday
  assert.deepEqual(plan.days.map((d) => d.day), [
    "2026-11-16",
    "2026-11-17",
    "2026-11-18",
    "2026-11-19",
    "2026-11-20",
    "2026-11-21",
    "2026-11-22",
    "2026-11-23",
    "2026-11-24",
  ]);
  assert.equal(plan.days.at(-1)!.end, "2026-11-24T01:30:00.000Z");
  // 1,400 a weekday, 600 a weekend day (of the current day, only the requests before now are loaded)
  assert.deepEqual(plan.days.map((d) => d.requests), [1400, 1400, 1400, 1400, 1400, 600, 600, 1400, 1400]);
});

Deno.test("exactly one day breaks the thresholds: Thursday of the reported week", () => {
  const plan = demoPlan(new Date("2026-11-24T01:30:00Z"));
  const bad = plan.days.filter((d) => d.mcp_system_prompt_tokens > 218 || d.failing_tool !== null);
  assert.deepEqual(bad.map((d) => d.day), ["2026-11-19"]);
  assert.equal(bad[0].mcp_system_prompt_tokens, 262);
  assert.ok(plan.days.filter((d) => d !== bad[0]).every((d) => d.mcp_system_prompt_tokens === 198));
});

Deno.test("both prompt designs, several models, one of them unpriced", () => {
  const plan = demoPlan(new Date("2026-11-24T01:30:00Z"));
  assert.equal(plan.traditional_share, 0.15);
  assert.equal(plan.traditional_system_prompt_tokens, 5200);
  assert.equal(Math.round(plan.models.reduce((s, m) => s + m.weight, 0) * 100), 100);
  assert.deepEqual(
    new Set(plan.models.map((m) => m.provider)),
    new Set(["openai", "anthropic", "google", "self-hosted"]),
  );
  // early on a Monday the current day is only minutes long, but the reported week is whole
  assert.equal(demoPlan(new Date("2026-11-23T00:00:00Z")).days.length, 7);
});
