/**
 * One health check, end to end: measure every enabled rule in SQL, judge each (judge.ts), score
 * them (score.ts), record the check and change alerts atomically (record.ts), evaluate every budget
 * (shared/budgets: threshold crossings queue their notifications once), then send the notifications
 * that are due (shared/notify/deliver.ts), and report it all.
 *
 * A run with overrides (`systemPromptTolerance`) is a what-if: it measures, judges and scores,
 * but records nothing, changes no alert and sends nothing, so an ad-hoc tolerance can never
 * open or close an incident or page anyone. Rules are never changed by a run.
 */
import { notifyBudgets } from "../budgets/check.ts";
import type { Sql } from "../deps/postgres.ts";
import { deliverDue, type DeliveryReport } from "../notify/deliver.ts";
import { judge, type JudgeOverrides } from "./judge.ts";
import { measureRules } from "./measure.ts";
import { recordHealthCheck } from "./record.ts";
import { healthScore } from "./score.ts";
import type { AlertSeverity, Check, HealthStatus, Scope } from "./types.ts";

/** Options for {@link runHealthCheck}. */
export interface RunOptions extends JudgeOverrides {
  /** HTTP client for notifications (tests). */
  fetch?: typeof fetch;
  /** Check as of this instant (tests pass their clock); the database's now() by default. */
  now?: Date;
}

/** An open alert as reported. */
export interface OpenAlertView {
  id: number;
  rule: string;
  metric: string;
  severity: AlertSeverity;
  value: number | null;
  threshold: number | null;
  message: string;
  scope: Scope;
  fingerprint: string;
  first_seen_at: string;
  last_seen_at: string;
  occurrences: number;
  healthy_since: string | null;
}

/** The check-alerts response body. */
export interface CheckReport {
  checked_at: string;
  score: number;
  status: HealthStatus;
  recorded: boolean;
  health_check_id: number | null;
  overrides: { system_prompt_tolerance: number } | null;
  summary: { checks: number; judged: number; passing: number; warning: number; critical: number };
  checks: Check[];
  open_alerts: OpenAlertView[];
  alert_changes: { opened: number[]; escalated: number[]; resolved: number[] };
  recommendations: { rule: string; severity: AlertSeverity; recommendation: string }[];
  notifications: { queued: number } & DeliveryReport;
  /** Budget threshold notifications this run queued (monitoring.notify_budgets). */
  budget_notifications_queued: number;
  duration_ms: number;
}

interface OpenRow {
  id: string;
  rule_name: string;
  metric: string;
  severity: AlertSeverity;
  value: string | null;
  threshold: string | null;
  message: string;
  scope: Scope;
  fingerprint: string;
  first_seen_at: Date;
  last_seen_at: Date;
  occurrences: number;
  healthy_since: Date | null;
}

/** Every open alert, CRITICAL first, oldest first. */
export async function listOpenAlerts(sql: Sql): Promise<OpenAlertView[]> {
  const rows = await sql<OpenRow[]>`
    select id, rule_name, metric, severity, value, threshold, message, scope, fingerprint, first_seen_at, last_seen_at,
           occurrences, healthy_since
    from monitoring.alerts
    where status = 'open'
    order by severity = 'CRITICAL' desc, first_seen_at, id`;
  return rows.map((r) => ({
    id: Number(r.id),
    rule: r.rule_name,
    metric: r.metric,
    severity: r.severity,
    value: r.value === null ? null : Number(r.value),
    threshold: r.threshold === null ? null : Number(r.threshold),
    message: r.message,
    scope: r.scope,
    fingerprint: r.fingerprint,
    first_seen_at: r.first_seen_at.toISOString(),
    last_seen_at: r.last_seen_at.toISOString(),
    occurrences: r.occurrences,
    healthy_since: r.healthy_since?.toISOString() ?? null,
  }));
}

/** Runs one health check (see the module comment). */
export async function runHealthCheck(sql: Sql, opts: RunOptions = {}): Promise<CheckReport> {
  const started = performance.now();
  const whatIf = opts.systemPromptTolerance !== undefined;
  const { measuredAt, measurements } = await measureRules(sql, { now: opts.now });
  const checks = measurements.map((m) => judge(m, { systemPromptTolerance: opts.systemPromptTolerance }));
  const score = healthScore(checks);
  const recorded = whatIf ? null : await recordHealthCheck(sql, { checks, score, measuredAt, now: opts.now });
  const budgetQueued = whatIf ? 0 : await notifyBudgets(sql, null, { now: opts.now });
  const delivery: DeliveryReport = whatIf
    ? { attempted: 0, delivered: 0, failed: 0, gave_up: 0, results: [] }
    : await deliverDue(sql, { fetch: opts.fetch });
  const openAlerts = await listOpenAlerts(sql);
  return {
    checked_at: measuredAt.toISOString(),
    score: score.score,
    status: score.status,
    recorded: recorded !== null,
    health_check_id: recorded?.healthCheckId ?? null,
    overrides: whatIf ? { system_prompt_tolerance: opts.systemPromptTolerance as number } : null,
    summary: {
      checks: score.checks,
      judged: score.judged,
      passing: score.passing,
      warning: score.warning,
      critical: score.critical,
    },
    checks,
    open_alerts: openAlerts,
    alert_changes: {
      opened: recorded?.opened ?? [],
      escalated: recorded?.escalated ?? [],
      resolved: recorded?.resolved ?? [],
    },
    recommendations: checks
      .filter((c) => c.recommendation !== null && c.severity !== "INFO")
      .map((c) => ({
        rule: c.rule,
        severity: c.severity as AlertSeverity,
        recommendation: c.recommendation as string,
      })),
    notifications: { queued: recorded?.notificationsQueued ?? 0, ...delivery },
    budget_notifications_queued: budgetQueued,
    duration_ms: Math.round(performance.now() - started),
  };
}
