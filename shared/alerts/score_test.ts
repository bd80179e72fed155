import assert from "node:assert/strict";
import { healthScore } from "./score.ts";
import type { Severity } from "./types.ts";

const c = (severity: Severity, judged = true) => ({ severity, judged });

Deno.test("every check passing scores 100, healthy", () => {
  assert.deepEqual(healthScore([c("INFO"), c("INFO"), c("INFO")]), {
    score: 100,
    status: "healthy",
    checks: 3,
    judged: 3,
    passing: 3,
    warning: 0,
    critical: 0,
  });
});

Deno.test("nothing judged scores 100, healthy (nothing is failing)", () => {
  const s = healthScore([c("INFO", false), c("INFO", false)]);
  assert.equal(s.score, 100);
  assert.equal(s.status, "healthy");
  assert.equal(s.judged, 0);
  assert.equal(healthScore([]).score, 100);
});

Deno.test("one CRITICAL of six judged: round(100 × 5 / 6) = round(83.33) = 83, critical", () => {
  const s = healthScore([c("CRITICAL"), c("INFO"), c("INFO"), c("INFO"), c("INFO"), c("INFO")]);
  assert.equal(s.score, 83);
  assert.equal(s.status, "critical");
});

Deno.test("one WARNING of six: round(100 × 5.5 / 6) = round(91.67) = 92, warning", () => {
  const s = healthScore([c("WARNING"), c("INFO"), c("INFO"), c("INFO"), c("INFO"), c("INFO")]);
  assert.equal(s.score, 92);
  assert.equal(s.status, "warning");
});

Deno.test("one WARNING of four rounds half up: 100 × 3.5 / 4 = 87.5 → 88", () => {
  assert.equal(healthScore([c("WARNING"), c("INFO"), c("INFO"), c("INFO")]).score, 88);
});

Deno.test("unjudged checks are left out: 1 CRITICAL + 1 WARNING + 2 INFO judged, 2 unjudged: 100 × 2.5 / 4 = 62.5 → 63", () => {
  const s = healthScore([
    c("CRITICAL"),
    c("WARNING"),
    c("INFO"),
    c("INFO"),
    c("INFO", false),
    c("INFO", false),
  ]);
  assert.deepEqual(s, {
    score: 63,
    status: "critical",
    checks: 6,
    judged: 4,
    passing: 2,
    warning: 1,
    critical: 1,
  });
});

Deno.test("everything CRITICAL scores 0; everything WARNING scores 50", () => {
  assert.equal(healthScore([c("CRITICAL"), c("CRITICAL")]).score, 0);
  assert.equal(healthScore([c("WARNING"), c("WARNING"), c("WARNING")]).score, 50);
});
