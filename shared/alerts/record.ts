/**
 * Records one health check and its alert changes atomically: in one transaction that holds the
 * advisory lock monitoring.alert_lock_key(), it reads the open alerts, plans the changes
 * (plan.ts), inserts the monitoring.health_checks row, opens / updates / resolves alerts, and
 * queues one outbox row per state change and matching channel. Two overlapping runs take turns,
 * so the second sees the first's alerts: no duplicate alert, no duplicate notification. The
 * unique partial index on open fingerprints and the unique idempotency key hold even without
 * the lock.
 */
import type { Sql, TransactionSql } from "../deps/postgres.ts";
import { type AlertSnapshot, buildAlertMessage } from "./message.ts";
import { type AlertChange, notificationEvent, type OpenAlert, planAlertChanges } from "./plan.ts";
import type { HealthScore } from "./score.ts";
import type { AlertSeverity, Check, Metric, Scope } from "./types.ts";

/** Inputs of {@link recordHealthCheck}. */
export interface RecordInput {
  checks: Check[];
  score: HealthScore;
  measuredAt: Date;
  /** The instant alert changes are planned at (cooldowns); the database's clock by default. */
  now?: Date;
}

/** What the transaction did. */
export interface RecordResult {
  healthCheckId: number;
  opened: number[];
  escalated: number[];
  resolved: number[];
  notificationsQueued: number;
}

interface AlertRow {
  id: string;
  fingerprint: string;
  rule_id: string | null;
  rule_name: string;
  metric: Metric;
  scope: Scope;
  severity: AlertSeverity;
  value: string | null;
  threshold: string | null;
  first_seen_at: Date;
  occurrences: number;
  healthy_since: Date | null;
  resolution: "recovered" | "rule_inactive" | null;
  state_changes: number;
  rule_active: boolean;
}

/** The threshold a failing check crossed. */
function crossedThreshold(check: Check, severity: AlertSeverity): number | null {
  return severity === "CRITICAL" ? check.critical_threshold : check.warning_threshold;
}

function snapshot(row: AlertRow): AlertSnapshot {
  return {
    id: Number(row.id),
    fingerprint: row.fingerprint,
    rule_name: row.rule_name,
    metric: row.metric,
    scope: row.scope,
    severity: row.severity,
    value: row.value === null ? null : Number(row.value),
    threshold: row.threshold === null ? null : Number(row.threshold),
    first_seen_at: row.first_seen_at.toISOString(),
    occurrences: row.occurrences,
    resolution: row.resolution,
  };
}

/** Applies one change and returns the alert row after it. */
async function apply(
  tx: TransactionSql,
  { change, now, healthCheckId }: { change: AlertChange; now: Date; healthCheckId: number },
): Promise<AlertRow | null> {
  const returning =
    tx`id, fingerprint, rule_id, rule_name, metric, scope, severity, value, threshold, first_seen_at,
    occurrences, healthy_since, resolution, state_changes, true as rule_active`;
  if (change.kind === "open") {
    const c = change.check;
    const scope = tx.json(c.scope as never);
    const threshold = crossedThreshold(c, change.severity);
    const rows = await tx<AlertRow[]>`
      insert into monitoring.alerts (fingerprint, rule_id, rule_name, metric, scope, severity, value, threshold, reference,
        message, first_seen_at, last_seen_at, occurrences, state_changes, last_health_check_id)
      values (${c.fingerprint}, ${c.rule_id}, ${c.rule}, ${c.metric}, ${scope}, ${change.severity}, ${c.value}, ${threshold},
        ${c.reference}, ${c.message}, ${now}, ${now}, 1, 1, ${healthCheckId})
      on conflict (fingerprint) where status = 'open' do nothing
      returning ${returning}`;
    return rows[0] ?? null;
  }
  if (change.kind === "update") {
    const c = change.check;
    const threshold = crossedThreshold(c, change.severity);
    const escalation = change.escalated ? 1 : 0;
    const [row] = await tx<AlertRow[]>`
      update monitoring.alerts set
        severity = ${change.severity}, value = ${c.value}, threshold = ${threshold}, reference = ${c.reference},
        message = ${c.message}, rule_name = ${c.rule}, last_seen_at = ${now}, occurrences = occurrences + 1,
        healthy_since = null, state_changes = state_changes + ${escalation}, last_health_check_id = ${healthCheckId}
      where id = ${change.alert.id} returning ${returning}`;
    return row;
  }
  if (change.kind === "healthy") {
    const [row] = await tx<AlertRow[]>`
      update monitoring.alerts set healthy_since = ${change.healthySince}
      where id = ${change.alert.id} returning ${returning}`;
    return row;
  }
  const [row] = await tx<AlertRow[]>`
    update monitoring.alerts set status = 'resolved', resolved_at = ${now}, resolution = ${change.resolution},
      healthy_since = coalesce(healthy_since, ${now}), state_changes = state_changes + 1, last_health_check_id = ${healthCheckId}
    where id = ${change.alert.id} returning ${returning}`;
  return row;
}

