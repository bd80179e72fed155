/**
 * Each seeded rule just below, at and just above its threshold, on real events through the real
 * measurement (monitoring.measure_alert_rules → monitoring.health_metrics) and judge: the same
 * path check-alerts takes, minus recording. The seeded rules are copied (thresholds, window,
 * min_requests, baseline, scope) into disabled rules scoped to this test's own apps, and measured
 * at a fixed instant, so nothing else in the database, and no cron run, can change the outcome.
 *
 * Test price: $0.001 per input or output token (scenario.ts).
 */
import assert from "node:assert/strict";
import { judge } from "../../shared/alerts/judge.ts";
import { measureRules } from "../../shared/alerts/measure.ts";
import type { Check } from "../../shared/alerts/types.ts";
import {
  cleanup,
  cloneSeededRule,
  createRule,
  type EventBatch,
  insertEvents,
  uniq,
} from "../fixtures/receivers/scenario.ts";
import { connect } from "../helpers/test_env.ts";

const NOW = new Date("2025-06-18T15:20:00Z");
const IN_WINDOW = new Date("2025-06-18T15:00:00Z"); // inside [14:20, 15:20)

/** For each case: an app, its events; clone the seeded rule for it; measure all; judge. */
async function judgeCases(
  seeded: string,
  cases: Record<string, EventBatch[] | ((app: string) => EventBatch[])>,
): Promise<Record<string, Check>> {
  const sql = connect();
  const ruleIds: number[] = [];
  try {
    const names: Record<number, string> = {};
    for (const [label, events] of Object.entries(cases)) {
      const app = uniq(`tw5-${seeded}-${label}`);
      const id = await cloneSeededRule(sql, { seeded, name: app, app });
      ruleIds.push(id);
      names[id] = label;
      const batches = typeof events === "function" ? events(app) : events.map((e) => ({ ...e, app }));
      await insertEvents(sql, batches);
    }
    const { measurements } = await measureRules(sql, { now: NOW, ruleIds });
    assert.equal(measurements.length, ruleIds.length);
    return Object.fromEntries(measurements.map((m) => [names[m.rule_id], judge(m)]));
  } finally {
    await cleanup(sql, { ruleIds });
    await sql.end();
  }
}

const at = (over: Partial<EventBatch>): EventBatch => ({ app: "", at: IN_WINDOW, count: 1, ...over });

Deno.test("system_prompt_band (198 ± 20, mcp traffic): averages 217 and 218 pass, 219 and 177 are CRITICAL", async () => {
  const mcp = (count: number, systemPrompt: number) =>
    at({ count, systemPrompt, input: 300, output: 50, promptVariant: "mcp" });
  const r = await judgeCases("system_prompt_band", {
    below: [mcp(10, 217)], // avg 217, |217-198| = 19
    at: [mcp(5, 208), mcp(5, 228)], // (5·208 + 5·228) / 10 = 218, |218-198| = 20: at the edge
    above: [mcp(5, 210), mcp(5, 228)], // (1050 + 1140) / 10 = 219, 21 > 20
    under: [mcp(10, 177)], // 21 below the centre
    // traditional traffic of the same app is outside the rule's scope (prompt_variant mcp)
    scoped: (
      app,
    ) => [{ ...mcp(10, 200), app }, { ...mcp(10, 5200), app, input: 6000, promptVariant: "traditional" }],
  });
  assert.deepEqual([r.below.value, r.below.compared, r.below.severity], [217, 19, "INFO"]);
  assert.deepEqual([r.at.value, r.at.compared, r.at.severity], [218, 20, "INFO"]);
  assert.deepEqual([r.above.value, r.above.compared, r.above.severity], [219, 21, "CRITICAL"]);
  assert.deepEqual([r.under.value, r.under.severity], [177, "CRITICAL"]);
  assert.deepEqual([r.scoped.value, r.scoped.requests, r.scoped.severity], [200, 10, "INFO"]);
  assert.equal(r.above.critical_threshold, 20, "the CRITICAL half-width is the mcp baseline's tolerance");
  assert.equal(r.above.reference, 198);
});

