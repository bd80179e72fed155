import assert from "node:assert/strict";
import type { BudgetRow } from "./row.ts";
import { budgetExitCode, budgetTableRows, scopeText } from "./status_table.ts";

const row = (over: Partial<BudgetRow>): BudgetRow => ({
  budget: "per-user-monthly",
  scope_value: { user_id: "u1" },
  period_start: "2026-12-01T00:00:00.000Z",
  period_end: "2027-01-01T00:00:00.000Z",
  limit_usd: 10,
  spent_usd: 8.25,
  remaining_usd: 1.75,
  limit_tokens: null,
  spent_tokens: 123456,
  percent: 82.5,
  state: "warning",
  enforce: false,
  unpriced_requests: 0,
  partly_unpriced: false,
  forecast_exhausted_at: "2026-12-20T06:00:00.000Z",
  ...over,
});

Deno.test("exit status: 2 when any is exceeded, 1 when any is in warning, 0 otherwise", () => {
  assert.equal(budgetExitCode([]), 0);
  assert.equal(budgetExitCode([row({ state: "ok" })]), 0);
  assert.equal(budgetExitCode([row({ state: "ok" }), row({ state: "warning" })]), 1);
  assert.equal(budgetExitCode([row({ state: "warning" }), row({ state: "exceeded" })]), 2);
});

Deno.test("a row reads: spend of limit, percent, state with what is unpriced, the forecast", () => {
  assert.deepEqual(budgetTableRows([row({})])[0], [
    "per-user-monthly",
    "user_id=u1",
    "2026-12-01 00:00 UTC to 2027-01-01 00:00 UTC",
    "$8.25",
    "$10.00",
    "82.5%",
    "warning",
    "2026-12-20 06:00 UTC",
  ]);
  const tokens = budgetTableRows([row({
    limit_usd: null,
    limit_tokens: 1000,
    spent_tokens: 1100,
    percent: 110,
    state: "exceeded",
    enforce: true,
    partly_unpriced: true,
    unpriced_requests: 2,
    forecast_exhausted_at: null,
  })])[0];
  assert.deepEqual(tokens.slice(3), [
    "1,100 tokens",
    "1,000 tokens",
    "110.0%",
    "exceeded, enforced (partly unpriced: 2 requests not counted)",
    "reached",
  ]);
  assert.equal(scopeText({}), "all traffic");
  assert.equal(scopeText({ app: "shop", user_id: "u1" }), "app=shop, user_id=u1");
});
