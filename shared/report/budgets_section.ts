/**
 * The weekly report's budgets section: every enabled budget and scope value with its spend and
 * state as of the report's data_as_of (stored in the report JSON as `budgets` by store.ts, read with
 * monitoring.budget_status), the same table `npm run monitor:budgets` prints. An app's report lists
 * the rows whose scope names that app. Pure.
 */
import { budgetRowSchema } from "../budgets/row.ts";
import { BUDGET_COLUMNS, budgetTableRows } from "../budgets/status_table.ts";
import { z } from "../deps/zod.ts";
import { type Block, tableOr } from "../document/document.ts";
import { utcMinute } from "../document/format.ts";

const rowsSchema = z.array(budgetRowSchema);

/** The section, from the report JSON's `budgets` (absent or unreadable: says so). */
export function budgetsSection(report: { budgets?: unknown; data_as_of: string }, title: string): Block[] {
  const parsed = rowsSchema.safeParse(report.budgets ?? []);
  const heading: Block = { kind: "section", text: title };
  if (!parsed.success) {
    return [heading, { kind: "paragraph", text: "Budget status unavailable for this report." }];
  }
  const exceeded = parsed.data.filter((r) => r.state === "exceeded").length;
  const warning = parsed.data.filter((r) => r.state === "warning").length;
  return [
    heading,
    {
      kind: "paragraph",
      text: parsed.data.length === 0
        ? `No budget had spend in its period as of ${utcMinute(report.data_as_of)}.`
        : `As of ${utcMinute(report.data_as_of)}: ${exceeded} exceeded, ${warning} in warning, ${
          parsed.data.length - exceeded - warning
        } ok.`,
    },
    ...(parsed.data.length === 0 ? [] : [tableOr(BUDGET_COLUMNS, budgetTableRows(parsed.data), "")]),
  ];
}