/** Queues the notifications of one alert state change; returns how many were queued. */
async function enqueue(
  tx: TransactionSql,
  opts: { row: AlertRow; event: string; message: unknown; healthCheckId: number },
): Promise<number> {
  const { row, event } = opts;
  const queued = await tx`
    insert into monitoring.notifications (alert_id, channel_id, health_check_id, event, severity, idempotency_key, message, max_attempts)
    select ${row.id}, c.id, ${opts.healthCheckId}, ${event}, ${row.severity},
           format('tokenwatch:alert:%s:%s:%s:channel:%s', ${row.id}::bigint, ${row.state_changes}::int, ${event}::text, c.id),
           ${tx.json(opts.message as never)}, c.max_attempts
    from monitoring.notification_channels c
    where c.enabled
      and (c.min_severity = 'WARNING' or ${row.severity} = 'CRITICAL')
      and (c.rule_names is null or ${row.rule_name} = any (c.rule_names))
    on conflict (idempotency_key) do nothing
    returning id`;
  return queued.length;
}

/** Records the health check and changes alerts under the alert lock (see the module comment). */
export async function recordHealthCheck(sql: Sql, input: RecordInput): Promise<RecordResult> {
  return await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(monitoring.alert_lock_key())`;
    // Alert changes are planned at the caller's clock when it passes one (tests), else at the
    // database's clock once the lock is held (so overlapping runs plan in the order they ran).
    const now = input.now ?? (await tx<{ now: Date }[]>`select clock_timestamp() as now`)[0].now;
    const open = await tx<AlertRow[]>`
      select a.id, a.fingerprint, a.rule_id, a.rule_name, a.metric, a.scope, a.severity, a.value, a.threshold,
             a.first_seen_at, a.occurrences, a.healthy_since, a.resolution, a.state_changes,
             exists (select 1 from monitoring.alert_rules r where r.id = a.rule_id and r.enabled) as rule_active
      from monitoring.alerts a
      where a.status = 'open'
      for update of a`;
    const openAlerts: OpenAlert[] = open.map((a) => ({
      id: Number(a.id),
      fingerprint: a.fingerprint,
      rule_id: a.rule_id === null ? null : Number(a.rule_id),
      severity: a.severity,
      healthy_since: a.healthy_since,
      rule_active: a.rule_active,
    }));
    const changes = planAlertChanges({ checks: input.checks, openAlerts, now });
    const { score, status, judged, warning, critical } = input.score;
    const checks = tx.json(input.checks as never);
    const [{ id }] = await tx<{ id: string }[]>`
      insert into monitoring.health_checks (checked_at, score, status, checks, judged, failing)
      values (${input.measuredAt}, ${score}, ${status}, ${checks}, ${judged}, ${warning + critical})
      returning id`;
    const healthCheckId = Number(id);
    const result: RecordResult = {
      healthCheckId,
      opened: [],
      escalated: [],
      resolved: [],
      notificationsQueued: 0,
    };
    for (const change of changes) {
      const row = await apply(tx, { change, now, healthCheckId });
      if (!row) continue;
      const event = notificationEvent(change);
      if (!event) continue;
      result[event].push(Number(row.id));
      const message = buildAlertMessage({
        event,
        alert: snapshot(row),
        check: change.check,
        checkedAt: input.measuredAt.toISOString(),
      });
      result.notificationsQueued += await enqueue(tx, { row, event, message, healthCheckId });
    }
    await tx`
      update monitoring.health_checks set alerts_opened = ${result.opened.length}, alerts_escalated = ${result.escalated.length},
        alerts_resolved = ${result.resolved.length}, notifications_queued = ${result.notificationsQueued}
      where id = ${healthCheckId}`;
    return result;
  });
}