Deno.test("tool_failure_rate (CRITICAL above 5%): 4/100 and 5/100 failed calls pass, 6/100 is CRITICAL", async () => {
  // 10 requests with 10 tool calls each = 100 calls; failures spread over the requests
  const tools = (
    failures: number,
  ) => [at({ count: failures, toolCalls: 10, toolFailures: 1 }), at({ count: 10 - failures, toolCalls: 10 })];
  const r = await judgeCases("tool_failure_rate", { below: tools(4), at: tools(5), above: tools(6) });
  assert.deepEqual([r.below.value, r.below.severity], [0.04, "INFO"]);
  assert.deepEqual([r.at.value, r.at.severity], [0.05, "INFO"]);
  assert.deepEqual([r.above.value, r.above.severity], [0.06, "CRITICAL"]);
});

Deno.test("tokens_per_request (WARNING above 600): averages 599 and 600 pass, 601 is WARNING", async () => {
  const r = await judgeCases("tokens_per_request", {
    below: [at({ count: 9, input: 500, output: 100 }), at({ input: 490, output: 100 })], // (9·600 + 590) / 10 = 599
    at: [at({ count: 10, input: 500, output: 100 })], // 600
    above: [at({ count: 9, input: 500, output: 100 }), at({ input: 510, output: 100 })], // (5400 + 610) / 10 = 601
  });
  assert.deepEqual([r.below.value, r.below.severity], [599, "INFO"]);
  assert.deepEqual([r.at.value, r.at.severity], [600, "INFO"]);
  assert.deepEqual([r.above.value, r.above.severity], [601, "WARNING"]);
});

Deno.test("daily_cost (WARNING above $10 today, UTC): $9.999 and $10.000 pass, $10.001 is WARNING; yesterday does not count", async () => {
  const yesterday = at({ at: new Date("2025-06-17T23:59:59Z"), input: 50_000 }); // $50, the day before
  const morning = new Date("2025-06-18T00:00:00Z"); // first instant of the day counts
  const r = await judgeCases("daily_cost", {
    // tokens × $0.001: 9,999 → $9.999; 10,000 → $10; 10,001 → $10.001
    below: [yesterday, at({ at: morning, input: 5_000 }), at({ input: 4_000, output: 999 })],
    at: [yesterday, at({ at: morning, input: 5_000 }), at({ input: 4_000, output: 1_000 })],
    above: [yesterday, at({ at: morning, input: 5_000 }), at({ input: 4_000, output: 1_001 })],
  });
  assert.deepEqual([r.below.value, r.below.severity], [9.999, "INFO"]);
  assert.deepEqual([r.at.value, r.at.severity], [10, "INFO"]);
  assert.deepEqual([r.above.value, r.above.severity], [10.001, "WARNING"]);
  assert.equal(r.at.window_from, "2025-06-18T00:00:00.000Z");
  assert.equal(r.at.requests, 2);
});

Deno.test("error_rate (CRITICAL above 5%): 4/100 and 5/100 errors pass, 6/100 is CRITICAL", async () => {
  const errors = (n: number) => [at({ count: n, status: "error" }), at({ count: 100 - n })];
  const r = await judgeCases("error_rate", { below: errors(4), at: errors(5), above: errors(6) });
  assert.deepEqual([r.below.value, r.below.severity], [0.04, "INFO"]);
  assert.deepEqual([r.at.value, r.at.severity], [0.05, "INFO"]);
  assert.deepEqual([r.above.value, r.above.severity], [0.06, "CRITICAL"]);
});

Deno.test("min_requests (10 for error_rate): 9 failing requests are not judged, 10 are CRITICAL", async () => {
  const r = await judgeCases("error_rate", {
    nine: [at({ count: 9, status: "error" })],
    ten: [at({ count: 10, status: "error" })],
    // events outside [14:20, 15:20) do not count towards the minimum
    edges: [
      at({ count: 9, status: "error" }),
      at({ at: new Date("2025-06-18T14:19:59Z"), status: "error" }),
      at({ at: NOW, status: "error" }),
    ],
  });
  assert.deepEqual([r.nine.requests, r.nine.judged, r.nine.severity], [9, false, "INFO"]);
  assert.equal(r.nine.reason, "9 requests in the window, fewer than the 10 this rule needs");
  assert.deepEqual([r.ten.requests, r.ten.judged, r.ten.severity], [10, true, "CRITICAL"]);
  assert.deepEqual([r.edges.requests, r.edges.judged], [9, false]);
});

