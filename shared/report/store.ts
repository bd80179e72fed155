/**
 * Building, storing and loading weekly reports. The numbers are read with
 * monitoring.weekly_report_data in one REPEATABLE READ, read-only transaction (one snapshot);
 * markdown and HTML are rendered from that JSON; monitoring.save_weekly_report stores all
 * three (replacing the week's previous content, keeping generated_at). The JSON travels as
 * text and is cast to jsonb in SQL, so its numbers keep full precision. A build of a complete
 * week queues the report for the channels that ask for it (notify.ts) in the same transaction
 * that stores it, so the outbox holds those messages if and only if the report committed.
 */
import { budgetStatus } from "../budgets/check.ts";
import type { BudgetRow } from "../budgets/row.ts";
import type { Sql } from "../deps/postgres.ts";
import type { IsoWeek } from "./iso_week.ts";
import type { Trigger } from "./params.ts";
import { buildReportMessage } from "./message.ts";
import { queueReportNotifications } from "./notify.ts";
import { recommend } from "./recommendations.ts";
import { parseWeeklyReport } from "./schema.ts";
import { readRuleThresholds, type RuleThresholds } from "./thresholds.ts";
import type { WeeklyReport } from "./types.ts";
import { renderWeeklyHtml, renderWeeklyMarkdown } from "./weekly_document.ts";

/** A stored report in its three forms. */
export interface StoredReport {
  /** monitoring.reports id. */
  id: number;
  week: string;
  app: string | null;
  /** The report JSON (monitoring.report_json) as text, numbers at full precision. */
  json: string;
  markdown: string;
  html: string;
  generatedAt: string;
  regeneratedAt: string | null;
  generation: number;
  generatedBy: string;
  dataAsOf: string;
  /** Whether the snapshot was taken after the week ended. */
  complete: boolean;
  /** Report notifications this build queued (0 for a loaded report, a partial week or a rebuild). */
  notificationsQueued: number;
}

/** Which report: a week and an app (null = all apps). */
export interface ReportKey {
  week: IsoWeek;
  app: string | null;
}

interface Row {
  id: string;
  week: string;
  app: string | null;
  json: string;
  markdown: string;
  html: string;
  generated_at: Date;
  regenerated_at: Date | null;
  generation: number;
  generated_by: string;
  data_as_of: Date;
  complete: boolean;
}

function toStored(row: Row, notificationsQueued = 0): StoredReport {
  return {
    id: Number(row.id),
    week: row.week,
    app: row.app,
    json: row.json,
    markdown: row.markdown,
    html: row.html,
    generatedAt: row.generated_at.toISOString(),
    regeneratedAt: row.regenerated_at ? row.regenerated_at.toISOString() : null,
    generation: row.generation,
    generatedBy: row.generated_by,
    dataAsOf: row.data_as_of.toISOString(),
    complete: row.complete,
    notificationsQueued,
  };
}

/** The budget rows as of the report's data_as_of; an app's report keeps the rows whose scope names the app. */
async function budgetsOfReport(sql: Sql, asOf: string, app: string | null): Promise<BudgetRow[]> {
  const rows = await budgetStatus(sql, { now: new Date(asOf) });
  return app === null ? rows : rows.filter((r) => r.scope_value.app === app);
}

/** A week's numbers and the alert-rule limits its recommendations use, read in one snapshot. */
export interface ReportData {
  /** monitoring.weekly_report_data's JSON, exactly as SQL wrote it. */
  json: string;
  limits: RuleThresholds;
}

/** Reads the numbers of a week and the enabled alert rules' limits in one snapshot. */
export async function readReportData(sql: Sql, key: ReportKey): Promise<ReportData> {
  return await sql.begin("isolation level repeatable read read only", async (tx) => {
    const rows = await tx<{ data: string }[]>`
      select (monitoring.weekly_report_data(${key.week.start.toISOString()}::timestamptz, ${key.app}::text)
              -- billing is organisation-wide: only the all-apps report carries it (billing_section.ts)
              || jsonb_build_object('billing', case when ${key.app}::text is null then
                   monitoring.billing_reconciliation_summary(
                     (${key.week.start.toISOString()}::timestamptz at time zone 'UTC')::date,
                     (${key.week.start.toISOString()}::timestamptz at time zone 'UTC')::date + 7) end))::text as data`;
    const limits = await readRuleThresholds(tx, key.app);
    return { json: rows[0].data, limits };
  });
}

/** The report object of a week's data, with its recommendations. */
export function withRecommendations(data: ReportData): WeeklyReport {
  const report = parseWeeklyReport(data.json);
  report.recommendations = recommend(report, data.limits);
  return report;
}

/**
 * Builds a week's report from the data now and stores it (replacing an earlier one); a complete
 * week's report is queued for the reporting channels (once per week, app and channel).
 */
export async function buildReport(sql: Sql, key: ReportKey, generatedBy: Trigger): Promise<StoredReport> {
  const data = await readReportData(sql, key);
  const report = withRecommendations(data);
  report.budgets = await budgetsOfReport(sql, report.data_as_of, key.app);
  const markdown = renderWeeklyMarkdown(report);
  const html = renderWeeklyHtml(report);
  return await sql.begin(async (tx) => {
    const [row] = await tx<Row[]>`
    select r.id, r.week, r.app, monitoring.report_json(r)::text as json, r.markdown, r.html, r.generated_at,
           r.regenerated_at, r.generation, r.generated_by, r.data_as_of, r.data_as_of >= r.period_end as complete
    from monitoring.save_weekly_report(
      ${key.week.start.toISOString()}::timestamptz, ${key.app}::text,
      ${data.json}::text::jsonb || jsonb_build_object('recommendations', ${
      JSON.stringify(report.recommendations)
    }::text::jsonb, 'budgets', ${JSON.stringify(report.budgets)}::text::jsonb),
      ${markdown}, ${html}, ${generatedBy}) r`;
    if (!row.complete) return toStored(row);
    const queued = await queueReportNotifications(tx, {
      reportId: Number(row.id),
      week: row.week,
      app: row.app,
      message: buildReportMessage(report, Number(row.id)),
    });
    return toStored(row, queued);
  });
}

/** The stored report of a week, if there is one. */
export async function loadReport(sql: Sql, key: ReportKey): Promise<StoredReport | null> {
  const rows = await sql<Row[]>`
    select r.id, r.week, r.app, monitoring.report_json(r)::text as json, r.markdown, r.html, r.generated_at,
           r.regenerated_at, r.generation, r.generated_by, r.data_as_of, r.data_as_of >= r.period_end as complete
    from monitoring.reports r
    where r.week = ${key.week.label} and r.app is not distinct from ${key.app}::text`;
  return rows.length > 0 ? toStored(rows[0]) : null;
}
