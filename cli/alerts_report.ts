/**
 * `npm run monitor:alerts`: its arguments, its exit status and its text report. Pure; the
 * command itself (cli/monitor_alerts.ts) calls check-alerts and prints what these return.
 */
import { formatThreshold, formatValue, windowLabel } from "../shared/alerts/format.ts";
import type { CheckReport } from "../shared/alerts/run_check.ts";
import type { Check, HealthStatus } from "../shared/alerts/types.ts";

/** Parsed command-line options. */
export interface AlertArgs {
  threshold?: number;
  verbose: boolean;
  json: boolean;
  save: boolean;
  help: boolean;
}

/** Usage text. */
export const USAGE = `Usage: npm run monitor:alerts -- [--threshold=N] [--verbose] [--json] [--save]

Runs the health check now (the check-alerts function) and prints the health score, each check,
the open alerts and a recommendation for each failing check.

  --threshold=N  system-prompt tolerance (± N tokens) for this run only: a what-if run that
                 records nothing and changes no alert
  --verbose      also windows, scopes, unjudged checks' reasons and notification attempts
  --json         print the check-alerts response as JSON
  --save         also write logs/monitoring/token-alerts-{date}-{time}.json

Exit status: 0 healthy, 1 warning, 2 critical, 3 could not check.`;

/** Parses argv; returns the options or an error message. */
export function parseAlertArgs(argv: string[]): { ok: true; args: AlertArgs } | { ok: false; error: string } {
  const args: AlertArgs = { verbose: false, json: false, save: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--verbose" || arg === "-v") args.verbose = true;
    else if (arg === "--json") args.json = true;
    else if (arg === "--save") args.save = true;
    else if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "--threshold" || arg.startsWith("--threshold=")) {
      const text = arg === "--threshold" ? argv[++i] : arg.slice("--threshold=".length);
      if (text === undefined || !/^\d+$/.test(text)) {
        return { ok: false, error: `--threshold needs a whole number of tokens, got ${text ?? "nothing"}` };
      }
      args.threshold = Number(text);
    } else return { ok: false, error: `unknown argument ${arg}` };
  }
  return { ok: true, args };
}

/** Exit status for a health status: 0 healthy, 1 warning, 2 critical. (3 = could not check.) */
export function exitCodeFor(status: HealthStatus): number {
  return status === "critical" ? 2 : status === "warning" ? 1 : 0;
}

/** `token-alerts-YYYY-MM-DD-HHMMSS.json` for an instant (UTC). */
export function saveFileName(at: Date): string {
  const iso = at.toISOString();
  return `token-alerts-${iso.slice(0, 10)}-${iso.slice(11, 19).replace(/:/g, "")}.json`;
}

function scopeText(scope: Check["scope"]): string {
  return Object.entries(scope).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`).join(", ");
}

const MARK: Record<string, string> = { INFO: "ok  ", WARNING: "WARN", CRITICAL: "CRIT" };

function thresholdText(c: Check): string {
  const parts: string[] = [];
  if (c.warning_threshold !== null) {
    parts.push(`warn ${formatThreshold(c.warning_threshold, c)}`);
  }
  if (c.critical_threshold !== null) {
    parts.push(`crit ${formatThreshold(c.critical_threshold, c)}`);
  }
  const around = c.comparison === "outside_band" && c.reference !== null
    ? ` around ${formatValue(c.metric, c.reference)}`
    : "";
  return parts.join(", ") + around;
}

/** The text report (see the module comment). */
export function renderReport(report: CheckReport, opts: { verbose: boolean }): string {
  const lines: string[] = [];
  const s = report.summary;
  lines.push(
    `Tokenwatch health: ${report.score}/100 ${report.status.toUpperCase()}  (checked ${report.checked_at})`,
  );
  lines.push(
    `${s.judged} of ${s.checks} checks judged: ${s.passing} passing, ${s.warning} warning, ${s.critical} critical`,
  );
  if (report.overrides) {
    lines.push(
      `What-if run: system-prompt tolerance ± ${report.overrides.system_prompt_tolerance} tokens (nothing recorded, no alert changed)`,
    );
  }
  lines.push("", "Checks");
  const width = Math.max(4, ...report.checks.map((c) => c.rule.length));
  for (const c of report.checks) {
    const mark = c.judged ? MARK[c.severity] : "--  ";
    const value = formatValue(c.metric, c.value).padStart(10);
    const where = windowLabel(c.window, c.comparison);
    const body = c.judged
      ? `${value}  ${thresholdText(c)}  ${where}, ${c.requests} requests`
      : `not judged: ${c.reason}`;
    lines.push(`  ${mark} ${c.rule.padEnd(width)}  ${body}`);
    if (opts.verbose) {
      lines.push(`         ${c.message}`);
      const scope = scopeText(c.scope);
      const scoped = scope ? `; scope ${scope}` : "";
      lines.push(
        `         window ${c.window_from} .. ${c.window_to}${scoped}; min ${c.min_requests} requests`,
      );
    }
  }
  if (report.checks.length === 0) lines.push("  (no enabled rules: add some to monitoring.alert_rules)");
  lines.push("", `Open alerts (${report.open_alerts.length})`);
  for (const a of report.open_alerts) {
    const healthy = a.healthy_since ? `, passing since ${a.healthy_since}` : "";
    const since = `since ${a.first_seen_at}, ${a.occurrences} occurrence(s)${healthy}`;
    lines.push(`  ${MARK[a.severity]} ${a.rule}: ${a.message}; ${since}`);
  }
  if (report.open_alerts.length === 0) lines.push("  none");
  if (report.recommendations.length > 0) {
    lines.push("", "Recommendations");
    for (const r of report.recommendations) lines.push(`  ${r.rule} (${r.severity}): ${r.recommendation}`);
  }
  const c = report.alert_changes;
  const n = report.notifications;
  if (report.recorded) {
    lines.push(
      "",
      `Alerts: ${c.opened.length} opened, ${c.escalated.length} escalated, ${c.resolved.length} resolved`,
    );
    const gaveUp = n.gave_up ? ` (${n.gave_up} given up)` : "";
    lines.push(`Notifications: ${n.queued} queued, ${n.delivered} delivered, ${n.failed} failed${gaveUp}`);
    if (opts.verbose) {
      for (const r of n.results) {
        const error = r.error ? `, ${r.error}` : "";
        lines.push(
          `  #${r.notification_id} ${r.event} -> ${r.channel} (${r.kind}) attempt ${r.attempt}: ${r.status}${error}`,
        );
      }
    }
  }
  return lines.join("\n");
}
