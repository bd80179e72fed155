/**
 * `npm run monitor:alerts -- [--threshold=N] [--verbose] [--json] [--save]`: runs the health
 * check now through the check-alerts function and prints it. Exit status 0 healthy, 1 warning,
 * 2 critical, 3 could not check (stack down, function failed, bad arguments).
 */
import { terminalSafe } from "./format/terminal_safe.ts";
import { PROJECT_ROOT } from "../local/stack_config.ts";
import { exitCodeFor, parseAlertArgs, renderReport, saveFileName, USAGE } from "./alerts_report.ts";
import type { CheckReport } from "../shared/alerts/run_check.ts";
import { connectProject, runCli } from "./stack_client.ts";

async function main(): Promise<number> {
  const parsed = parseAlertArgs(Deno.args);
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${USAGE}`);
    return 3;
  }
  const args = parsed.args;
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const { env } = await connectProject();
  const response = await fetch(`${env.SUPABASE_URL}/functions/v1/check-alerts`, {
    method: "POST",
    headers: { "content-type": "application/json", apikey: env.secretKey },
    body: JSON.stringify(args.threshold === undefined ? {} : { system_prompt_tolerance: args.threshold }),
    signal: AbortSignal.timeout(120_000),
  }).catch((error) => error as Error);
  if (response instanceof Error) {
    console.error(`Could not reach check-alerts: ${response.message}`);
    return 3;
  }
  const text = await response.text();
  if (!response.ok) {
    console.error(`check-alerts answered ${response.status}: ${text}`);
    return 3;
  }
  const report = JSON.parse(text) as CheckReport;
  console.log(
    args.json
      ? JSON.stringify(report, null, 2)
      : terminalSafe(renderReport(report, { verbose: args.verbose }), { keepNewlines: true }),
  );
  if (args.save) {
    const dir = `${PROJECT_ROOT}/logs/monitoring`;
    await Deno.mkdir(dir, { recursive: true });
    const path = `${dir}/${saveFileName(new Date(report.checked_at))}`;
    await Deno.writeTextFile(path, JSON.stringify(report, null, 2) + "\n");
    (args.json ? console.error : console.log)(`Saved ${path}`);
  }
  return exitCodeFor(report.status);
}

if (import.meta.main) await runCli(main);
