import assert from "node:assert/strict";
import { effectiveThresholds, judge } from "./judge.ts";
import type { Measurement } from "./types.ts";

/** A measured rule with the seeded error_rate rule's settings; tests override what they vary. */
function measured(over: Partial<Measurement>): Measurement {
  return {
    rule_id: 1,
    rule: "error_rate",
    description: null,
    metric: "error_rate",
    comparison: "above",
    warning_threshold: null,
    critical_threshold: 0.05,
    baseline: null,
    window: "last_hour",
    window_from: "2026-11-20T14:20:00.000Z",
    window_to: "2026-11-20T15:20:00.000Z",
    history_days: null,
    min_requests: 10,
    scope: { app: null, environment: null, model: null, prompt_variant: null },
    cooldown_seconds: 900,
    recommendation: null,
    requests: 100,
    value: 0,
    reference: null,
    compared: 0,
    history: null,
    fingerprint: "f".repeat(64),
    ...over,
  };
}

const at = (value: number, over: Partial<Measurement> = {}) =>
  judge(measured({ value, compared: value, ...over }));

Deno.test("seeded system_prompt_band (198 ± 20, CRITICAL): 218 and 178 pass, 219 and 177 are CRITICAL", () => {
  const band = (value: number) =>
    judge(measured({
      rule: "system_prompt_band",
      metric: "avg_system_prompt_tokens",
      comparison: "outside_band",
      baseline: "mcp",
      critical_threshold: 20,
      reference: 198,
      value,
      compared: Math.abs(value - 198),
    }));
  assert.equal(band(217).severity, "INFO"); // |217 - 198| = 19 < 20
  assert.equal(band(218).severity, "INFO"); // 20 = 20: at the edge of the band still passes
  assert.equal(band(219).severity, "CRITICAL"); // 21 > 20
  assert.equal(band(178).severity, "INFO"); // |178 - 198| = 20
  assert.equal(band(177).severity, "CRITICAL"); // 21
  assert.match(band(219).message, /219 is outside 198 ± 20/);
  assert.match(band(177).recommendation ?? "", /smaller than its baseline/);
  assert.match(band(219).recommendation ?? "", /system prompt has grown/);
});

Deno.test("seeded tool_failure_rate (CRITICAL above 5%): 4% and 5% pass, 6% is CRITICAL", () => {
  const tool = { rule: "tool_failure_rate", metric: "tool_failure_rate" as const };
  assert.equal(at(0.04, tool).severity, "INFO");
  assert.equal(at(0.05, tool).severity, "INFO");
  assert.equal(at(0.06, tool).severity, "CRITICAL");
});

Deno.test("seeded tokens_per_request (WARNING above 600): 599 and 600 pass, 601 is WARNING", () => {
  const tpr = {
    rule: "tokens_per_request",
    metric: "avg_tokens_per_request" as const,
    warning_threshold: 600,
    critical_threshold: null,
  };
  assert.equal(at(599, tpr).severity, "INFO");
  assert.equal(at(600, tpr).severity, "INFO");
  assert.equal(at(601, tpr).severity, "WARNING");
});

Deno.test("seeded daily_cost (WARNING above $10): $9.999 and $10 pass, $10.001 is WARNING", () => {
  const cost = {
    rule: "daily_cost",
    metric: "cost_usd" as const,
    warning_threshold: 10,
    critical_threshold: null,
    window: "today",
  };
  assert.equal(at(9.999, cost).severity, "INFO");
  assert.equal(at(10, cost).severity, "INFO");
  assert.equal(at(10.001, cost).severity, "WARNING");
  assert.match(at(10.001, cost).message, /cost \$10\.001 is above \$10\.00 \(today \(UTC\)\)/);
});

Deno.test("seeded error_rate (CRITICAL above 5%): 4% and 5% pass, 6% is CRITICAL", () => {
  assert.equal(at(0.04).severity, "INFO");
  assert.equal(at(0.05).severity, "INFO");
  const bad = at(0.06);
  assert.equal(bad.severity, "CRITICAL");
  assert.equal(bad.passed, false);
  assert.equal(bad.judged, true);
  assert.match(bad.message, /error rate 6% is above 5%/);
  assert.match(bad.recommendation ?? "", /error_type/);
});

Deno.test("a rule with both thresholds: WARNING past the first, CRITICAL past the second", () => {
  const both = { warning_threshold: 0.05, critical_threshold: 0.1 };
  assert.equal(at(0.05, both).severity, "INFO");
  assert.equal(at(0.06, both).severity, "WARNING");
  assert.equal(at(0.1, both).severity, "WARNING");
  assert.equal(at(0.11, both).severity, "CRITICAL");
});

