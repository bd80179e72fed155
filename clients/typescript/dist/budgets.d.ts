/**
 * Budgets: `checkBudget(scope)` asks the `check-budget` function for the budgets that cover a scope, and
 * {@link BudgetExceededError} is what a wrapped call throws, instead of calling the provider, when one of
 * them is exceeded and enforced (`enforce: true`). The answer is validated before it is trusted.
 *
 * @module
 */
import type { BudgetRow, BudgetScope, BudgetScopeKey, FetchLike } from "./types.js";
/** The scope keys `check-budget` understands. */
export declare const BUDGET_SCOPE_KEYS: readonly BudgetScopeKey[];
/** Thrown by a wrapped call whose scope has an exceeded, enforced budget; the provider was not called. */
export declare class BudgetExceededError extends Error {
    /** The exceeded rows with `enforce: true`. */
    readonly budgets: BudgetRow[];
    /** The scope that was checked. */
    readonly scope: BudgetScope;
    constructor(
    /** The exceeded rows with `enforce: true`. */
    budgets: BudgetRow[], 
    /** The scope that was checked. */
    scope: BudgetScope);
}
/** `check-budget` could not answer (network, non-200, or an answer that is not the documented shape). */
export declare class BudgetCheckError extends Error {
    readonly status: number | undefined;
    readonly details: unknown;
    constructor(message: string, status: number | undefined, details: unknown);
}
/** The problem with one row of the answer, or null when it has the documented shape. */
export declare function budgetRowProblem(row: unknown): string | null;
/** The rows of a `check-budget` answer, validated; throws {@link BudgetCheckError} when it is not that. */
export declare function parseBudgetAnswer(body: unknown): BudgetRow[];
/** The scope with only the known keys that have a non-empty string value. */
export declare function cleanScope(scope: Record<string, unknown>): BudgetScope;
/** The rows that block a call: exceeded and enforced. */
export declare const blockingBudgets: (rows: BudgetRow[]) => BudgetRow[];
/** Asks `check-budget` about a scope (see the budget HTTP contract). */
export declare function requestBudgets(opts: {
    endpoint: string;
    headers: Record<string, string>;
    fetch: FetchLike;
    timeoutMs: number;
    scope: BudgetScope;
}): Promise<BudgetRow[]>;
