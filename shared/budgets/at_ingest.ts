/**
 * Budgets at ingest: after a batch is stored, the budgets that apply to the batch's scopes are
 * evaluated (monitoring.notify_budgets), so a fast burn is noticed with the event that crossed the
 * threshold rather than at the next check-alerts run; when that queued a message, the outbox is sent
 * at once (crossings are rare: at most one per threshold per period per scope value); at most
 * {@link MAX_INGEST_SCOPES} scopes a batch are evaluated so. When the caller
 * asked (`x-tokenwatch-budgets: true`) the rows are returned for its answer. Nothing is done when no
 * budget is enabled.
 */
import type { Sql } from "../deps/postgres.ts";
import { deliverDue } from "../notify/deliver.ts";
import { anyBudgetEnabled, checkBudgets, notifyBudgets } from "./check.ts";
import type { BudgetRow } from "./row.ts";
import { type BudgetScopeKey, distinctScopes } from "./scope.ts";

/**
 * At most this many distinct scopes of a batch are evaluated at ingest (each costs a few milliseconds of
 * the database); the check-alerts run evaluates every budget anyway, so a larger batch's other scopes are
 * seen at the next run.
 */
export const MAX_INGEST_SCOPES = 200;

/** The request header that asks ingest for the budget rows of the batch's scopes. */
export const BUDGETS_HEADER = "x-tokenwatch-budgets";

/** Inputs of {@link budgetsAtIngest}. */
export interface BudgetsAtIngestInput {
  /** The stored batch (its budget dimensions are read). */
  events: readonly Partial<Record<BudgetScopeKey, string | null>>[];
  /** Whether the answer should carry the rows. */
  wantRows: boolean;
  now?: Date;
  /** HTTP client for notifications (tests). */
  fetch?: typeof fetch;
}

/** True when the request asks for budget rows (`x-tokenwatch-budgets: true`). */
export function wantsBudgets(request: Request): boolean {
  return request.headers.get(BUDGETS_HEADER)?.trim().toLowerCase() === "true";
}

/** Evaluates and notifies the batch's budgets; returns the rows when asked (else null). */
export async function budgetsAtIngest(sql: Sql, input: BudgetsAtIngestInput): Promise<BudgetRow[] | null> {
  if (!(await anyBudgetEnabled(sql))) return input.wantRows ? [] : null;
  const scopes = distinctScopes(input.events);
  const queued = await notifyBudgets(sql, scopes.slice(0, MAX_INGEST_SCOPES), { now: input.now });
  if (queued > 0) await deliverDue(sql, { fetch: input.fetch });
  return input.wantRows ? await checkBudgets(sql, scopes, { now: input.now }) : null;
}
