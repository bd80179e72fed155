/**
 * `npm run monitor:budgets -- [--json]`: every enabled budget and scope value with its spend and
 * state in the current period (monitoring.budget_status, read with SQL on SUPABASE_DB_URL), as a
 * table or as the JSON rows check-budget answers. Exit status: 0 all ok, 1 any in warning, 2 any
 * exceeded, 3 no stack, 4 bad arguments.
 */
import { parseArgs } from "node:util";
import { budgetStatus } from "../shared/budgets/check.ts";
import { BUDGET_COLUMNS, budgetExitCode, budgetTableRows } from "../shared/budgets/status_table.ts";
import { postgres } from "../shared/deps.ts";
import { utcMinute } from "../shared/document/format.ts";
import { renderTable } from "./format/table.ts";
import { connectProject, runCli, StackUnavailable } from "./stack_client.ts";

/** The command, for `runCli` and for tests. */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, options: { json: { type: "boolean", default: false } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: npm run monitor:budgets -- [--json]`);
    return 4;
  }
  const { env } = await connectProject();
  const sql = postgres(env.SUPABASE_DB_URL, {
    prepare: false,
    onnotice: () => {},
    max: 1,
    connect_timeout: 5,
  });
  try {
    const rows = await budgetStatus(sql).catch((error) => {
      if ((error as { code?: string }).code === "ECONNREFUSED") {
        throw new StackUnavailable(
          `Cannot reach the database at ${env.SUPABASE_DB_URL}. Is the stack running? Start it with \`npm start\`.`,
        );
      }
      throw error;
    });
    if (values.json) {
      console.log(JSON.stringify({ budgets: rows }, null, 2));
    } else if (rows.length === 0) {
      console.log("No enabled budget has spend to show (add one to monitoring.budgets).");
    } else {
      console.log(`Budgets as of ${utcMinute(new Date())}\n`);
      console.log(renderTable(BUDGET_COLUMNS, budgetTableRows(rows)));
    }
    return budgetExitCode(rows);
  } finally {
    await sql.end();
  }
}

if (import.meta.main) await runCli(() => main(Deno.args));
