/**
 * The dashboard's budgets panel: every enabled budget and scope value with spend and state in the
 * current period (monitoring.budget_status), the same rows `npm run monitor:budgets` prints, as an
 * HTML table, the worst first. Pure; escapes every value.
 */
import type { BudgetRow } from "../budgets/row.ts";
import { BUDGET_COLUMNS, budgetTableRows } from "../budgets/status_table.ts";
import { escapeHtml } from "./format.ts";

const RANK: Record<BudgetRow["state"], number> = { exceeded: 0, warning: 1, ok: 2 };

/** At most this many rows are shown (the worst first); the rest are counted. */
export const MAX_BUDGET_ROWS = 25;

/** The panel, or a line saying how to add a budget when there is none. */
export function budgetsCard(rows: readonly BudgetRow[]): string {
  let body: string;
  if (rows.length === 0) {
    body =
      `<p class="empty" data-empty="budgets">No budget has spend in its current period (add budgets to monitoring.budgets).</p>`;
  } else {
    const sorted = [...rows].sort((a, b) =>
      RANK[a.state] - RANK[b.state] || (b.percent ?? 0) - (a.percent ?? 0)
    );
    const shown = sorted.slice(0, MAX_BUDGET_ROWS);
    const head = BUDGET_COLUMNS.map((c) =>
      `<th${c.align === "right" ? ' class="num"' : ""}>${escapeHtml(c.header)}</th>`
    )
      .join("");
    const body_rows = budgetTableRows(shown).map((cells, i) =>
      `<tr data-budget-state="${escapeHtml(shown[i].state)}">${
        cells.map((cell, j) =>
          `<td${BUDGET_COLUMNS[j].align === "right" ? ' class="num"' : ""}>${escapeHtml(cell)}</td>`
        )
          .join("")
      }</tr>`
    ).join("");
    const more = rows.length > shown.length
      ? `<p class="meta">${rows.length - shown.length} more in monitoring.v_budget_status.</p>`
      : "";
    body = `<table class="budgets"><thead><tr>${head}</tr></thead><tbody>${body_rows}</tbody></table>${more}`;
  }
  return `<section class="card" id="budgets" aria-labelledby="h-budgets"><h2 id="h-budgets">Budgets</h2>
<p class="subtitle">From monitoring.v_budget_status: spend in each budget's current period, exceeded first. Not affected by the range or filters.</p>${body}</section>`;
}
