import assert from "node:assert/strict";
import type { BudgetRow } from "../budgets/row.ts";
import { budgetsCard } from "./budgets_card.ts";

const row = (over: Partial<BudgetRow>): BudgetRow => ({
  budget: "per-user-monthly",
  scope_value: { user_id: "u1" },
  period_start: "2026-12-01T00:00:00.000Z",
  period_end: "2027-01-01T00:00:00.000Z",
  limit_usd: 10,
  spent_usd: 5,
  remaining_usd: 5,
  limit_tokens: null,
  spent_tokens: 10,
  percent: 50,
  state: "warning",
  enforce: false,
  unpriced_requests: 0,
  partly_unpriced: false,
  forecast_exhausted_at: null,
  ...over,
});

Deno.test("the budgets panel lists exceeded first, escapes values, and says when there is none", () => {
  const html = budgetsCard([
    row({ scope_value: { user_id: "<u2>" }, state: "ok", percent: 10 }),
    row({
      scope_value: { user_id: "u3" },
      state: "exceeded",
      percent: 120,
      spent_usd: 12,
      remaining_usd: -2,
    }),
  ]);
  const states = [...html.matchAll(/data-budget-state="(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(states, ["exceeded", "ok"]);
  assert.ok(html.includes("user_id=&lt;u2&gt;"));
  assert.ok(!html.includes("<u2>"));
  assert.ok(html.includes('<td class="num">120.0%</td>'));
  assert.match(budgetsCard([]), /data-empty="budgets"/);
});
