/**
 * `npm run prices:import -- <file> [--apply] [--effective-from=YYYY-MM-DD] [--verbose]`
 *
 * Reads LiteLLM's `model_prices_and_context_window.json` or pydantic genai-prices' `prices/data.json`
 * (told apart by shape; shared/prices/price_files.ts), prints, per model, what differs from
 * `monitoring.model_prices` (new models, new tiers or long-context rates, changed prices;
 * shared/prices/price_import.ts) and, with `--apply`, adds each difference as a new effective-dated row
 * whose source is the file, in one transaction; rows in force are never edited. Prices the file gives no
 * date for start at `--effective-from` (default: today, UTC). `--verbose` also lists skipped entries.
 * Connects to SUPABASE_DB_URL (else `.env.local` from `npm start`).
 * Exit status: 0 done, 1 the file could not be read, 2 bad arguments, 3 no database.
 */
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { postgres } from "../shared/deps.ts";
import { parsePriceFile } from "../shared/prices/price_files.ts";
import { applyPriceDifferences, describeDifferences, diffPrices } from "../shared/prices/price_import.ts";
import { projectEnv, runCli } from "./stack_client.ts";

const USAGE = "usage: npm run prices:import -- <file> [--apply] [--effective-from=YYYY-MM-DD] [--verbose]";

/** The command, for `runCli` and for tests; `now` fixes the clock. */
export async function main(
  args: string[],
  opts: { now?: Date; databaseUrl?: string; print?: (line: string) => void } = {},
): Promise<number> {
  const print = opts.print ?? console.log;
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        apply: { type: "boolean", default: false },
        "effective-from": { type: "string" },
        verbose: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    console.error(`give exactly one price file\n${USAGE}`);
    return 2;
  }
  const now = opts.now ?? new Date();
  const fromFlag = values["effective-from"];
  if (fromFlag !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(fromFlag)) {
    console.error(`--effective-from must be a date YYYY-MM-DD, got ${fromFlag}\n${USAGE}`);
    return 2;
  }
  const today = now.toISOString().slice(0, 10);
  const effectiveFrom = new Date(`${fromFlag ?? today}T00:00:00Z`);

  const path = positionals[0];
  let bytes: Uint8Array<ArrayBuffer>;
  let file;
  try {
    bytes = await Deno.readFile(path);
    file = parsePriceFile(JSON.parse(new TextDecoder().decode(bytes)));
  } catch (error) {
    console.error(`cannot read ${path} as a LiteLLM or genai-prices price file: ${(error as Error).message}`);
    return 1;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const sha256 = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");

  const sql = postgres(opts.databaseUrl ?? projectEnv().SUPABASE_DB_URL, {
    prepare: false,
    onnotice: () => {},
    max: 1,
  });
  try {
    print(
      `${
        basename(path)
      } (${file.format}): ${file.quotes.length} prices, ${file.skipped.length} entries skipped`,
    );
    if (values.verbose) { for (const s of file.skipped) print(`skipped  ${s.entry}: ${s.reason}`); }
    await sql.begin(async (tx) => {
      const differences = await diffPrices(tx, file.quotes, now);
      for (const line of describeDifferences(differences, effectiveFrom)) print(line);
      if (!values.apply) return;
      const ids = await applyPriceDifferences(
        tx,
        differences,
        { fileName: basename(path), format: file.format, sha256 },
        effectiveFrom,
        today,
      );
      print(
        `applied: ${ids.length} new rows in monitoring.model_prices${
          ids.length ? ` (ids ${ids.join(", ")})` : ""
        }`,
      );
    });
    if (!values.apply) print("(dry run: --apply adds these as new rows)");
    return 0;
  } finally {
    await sql.end();
  }
}

if (import.meta.main) await runCli(() => main(Deno.args));
