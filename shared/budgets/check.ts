/**
 * The database side of budgets: the rows that apply to one or several concrete scopes
 * (monitoring.check_budget), every budget's status (monitoring.budget_status), and the
 * notification run (monitoring.notify_budgets). Arithmetic stays in SQL; this reads and validates.
 */
import type { Sql } from "../deps/postgres.ts";
import { z } from "../deps/zod.ts";
import { type BudgetRow, budgetRowSchema } from "./row.ts";
import type { BudgetScope } from "./scope.ts";

const rowsSchema = z.array(budgetRowSchema);

/** Options of the budget reads: the clock (tests pass theirs; the database's now() by default). */
export interface BudgetClock {
  now?: Date;
}

/**
 * The budgets that apply to each of `scopes`, deduplicated by budget and scope value before they are
 * evaluated (two events of one user in a batch evaluate that user's budget once), ordered by budget then
 * scope value. Scopes must be concrete (scope.ts validates them; monitoring.check_budget is the SQL entry
 * point that checks them itself).
 */
export async function checkBudgets(
  sql: Sql,
  scopes: readonly BudgetScope[],
  opts: BudgetClock = {},
): Promise<BudgetRow[]> {
  if (scopes.length === 0) return [];
  const now = opts.now ?? null;
  const [{ rows }] = await sql<{ rows: unknown }[]>`
    select coalesce(jsonb_agg(to_jsonb(e) order by e.budget, e.scope_value::text), '[]'::jsonb) as rows
    from (
      select distinct f.budget_id, f.scope_value
      from jsonb_array_elements(${sql.json(scopes as never)}::jsonb) s(scope)
      cross join lateral monitoring.budgets_for_scope(s.scope) f
    ) a
    cross join lateral monitoring.budget_evaluate(a.budget_id, a.scope_value, coalesce(${now}::timestamptz, now())) e`;
  return rowsSchema.parse(rows);
}

/** The budgets that apply to one concrete scope. */
export function checkBudget(sql: Sql, scope: BudgetScope, opts: BudgetClock = {}): Promise<BudgetRow[]> {
  return checkBudgets(sql, [scope], opts);
}

/** Every enabled budget and scope value with spend in the current period (monitoring.budget_status). */
export async function budgetStatus(sql: Sql, opts: BudgetClock = {}): Promise<BudgetRow[]> {
  const now = opts.now ?? null;
  const [{ rows }] = await sql<{ rows: unknown }[]>`
    select coalesce(jsonb_agg(to_jsonb(s) order by s.budget, s.percent desc nulls last, s.scope_value::text), '[]'::jsonb)
             as rows
    from monitoring.budget_status(coalesce(${now}::timestamptz, now())) s`;
  return rowsSchema.parse(rows);
}

/**
 * Evaluates budgets and queues their notifications (once per threshold per period per scope value):
 * all budgets when `scopes` is null (the check-alerts run), else those applying to the scopes (ingest).
 * Returns how many outbox rows were queued.
 */
export async function notifyBudgets(
  sql: Sql,
  scopes: readonly BudgetScope[] | null,
  opts: BudgetClock = {},
): Promise<number> {
  const now = opts.now ?? null;
  const [{ queued }] = await sql<{ queued: number }[]>`
    select monitoring.notify_budgets(${scopes === null ? null : sql.json(scopes as never)}::jsonb,
                                     coalesce(${now}::timestamptz, now())) as queued`;
  return queued;
}

/** Whether any budget is enabled (ingest skips the budget work when none is). */
export async function anyBudgetEnabled(sql: Sql): Promise<boolean> {
  const [{ any }] = await sql<
    { any: boolean }[]
  >`select exists (select 1 from monitoring.budgets where enabled) as any`;
  return any;
}