Deno.test("hourly_cost_spike (WARNING above 3x the same hour's 7-day average) on a constructed history", async () => {
  // Checked at 2025-06-18 15:20: the current window is the last complete hour [14:00, 15:00).
  // History: the same hour on 06-17 .. 06-11 (day 1 .. day 7) costs $2, $1, $0 (no traffic), $1, $1, $1, $1
  // = $7 / 7 days = $1.00 average. Current hour: $2.999 / $3.000 / $3.001 → 2.999x / 3x / 3.001x.
  const day = (d: number, minute = 30) => new Date(Date.UTC(2025, 5, 18 - d, 14, minute));
  const history = (app: string): EventBatch[] => [
    { app, at: day(1), count: 2, input: 1_000 }, // $2
    { app, at: day(2), count: 1, input: 1_000 }, // $1
    { app, at: day(4), count: 1, input: 1_000 },
    { app, at: day(5), count: 1, input: 1_000 },
    { app, at: day(6), count: 1, input: 1_000 },
    { app, at: day(7), count: 1, input: 1_000 },
    // outside the compared hours: the hour before and the hour after on day 1, and day 8
    { app, at: new Date("2025-06-17T13:59:59Z"), count: 1, input: 50_000 },
    { app, at: new Date("2025-06-17T15:00:00Z"), count: 1, input: 50_000 },
    { app, at: day(8), count: 1, input: 50_000 },
    // the current, incomplete hour is not part of the window
    { app, at: new Date("2025-06-18T15:10:00Z"), count: 1, input: 50_000 },
  ];
  const current = (app: string, tokens: number): EventBatch[] => [
    ...history(app),
    { app, at: new Date("2025-06-18T14:00:00Z"), count: 1, input: 2_000 }, // $2, first instant of the hour
    { app, at: new Date("2025-06-18T14:59:59Z"), count: 1, input: tokens - 2_000 },
  ];
  const r = await judgeCases("hourly_cost_spike", {
    below: (app) => current(app, 2_999),
    at: (app) => current(app, 3_000),
    above: (app) => current(app, 3_001),
    empty: (app) => [{ app, at: new Date("2025-06-18T14:30:00Z"), count: 1, input: 5_000 }], // no history at all
  });
  assert.deepEqual(r.at.history, [2, 1, 0, 1, 1, 1, 1]);
  assert.equal(r.at.reference, 1);
  assert.equal(r.at.window_from, "2025-06-18T14:00:00.000Z");
  assert.equal(r.at.window_to, "2025-06-18T15:00:00.000Z");
  assert.deepEqual([r.below.value, r.below.compared, r.below.severity], [2.999, 2.999, "INFO"]);
  assert.deepEqual([r.at.value, r.at.compared, r.at.severity], [3, 3, "INFO"]);
  assert.deepEqual([r.above.value, r.above.compared, r.above.severity], [3.001, 3.001, "WARNING"]);
  assert.equal(r.above.requests, 2);
  assert.deepEqual([r.empty.judged, r.empty.reference], [false, 0]);
  assert.match(r.empty.reason ?? "", /no history/);
});

Deno.test("a rule measured with ruleIds is measured even when disabled; without, only enabled rules are", async () => {
  const sql = connect();
  const name = uniq("tw5-disabled");
  const id = await createRule(sql, { name, metric: "requests", warning: 1, enabled: false, app: name });
  try {
    const only = await measureRules(sql, { now: NOW, ruleIds: [id] });
    assert.deepEqual(only.measurements.map((m) => m.rule), [name]);
    const all = await measureRules(sql, { now: NOW });
    assert.equal(all.measurements.some((m) => m.rule_id === id), false);
  } finally {
    await cleanup(sql, { ruleIds: [id] });
    await sql.end();
  }
});
