/**
 * Budget rows as a table (`npm run monitor:budgets`, the weekly report, the dashboard) and the exit
 * status the command ends with: 2 when any budget is exceeded, 1 when any is in warning, else 0. Pure.
 */
import { type Column, number, text } from "../document/document.ts";
import { int, NA, num, usd, utcMinute } from "../document/format.ts";
import { type BudgetRow, worstState } from "./row.ts";

/** The table's columns. */
export const BUDGET_COLUMNS: Column[] = [
  text("Budget"),
  text("Scope"),
  text("Period"),
  number("Spent"),
  number("Limit"),
  number("Percent"),
  text("State"),
  text("Limit reached (forecast)"),
];

/** `user_id=u1, app=shop`, or `all traffic` for the empty scope. */
export function scopeText(scope: Record<string, string>): string {
  const parts = Object.entries(scope).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? "all traffic" : parts.join(", ");
}

function spent(r: BudgetRow): string {
  const parts: string[] = [];
  if (r.limit_usd !== null || r.limit_tokens === null) parts.push(usd(r.spent_usd));
  if (r.limit_tokens !== null) parts.push(`${int(r.spent_tokens)} tokens`);
  return parts.join(" / ");
}

function limit(r: BudgetRow): string {
  const parts: string[] = [];
  if (r.limit_usd !== null) parts.push(usd(r.limit_usd));
  if (r.limit_tokens !== null) parts.push(`${int(r.limit_tokens)} tokens`);
  return parts.join(" / ");
}

function state(r: BudgetRow): string {
  const unpriced = r.partly_unpriced
    ? ` (partly unpriced: ${int(r.unpriced_requests)} requests not counted)`
    : "";
  return `${r.state}${r.enforce ? ", enforced" : ""}${unpriced}`;
}

/** One table row per budget row. */
export function budgetTableRows(rows: readonly BudgetRow[]): string[][] {
  return rows.map((r) => [
    r.budget,
    scopeText(r.scope_value),
    `${utcMinute(r.period_start)} to ${utcMinute(r.period_end)}`,
    spent(r),
    limit(r),
    r.percent === null ? NA : `${num(r.percent, 1)}%`,
    state(r),
    r.forecast_exhausted_at === null
      ? (r.state === "exceeded" ? "reached" : "-")
      : utcMinute(r.forecast_exhausted_at),
  ]);
}

/** The command's exit status: 2 any exceeded, 1 any warning, 0 otherwise. */
export function budgetExitCode(rows: readonly BudgetRow[]): 0 | 1 | 2 {
  const worst = worstState(rows);
  return worst === "exceeded" ? 2 : worst === "warning" ? 1 : 0;
}
