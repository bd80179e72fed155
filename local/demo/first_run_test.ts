import assert from "node:assert/strict";
import { describeHealth } from "./first_run.ts";

Deno.test("describeHealth: the score, each failing check, then the count of passing ones", () => {
  const lines = describeHealth({
    score: 75,
    status: "warning",
    checks: [
      {
        rule: "tokens_per_request",
        severity: "WARNING",
        judged: true,
        passed: false,
        message: "1,135.6 tokens per request > 600",
      },
      { rule: "error_rate", severity: "INFO", judged: true, passed: true, message: "ok" },
      {
        rule: "system_prompt_band",
        severity: "INFO",
        judged: false,
        passed: false,
        message: "9 requests < 10",
      },
    ],
  });
  assert.deepEqual(lines, [
    "Health: 75/100 (warning)",
    "  WARNING  tokens_per_request: 1,135.6 tokens per request > 600",
    "  1 passed, 1 not judged (too few requests)",
  ]);
});

Deno.test("describeHealth copes with an unexpected answer", () => {
  assert.deepEqual(describeHealth(null), ["Health: n/a (unknown)"]);
  assert.deepEqual(describeHealth({ score: 100, status: "healthy", checks: [] }), [
    "Health: 100/100 (healthy)",
  ]);
});
