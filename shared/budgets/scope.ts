/**
 * A budget scope as callers send it (check-budget, the client): an object over the dimensions
 * budgets know, each a concrete string value. The database says the same (monitoring.budget_scope_check);
 * this is the boundary check that answers 400 naming the field before any query.
 */
import { z } from "../deps/zod.ts";

/** The dimensions a budget scope may name (monitoring.budget_scope_keys()). */
export const BUDGET_SCOPE_KEYS = [
  "app",
  "environment",
  "user_id",
  "customer_id",
  "conversation_id",
  "model",
  "prompt_variant",
] as const;

/** One dimension of a scope. */
export type BudgetScopeKey = typeof BUDGET_SCOPE_KEYS[number];

/** A concrete scope, e.g. `{user_id: "u1", app: "shop"}`. */
export type BudgetScope = Partial<Record<BudgetScopeKey, string>>;

const value = z.string({ invalid_type_error: "expected a string" })
  .refine((v) => v.trim() !== "", "must not be blank")
  .refine((v) => v.length <= 200, "at most 200 characters")
  .refine((v) => v !== "*", 'must be a concrete value, not "*"');

/** zod schema of a concrete scope: known keys only, string values. */
export const budgetScopeSchema: z.ZodType<BudgetScope> = z.object(
  Object.fromEntries(BUDGET_SCOPE_KEYS.map((k) => [k, value.optional()])) as Record<
    BudgetScopeKey,
    z.ZodOptional<typeof value>
  >,
  { invalid_type_error: "expected an object" },
).strict(`unknown scope key (allowed: ${BUDGET_SCOPE_KEYS.join(", ")})`);

/** The scope of an event: its budget dimensions that are set (null ones left out). */
export function scopeOfEvent(event: Partial<Record<BudgetScopeKey, string | null>>): BudgetScope {
  const scope: BudgetScope = {};
  for (const key of BUDGET_SCOPE_KEYS) {
    const v = event[key];
    if (typeof v === "string") scope[key] = v;
  }
  return scope;
}

/** The distinct scopes of a batch of events, in first-seen order. */
export function distinctScopes(
  events: readonly Partial<Record<BudgetScopeKey, string | null>>[],
): BudgetScope[] {
  const seen = new Map<string, BudgetScope>();
  for (const event of events) {
    const scope = scopeOfEvent(event);
    const key = JSON.stringify(BUDGET_SCOPE_KEYS.map((k) => scope[k] ?? null));
    if (!seen.has(key)) seen.set(key, scope);
  }
  return [...seen.values()];
}
