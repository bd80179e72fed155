/**
 * `npm run monitor:report -- [--week=2026-W47] [--app=…]`: has the weekly-report function
 * build the week's report now (default: the last complete ISO week), writes it as markdown to
 * reports/WEEKLY_REPORT_{week}.md under the current folder (…_{app}.md for one app) and prints
 * the path. Exit status: 0 done, 1 the function refused or failed, 2 bad arguments, 3 no stack.
 */
import { parseArgs } from "node:util";
import { describeFunctionError } from "./format/function_error.ts";
import { connectProject, runCli } from "./stack_client.ts";

const USAGE = "usage: npm run monitor:report -- [--week=YYYY-Www] [--app=<app>]";

/** reports/WEEKLY_REPORT_{week}.md, or …_{app}.md with the app name made file-safe. */
export function reportPath(week: string, app: string | null): string {
  const suffix = app ? `_${app.replace(/[^A-Za-z0-9._-]+/g, "-")}` : "";
  return `reports/WEEKLY_REPORT_${week}${suffix}.md`;
}

/** The command, for `runCli` and for tests. */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: { week: { type: "string" }, app: { type: "string" } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const query = new URLSearchParams({ format: "md", trigger: "cli" });
  if (values.week !== undefined) query.set("week", values.week);
  if (values.app !== undefined) query.set("app", values.app);

  const { supabase } = await connectProject();
  const { data, error, response } = await supabase.functions.invoke(`weekly-report?${query}`, {
    method: "POST",
  });
  if (error) {
    console.error(await describeFunctionError("weekly-report", error));
    return 1;
  }
  const week = response?.headers.get("x-tokenwatch-week");
  if (!week) {
    console.error("weekly-report answered without naming the week (x-tokenwatch-week)");
    return 1;
  }
  const path = reportPath(week, values.app ?? null);
  await Deno.mkdir("reports", { recursive: true });
  await Deno.writeTextFile(path, String(data));
  console.log(path);
  return 0;
}

if (import.meta.main) await runCli(() => main(Deno.args));
