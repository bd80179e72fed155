/**
 * What the page draws, loaded with one call of `monitoring.dashboard_data` (one snapshot). The SQL
 * does all token and cost arithmetic; types.ts describes its JSON (re-exported here).
 */
import type { Sql } from "../deps/postgres.ts";
import type { DashboardQuery, TimeWindow } from "./query.ts";
import { parseDashboardData } from "./schema.ts";

export type {
  Baseline,
  Bucket,
  DailyCost,
  DashboardData,
  LatencyRow,
  SavingsRow,
  SummaryFigures,
  SystemPromptPoint,
  ToolRow,
} from "./types.ts";
import type { DashboardData } from "./types.ts";

/**
 * Loads the page's data for a query and its window from the database, checked against the read
 * schema (a document of another shape is a fault: DashboardShapeError, a 500).
 */
export async function loadDashboardData(
  sql: Sql,
  query: DashboardQuery,
  window: TimeWindow,
): Promise<DashboardData> {
  const f = query.filters;
  // billing (tracked vs billed per day, billing_chart.ts) joins in the same query, for the
  // document's own days; it is organisation-wide, whatever the filters
  const rows = await sql<{ data: unknown }[]>`
    select d.data || jsonb_build_object('billing', monitoring.billing_reconciliation_summary(
             (d.data #>> '{window,first_day}')::date, (d.data #>> '{window,last_day}')::date + 1)) as data
    from (select monitoring.dashboard_data(
      ${window.from.toISOString()}::timestamptz,
      ${window.to.toISOString()}::timestamptz,
      make_interval(secs => ${window.bucketSeconds}),
      ${f.app ?? null}::text, ${f.environment ?? null}::text, ${f.model ?? null}::text, ${
    f.prompt_variant ?? null
  }::text
    ) as data) d`;
  return parseDashboardData(rows[0].data);
}
