/**
 * The alert state machine: given this run's checks and the alerts that are open, what changes.
 * Pure; record.ts applies the plan inside the locked transaction.
 *
 * - failing check, no open alert with its fingerprint      → open
 * - failing check, open alert                              → update (occurrence + 1); WARNING →
 *   CRITICAL is an escalation, CRITICAL → WARNING lowers the severity without a message
 * - passing check, open alert                              → healthy since now (or since an
 *   earlier passing check); resolve once `now - healthy_since >= cooldown`
 * - check not judged                                       → nothing
 * - open alert with no check: resolve (`rule_inactive`) when its rule is disabled or deleted, or
 *   was evaluated this run under another fingerprint (its scope changed); otherwise (a rule
 *   enabled after this run measured) leave it for the next run.
 */
import type { AlertSeverity, Check } from "./types.ts";
import { SEVERITY_RANK } from "./types.ts";

/** An open alert as the plan needs it. */
export interface OpenAlert {
  id: number;
  fingerprint: string;
  rule_id: number | null;
  severity: AlertSeverity;
  healthy_since: Date | null;
  /** Whether the alert's rule still exists and is enabled (read inside the transaction). */
  rule_active: boolean;
}

/** One change to make. */
export type AlertChange =
  | { kind: "open"; check: Check; severity: AlertSeverity }
  | { kind: "update"; alert: OpenAlert; check: Check; severity: AlertSeverity; escalated: boolean }
  | { kind: "healthy"; alert: OpenAlert; check: Check; healthySince: Date }
  | { kind: "resolve"; alert: OpenAlert; check: Check | null; resolution: "recovered" | "rule_inactive" };

/** Inputs of {@link planAlertChanges}. */
export interface PlanInput {
  checks: readonly Check[];
  openAlerts: readonly OpenAlert[];
  now: Date;
}

/** Decides every alert change of one run (see the module comment). */
export function planAlertChanges(input: PlanInput): AlertChange[] {
  const changes: AlertChange[] = [];
  const open = new Map(input.openAlerts.map((a) => [a.fingerprint, a]));
  const seen = new Set<string>();
  const evaluatedRules = new Set(input.checks.map((c) => c.rule_id));

  for (const check of input.checks) {
    seen.add(check.fingerprint);
    const alert = open.get(check.fingerprint);
    if (!check.judged) continue;
    if (check.severity !== "INFO") {
      const severity = check.severity;
      if (!alert) changes.push({ kind: "open", check, severity });
      else {
        const escalated = SEVERITY_RANK[severity] > SEVERITY_RANK[alert.severity];
        changes.push({ kind: "update", alert, check, severity, escalated });
      }
    } else if (alert) {
      const healthySince = alert.healthy_since ?? input.now;
      const healthyMs = input.now.getTime() - healthySince.getTime();
      if (healthyMs >= check.cooldown_seconds * 1000) {
        changes.push({ kind: "resolve", alert, check, resolution: "recovered" });
      } else changes.push({ kind: "healthy", alert, check, healthySince });
    }
  }

  for (const alert of input.openAlerts) {
    if (seen.has(alert.fingerprint)) continue;
    const rescoped = alert.rule_id !== null && evaluatedRules.has(alert.rule_id);
    if (!alert.rule_active || rescoped) {
      changes.push({ kind: "resolve", alert, check: null, resolution: "rule_inactive" });
    }
  }
  return changes;
}

/** The notification event a change causes, if any. */
export function notificationEvent(change: AlertChange): "opened" | "escalated" | "resolved" | null {
  if (change.kind === "open") return "opened";
  if (change.kind === "update" && change.escalated) return "escalated";
  if (change.kind === "resolve") return "resolved";
  return null;
}
