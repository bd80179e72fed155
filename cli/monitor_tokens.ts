/**
 * `npm run monitor:tokens -- --period=day|week|month [--verbose] [--json] [--save]`
 * (also --from/--to instead of --period, and --app, --environment, --model, --prompt-variant).
 * Calls the track-usage function and prints a readable summary (or the JSON); --save writes
 * the JSON to logs/monitoring/token-usage-{period}-{date}.json under the current folder.
 * Exit status: 0 done, 1 the function refused or failed, 2 bad arguments, 3 no stack.
 */
import { parseArgs } from "node:util";
import { usageDocument } from "./usage_document.ts";
import { trackUsageResultSchema } from "../shared/tracking/schema.ts";
import { describeFunctionError } from "./format/function_error.ts";
import { renderText } from "./format/text.ts";
import { connectProject, runCli } from "./stack_client.ts";

const USAGE =
  "usage: npm run monitor:tokens -- [--period=day|week|month | --from=<date> [--to=<date>]] [--app=…] [--environment=…] [--model=…] [--prompt-variant=…] [--verbose] [--json] [--save]";

/** The command, for `runCli` and for tests. */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        period: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        app: { type: "string" },
        environment: { type: "string" },
        model: { type: "string" },
        "prompt-variant": { type: "string" },
        verbose: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        save: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const query = new URLSearchParams();
  for (
    const [flag, param] of [
      ["period", "period"],
      ["from", "from"],
      ["to", "to"],
      ["app", "app"],
      ["environment", "environment"],
      ["model", "model"],
      ["prompt-variant", "prompt_variant"],
    ] as const
  ) {
    const value = values[flag];
    if (typeof value === "string") query.set(param, value);
  }
  if (!query.has("period") && !query.has("from") && !query.has("to")) query.set("period", "day");

  const { supabase } = await connectProject();
  const { data, error } = await supabase.functions.invoke(`track-usage?${query}`, { method: "GET" });
  if (error) {
    console.error(await describeFunctionError("track-usage", error));
    return 1;
  }
  const checked = trackUsageResultSchema.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    console.error(
      `track-usage answered an unexpected document: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
    );
    return 1;
  }
  const result = checked.data;
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else console.log(renderText(usageDocument(result, { verbose: values.verbose })).trimEnd());
  if (values.save) {
    const path = `logs/monitoring/token-usage-${result.period}-${result.data_as_of.slice(0, 10)}.json`;
    await Deno.mkdir("logs/monitoring", { recursive: true });
    await Deno.writeTextFile(path, JSON.stringify(result, null, 2) + "\n");
    console.error(`Saved ${path}`);
  }
  return 0;
}

if (import.meta.main) await runCli(() => main(Deno.args));
