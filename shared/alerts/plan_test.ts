import assert from "node:assert/strict";
import { notificationEvent, type OpenAlert, planAlertChanges } from "./plan.ts";
import type { Check, Severity } from "./types.ts";

const NOW = new Date("2026-11-20T15:20:00Z");

function check(fingerprint: string, severity: Severity, over: Partial<Check> = {}): Check {
  return {
    rule: "r",
    rule_id: 1,
    metric: "error_rate",
    comparison: "above",
    value: 0.1,
    reference: null,
    compared: 0.1,
    warning_threshold: 0.05,
    critical_threshold: 0.1,
    severity,
    judged: true,
    passed: severity === "INFO",
    reason: null,
    window: "last_hour",
    window_from: "",
    window_to: "",
    requests: 100,
    min_requests: 10,
    scope: { app: null, environment: null, model: null, prompt_variant: null },
    history: null,
    cooldown_seconds: 600,
    fingerprint,
    message: "m",
    recommendation: null,
    ...over,
  };
}

function alert(fingerprint: string, over: Partial<OpenAlert> = {}): OpenAlert {
  return {
    id: 1,
    fingerprint,
    rule_id: 1,
    severity: "WARNING",
    healthy_since: null,
    rule_active: true,
    ...over,
  };
}

Deno.test("a failing check without an open alert opens one; a passing or unjudged one does nothing", () => {
  const changes = planAlertChanges({
    checks: [check("a", "WARNING"), check("b", "INFO"), check("c", "CRITICAL", { judged: false })],
    openAlerts: [],
    now: NOW,
  });
  assert.equal(changes.length, 1);
  assert.equal(changes[0].kind, "open");
  assert.equal(notificationEvent(changes[0]), "opened");
});

Deno.test("failing again at the same severity updates the alert without a notification", () => {
  const [change] = planAlertChanges({ checks: [check("a", "WARNING")], openAlerts: [alert("a")], now: NOW });
  assert.equal(change.kind, "update");
  assert.equal(change.kind === "update" && change.escalated, false);
  assert.equal(notificationEvent(change), null);
});

Deno.test("WARNING to CRITICAL escalates (notified); CRITICAL to WARNING does not", () => {
  const [up] = planAlertChanges({ checks: [check("a", "CRITICAL")], openAlerts: [alert("a")], now: NOW });
  assert.equal(up.kind === "update" && up.escalated, true);
  assert.equal(notificationEvent(up), "escalated");
  const [down] = planAlertChanges({
    checks: [check("a", "WARNING")],
    openAlerts: [alert("a", { severity: "CRITICAL" })],
    now: NOW,
  });
  assert.equal(down.kind === "update" && down.escalated, false);
  assert.equal(down.kind === "update" && down.severity, "WARNING");
  assert.equal(notificationEvent(down), null);
});

Deno.test("passing: healthy since now, resolved only once the cooldown (600 s) has passed", () => {
  const [first] = planAlertChanges({ checks: [check("a", "INFO")], openAlerts: [alert("a")], now: NOW });
  assert.equal(first.kind, "healthy");
  assert.equal(first.kind === "healthy" && first.healthySince.getTime(), NOW.getTime());
  assert.equal(notificationEvent(first), null);

  const since = (s: number) => new Date(NOW.getTime() - s * 1000);
  const [early] = planAlertChanges({
    checks: [check("a", "INFO")],
    openAlerts: [alert("a", { healthy_since: since(599) })],
    now: NOW,
  });
  assert.equal(early.kind, "healthy");
  assert.equal(
    early.kind === "healthy" && early.healthySince.getTime(),
    since(599).getTime(),
    "keeps the first passing time",
  );
  const [done] = planAlertChanges({
    checks: [check("a", "INFO")],
    openAlerts: [alert("a", { healthy_since: since(600) })],
    now: NOW,
  });
  assert.equal(done.kind, "resolve");
  assert.equal(done.kind === "resolve" && done.resolution, "recovered");
  assert.equal(notificationEvent(done), "resolved");
});

Deno.test("cooldown 0 resolves at the first passing check", () => {
  const [change] = planAlertChanges({
    checks: [check("a", "INFO", { cooldown_seconds: 0 })],
    openAlerts: [alert("a")],
    now: NOW,
  });
  assert.equal(change.kind, "resolve");
});

Deno.test("an unjudged check leaves its open alert alone", () => {
  const changes = planAlertChanges({
    checks: [check("a", "INFO", { judged: false, passed: false })],
    openAlerts: [alert("a")],
    now: NOW,
  });
  assert.deepEqual(changes, []);
});

Deno.test("open alerts without a check: resolved when the rule is inactive or re-scoped, kept when the rule is merely unmeasured", () => {
  const changes = planAlertChanges({
    checks: [check("new-scope", "INFO", { rule_id: 2 })],
    openAlerts: [
      alert("disabled", { id: 10, rule_id: 1, rule_active: false }),
      alert("deleted", { id: 11, rule_id: null, rule_active: false }),
      alert("old-scope", { id: 12, rule_id: 2, rule_active: true }),
      alert("enabled-after-measuring", { id: 13, rule_id: 3, rule_active: true }),
    ],
    now: NOW,
  });
  assert.deepEqual(
    changes.map((c) => c.kind === "resolve" ? [c.alert.id, c.resolution] : [c.kind]),
    [[10, "rule_inactive"], [11, "rule_inactive"], [12, "rule_inactive"]],
  );
});
