import assert from "node:assert/strict";
import { type AlertSnapshot, buildAlertMessage } from "./message.ts";
import { judge } from "./judge.ts";
import type { Measurement } from "./types.ts";

const measured = (value: number): Measurement => ({
  rule_id: 3,
  rule: "error_rate",
  description: null,
  metric: "error_rate",
  comparison: "above",
  warning_threshold: 0.05,
  critical_threshold: 0.1,
  baseline: null,
  window: "last_hour",
  window_from: "2026-11-20T14:20:00.000Z",
  window_to: "2026-11-20T15:20:00.000Z",
  history_days: null,
  min_requests: 10,
  scope: { app: "shop", environment: null, model: null, prompt_variant: null },
  cooldown_seconds: 900,
  recommendation: null,
  requests: 100,
  value,
  reference: null,
  compared: value,
  history: null,
  fingerprint: "a".repeat(64),
});
const check = judge(measured(0.12));

const alert: AlertSnapshot = {
  id: 42,
  fingerprint: "a".repeat(64),
  rule_name: "error_rate",
  metric: "error_rate",
  scope: check.scope,
  severity: "CRITICAL",
  value: 0.12,
  threshold: 0.1,
  first_seen_at: "2026-11-20T15:00:00.000Z",
  occurrences: 3,
  resolution: null,
};

Deno.test("an escalation message names the rule, scope, value, threshold and advice", () => {
  const m = buildAlertMessage({ event: "escalated", alert, check, checkedAt: "2026-11-20T15:20:00.000Z" });
  assert.equal(m.title, "[CRITICAL] error_rate [app=shop] escalated to CRITICAL");
  assert.equal(m.text, "error rate 12% is above 10% (last hour).");
  assert.equal(m.value_text, "12%");
  assert.equal(m.threshold_text, "10%");
  assert.equal(m.alert_id, 42);
  assert.equal(m.occurrences, 3);
  assert.match(m.recommendation ?? "", /error_type/);
});

Deno.test("a resolution message says how it ended and carries no advice", () => {
  const recovered = judge(measured(0.03));
  const m = buildAlertMessage({
    event: "resolved",
    alert: { ...alert, resolution: "recovered" },
    check: recovered,
    checkedAt: "2026-11-20T15:40:00.000Z",
  });
  assert.equal(m.title, "[RESOLVED] error_rate [app=shop]");
  assert.match(m.text, /^error rate 3% is within ≤ 10% \(last hour\)\. Resolved after 3 failing check\(s\)/);
  assert.equal(m.recommendation, null);
  const inactive = buildAlertMessage({
    event: "resolved",
    alert: { ...alert, resolution: "rule_inactive" },
    check: null,
    checkedAt: "x",
  });
  assert.match(inactive.text, /disabled, deleted or re-scoped/);
  assert.equal(inactive.threshold, 0.1);
});