Deno.test("below: fails under the threshold, passes at it", () => {
  const below = {
    metric: "requests" as const,
    comparison: "below" as const,
    warning_threshold: 50,
    critical_threshold: 10,
  };
  assert.equal(at(50, below).severity, "INFO");
  assert.equal(at(49, below).severity, "WARNING");
  assert.equal(at(10, below).severity, "WARNING");
  assert.equal(at(9, below).severity, "CRITICAL");
});

Deno.test("rolling baseline (WARNING above 3x): ratio 2.99 and 3 pass, 3.01 is WARNING; no history is not judged", () => {
  const rolling = (compared: number | null, reference: number | null) =>
    judge(measured({
      rule: "hourly_cost_spike",
      metric: "cost_usd",
      comparison: "above_rolling_baseline",
      warning_threshold: 3,
      critical_threshold: null,
      history_days: 7,
      min_requests: 1,
      value: 9,
      reference,
      compared,
      history: [3, 3, 3, 3, 3, 3, 3],
    }));
  assert.equal(rolling(2.99, 3).severity, "INFO");
  assert.equal(rolling(3, 3).severity, "INFO");
  const spike = rolling(3.01, 3);
  assert.equal(spike.severity, "WARNING");
  assert.match(
    spike.message,
    /cost \$9\.00 in the last complete hour is 3\.01x the 7-day average of \$3\.00, limit 3x/,
  );
  assert.match(spike.recommendation ?? "", /usual level for these hours over the last 7 days/);
  const none = rolling(null, 0);
  assert.equal(none.judged, false);
  assert.equal(none.severity, "INFO");
  assert.match(none.reason ?? "", /no history/);
});

Deno.test("min_requests: 9 requests are not judged, 10 are", () => {
  const nine = at(1, { requests: 9 });
  assert.equal(nine.judged, false);
  assert.equal(nine.passed, false);
  assert.equal(nine.severity, "INFO");
  assert.equal(nine.reason, "9 requests in the window, fewer than the 10 this rule needs");
  assert.equal(nine.recommendation, null);
  assert.equal(at(1, { requests: 10 }).severity, "CRITICAL");
});

Deno.test("no value (no denominator) is not judged", () => {
  const none = judge(measured({ value: null, compared: null, metric: "tool_failure_rate" }));
  assert.equal(none.judged, false);
  assert.match(none.reason ?? "", /no tool failure rate in the window/);
});

Deno.test("an outside_band rule whose baseline has no tolerance and no thresholds is not judged", () => {
  const m = measured({
    metric: "avg_system_prompt_tokens",
    comparison: "outside_band",
    critical_threshold: null,
    reference: 5200,
    value: 5300,
    compared: 100,
  });
  assert.match(judge(m).reason ?? "", /no threshold/);
});

Deno.test("the system-prompt tolerance override replaces the band's CRITICAL half-width for the run only", () => {
  const m = measured({
    rule: "system_prompt_band",
    metric: "avg_system_prompt_tokens",
    comparison: "outside_band",
    baseline: "mcp",
    critical_threshold: 20,
    reference: 198,
    value: 230,
    compared: 32,
  });
  assert.equal(judge(m).severity, "CRITICAL"); // 32 > 20
  assert.equal(judge(m, { systemPromptTolerance: 40 }).severity, "INFO"); // 32 <= 40
  assert.equal(judge(m, { systemPromptTolerance: 32 }).severity, "INFO"); // at the edge
  assert.equal(judge(m, { systemPromptTolerance: 31 }).severity, "CRITICAL");
  assert.equal(judge(m, { systemPromptTolerance: 40 }).critical_threshold, 40);
  assert.equal(m.critical_threshold, 20, "the measurement is not changed");
  // a WARNING half-width survives only when it is inside the new band
  assert.deepEqual(effectiveThresholds({ ...m, warning_threshold: 10 }, { systemPromptTolerance: 40 }), {
    warning: 10,
    critical: 40,
  });
  assert.deepEqual(effectiveThresholds({ ...m, warning_threshold: 10 }, { systemPromptTolerance: 5 }), {
    warning: null,
    critical: 5,
  });
  // other rules are not touched
  const errors = measured({});
  assert.deepEqual(effectiveThresholds(errors, { systemPromptTolerance: 5 }), {
    warning: null,
    critical: 0.05,
  });
});

Deno.test("a rule's own recommendation wins over the built-in advice", () => {
  assert.equal(at(0.5, { recommendation: "  Page the on-call.  " }).recommendation, "Page the on-call.");
});
