import assert from "node:assert/strict";
import { budgetsSection } from "./budgets_section.ts";
import { renderMarkdown } from "../document/render_markdown.ts";

const row = {
  budget: "per-user-monthly",
  scope_value: { user_id: "u1" },
  period_start: "2026-12-01T00:00:00+00:00",
  period_end: "2027-01-01T00:00:00+00:00",
  limit_usd: 10,
  spent_usd: 10.5,
  remaining_usd: -0.5,
  limit_tokens: null,
  spent_tokens: 5,
  percent: 105,
  state: "exceeded",
  enforce: true,
  unpriced_requests: 0,
  partly_unpriced: false,
  forecast_exhausted_at: null,
};

Deno.test("the budgets section counts the states and lists each row", () => {
  const md = renderMarkdown(
    budgetsSection({ budgets: [row], data_as_of: "2026-12-07T00:00:00Z" }, "10. Budgets"),
  );
  assert.match(md, /As of 2026-12-07 00:00 UTC: 1 exceeded, 0 in warning, 0 ok\./);
  assert.match(md, /per-user-monthly/);
  assert.match(md, /\$10\.50/);
  assert.match(md, /exceeded, enforced/);
});

Deno.test("the budgets section says when there is nothing, or nothing readable", () => {
  assert.match(
    renderMarkdown(budgetsSection({ data_as_of: "2026-12-07T00:00:00Z" }, "10. Budgets")),
    /No budget had spend in its period as of 2026-12-07 00:00 UTC\./,
  );
  assert.match(
    renderMarkdown(
      budgetsSection({ budgets: [{ budget: 3 }], data_as_of: "2026-12-07T00:00:00Z" }, "10. Budgets"),
    ),
    /Budget status unavailable/,
  );
});
