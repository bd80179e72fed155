/**
 * The health score and status of a set of checks.
 *
 *     score  = round(100 × (passing + 0.5 × warning) / judged)      (100 when judged = 0)
 *     status = critical if any check is CRITICAL, else warning if any is WARNING, else healthy
 *
 * Each judged check is worth the same: a passing check earns 1, a WARNING 0.5, a CRITICAL 0.
 * Checks that were not judged (too few requests, no value, no history) are left out. Rounding is
 * half up (87.5 → 88).
 */
import type { Check, HealthStatus } from "./types.ts";

/** Score, status and counts of a set of checks. */
export interface HealthScore {
  score: number;
  status: HealthStatus;
  checks: number;
  judged: number;
  passing: number;
  warning: number;
  critical: number;
}

/** Computes the health score (see the module comment for the formula). */
export function healthScore(checks: readonly Pick<Check, "judged" | "severity">[]): HealthScore {
  const judged = checks.filter((c) => c.judged);
  const warning = judged.filter((c) => c.severity === "WARNING").length;
  const critical = judged.filter((c) => c.severity === "CRITICAL").length;
  const passing = judged.length - warning - critical;
  const score = judged.length === 0
    ? 100
    : Math.floor((100 * (passing + 0.5 * warning)) / judged.length + 0.5);
  const status: HealthStatus = critical > 0 ? "critical" : warning > 0 ? "warning" : "healthy";
  return { score, status, checks: checks.length, judged: judged.length, passing, warning, critical };
}
