import assert from "node:assert/strict";
import { exitCodeFor, parseAlertArgs, renderReport, saveFileName } from "./alerts_report.ts";
import { judge } from "../shared/alerts/judge.ts";
import type { CheckReport } from "../shared/alerts/run_check.ts";
import type { Measurement } from "../shared/alerts/types.ts";

Deno.test("arguments: flags, --threshold=N and --threshold N; anything else is an error", () => {
  assert.deepEqual(parseAlertArgs([]), {
    ok: true,
    args: { verbose: false, json: false, save: false, help: false },
  });
  assert.deepEqual(parseAlertArgs(["--threshold=20", "--verbose", "--json", "--save"]), {
    ok: true,
    args: { threshold: 20, verbose: true, json: true, save: true, help: false },
  });
  assert.deepEqual(parseAlertArgs(["--threshold", "35"]), {
    ok: true,
    args: { threshold: 35, verbose: false, json: false, save: false, help: false },
  });
  assert.equal(parseAlertArgs(["--threshold=-1"]).ok, false);
  assert.equal(parseAlertArgs(["--threshold=abc"]).ok, false);
  assert.equal(parseAlertArgs(["--threshold"]).ok, false);
  assert.deepEqual(parseAlertArgs(["--loud"]), { ok: false, error: "unknown argument --loud" });
});

Deno.test("exit status: 0 healthy, 1 warning, 2 critical", () => {
  assert.equal(exitCodeFor("healthy"), 0);
  assert.equal(exitCodeFor("warning"), 1);
  assert.equal(exitCodeFor("critical"), 2);
});

Deno.test("--save file name: token-alerts-{date}-{time}.json in UTC", () => {
  assert.equal(saveFileName(new Date("2026-11-24T09:05:07.123Z")), "token-alerts-2026-11-24-090507.json");
});

const m = (over: Partial<Measurement>): Measurement => ({
  rule_id: 1,
  rule: "error_rate",
  description: null,
  metric: "error_rate",
  comparison: "above",
  warning_threshold: null,
  critical_threshold: 0.05,
  baseline: null,
  window: "last_hour",
  window_from: "2026-11-24T08:05:00.000Z",
  window_to: "2026-11-24T09:05:00.000Z",
  history_days: null,
  min_requests: 10,
  scope: { app: null, environment: null, model: null, prompt_variant: null },
  cooldown_seconds: 900,
  recommendation: null,
  requests: 40,
  value: 0.1,
  reference: null,
  compared: 0.1,
  history: null,
  fingerprint: "b".repeat(64),
  ...over,
});

Deno.test("the text report shows score, each check, open alerts, recommendations and notifications", () => {
  const checks = [
    judge(m({})),
    judge(
      m({
        rule: "system_prompt_band",
        metric: "avg_system_prompt_tokens",
        comparison: "outside_band",
        critical_threshold: 20,
        reference: 198,
        value: 201,
        compared: 3,
      }),
    ),
    judge(m({ rule: "tool_failure_rate", metric: "tool_failure_rate", requests: 3 })),
  ];
  const report: CheckReport = {
    checked_at: "2026-11-24T09:05:00.000Z",
    score: 50,
    status: "critical",
    recorded: true,
    health_check_id: 9,
    overrides: null,
    summary: { checks: 3, judged: 2, passing: 1, warning: 0, critical: 1 },
    checks,
    open_alerts: [{
      id: 4,
      rule: "error_rate",
      metric: "error_rate",
      severity: "CRITICAL",
      value: 0.1,
      threshold: 0.05,
      message: checks[0].message,
      scope: checks[0].scope,
      fingerprint: "b".repeat(64),
      first_seen_at: "2026-11-24T09:00:00.000Z",
      last_seen_at: "2026-11-24T09:05:00.000Z",
      occurrences: 2,
      healthy_since: null,
    }],
    alert_changes: { opened: [], escalated: [], resolved: [] },
    recommendations: [{
      rule: "error_rate",
      severity: "CRITICAL",
      recommendation: checks[0].recommendation ?? "",
    }],
    budget_notifications_queued: 0,
    notifications: {
      queued: 0,
      attempted: 1,
      delivered: 0,
      failed: 1,
      gave_up: 0,
      results: [{
        notification_id: 5,
        alert_id: 4,
        report_id: null,
        channel: "ops",
        kind: "webhook",
        event: "opened",
        attempt: 2,
        status: "pending",
        status_code: 500,
        error: "HTTP 500",
      }],
    },
    duration_ms: 12,
  };
  const text = renderReport(report, { verbose: false });
  assert.match(text, /^Tokenwatch health: 50\/100 CRITICAL/);
  assert.match(text, /2 of 3 checks judged: 1 passing, 0 warning, 1 critical/);
  assert.match(text, /CRIT error_rate\s+10% {2}crit 5% {2}last hour, 40 requests/);
  assert.match(text, /ok {3}system_prompt_band\s+201 {2}crit ± 20 around 198/);
  assert.match(
    text,
    /-- {3}tool_failure_rate\s+not judged: 3 requests in the window, fewer than the 10 this rule needs/,
  );
  assert.match(
    text,
    /Open alerts \(1\)\n {2}CRIT error_rate: error rate 10% is above 5% \(last hour\); since 2026-11-24T09:00:00.000Z, 2 occurrence\(s\)/,
  );
  assert.match(text, /Recommendations\n {2}error_rate \(CRITICAL\): Requests are failing/);
  assert.match(text, /Notifications: 0 queued, 0 delivered, 1 failed/);
  assert.doesNotMatch(text, /#5 opened/);
  assert.match(
    renderReport(report, { verbose: true }),
    /#5 opened -> ops \(webhook\) attempt 2: pending, HTTP 500/,
  );
  const whatIf = renderReport({ ...report, recorded: false, overrides: { system_prompt_tolerance: 40 } }, {
    verbose: false,
  });
  assert.match(whatIf, /What-if run: system-prompt tolerance ± 40 tokens/);
  assert.doesNotMatch(whatIf, /Notifications:/);
});
