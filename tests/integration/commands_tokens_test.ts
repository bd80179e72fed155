/**
 * `npm run monitor:tokens` on the fixed dataset: the readable summary, --verbose breakdowns,
 * --json, --save (logs/monitoring/token-usage-{period}-{date}.json), a bad period, and a
 * clear message when the stack is not running.
 */
import assert from "node:assert/strict";
import { connect } from "../helpers/test_env.ts";
import {
  deleteFixedPrices,
  insertEvents,
  insertFixedPrices,
  runTag,
} from "../fixtures/datasets/fixed_week.ts";
import { runMonitor } from "../fixtures/datasets/run_command.ts";

Deno.test("monitor:tokens prints the fixed week's numbers; --verbose adds models and days", async () => {
  const sql = connect();
  const tag = runTag();
  const app = `h6-cmd-tokens-${tag}`;
  const models = await insertFixedPrices(sql, tag);
  const cwd = await Deno.makeTempDir();
  try {
    await insertEvents(sql, { app, models });
    const out = await runMonitor("monitor_tokens.ts", [
      "--from=2025-03-03",
      "--to=2025-03-10",
      `--app=${app}`,
      "--verbose",
    ], { cwd });
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.split("\n");
    const line = (label: string) => lines.find((l) => l.trimStart().startsWith(label)) ?? "";
    assert.equal(lines[0], "Token usage, custom window");
    assert.match(line("Requests"), /8 \(2 errors, 25\.0%\)$/);
    assert.match(
      line("Tokens"),
      /290,000 total: input 259,000 \(cache reads 60,000, writes 0\), output 31,000 \(reasoning 1,000\)$/,
    );
    assert.match(line("Cost"), /\$2\.50 \+ 1 unpriced \(\$0\.3574 per priced request\)$/); // 2.502 / 7 = 0.35742857
    assert.match(line("Unpriced"), /1 requests \(12\.5%\)$/);
    assert.match(line("Target (mcp)"), /205\.20 system-prompt tokens vs 198 \(band 178-218, \+7\.20\): met$/);
    assert.match(
      line("Savings"),
      /96\.05% of system-prompt tokens vs the 5,200-token reference \(promised 96\.19%, -0\.14 pp\)$/,
    );
    assert.match(line("Saved vs traditional"), /\$0\.18 over 6 requests/);
    assert.match(
      out.stdout,
      new RegExp(`${models.alpha}\\s+4\\s+141,000\\s+35,250\\.00\\s+\\$1\\.85\\s+73\\.7%\\s+1`),
    );
    assert.match(
      out.stdout,
      new RegExp(`${models.gamma}\\s+1\\s+10,000\\s+10,000\\.00\\s+unpriced\\s+n/a\\s+0`),
    );
    assert.match(out.stdout, /Fri 2025-03-07\s+1\s+10,000\s+10,000\.00\s+198\.00\s+0\s+unpriced/);
    assert.match(out.stdout, /Sun 2025-03-09\s+1\s+15,000\s+15,000\.00\s+230\.00\s+0\s+\$0\.12/);
  } finally {
    await deleteFixedPrices(sql, models);
    await sql.end();
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("monitor:tokens --period=week --json --save writes logs/monitoring/token-usage-week-{date}.json", async () => {
  const sql = connect();
  const tag = runTag();
  const app = `h6-cmd-save-${tag}`;
  const models = await insertFixedPrices(sql, tag);
  const cwd = await Deno.makeTempDir();
  try {
    // event #8 (beta, $0.117) three hours ago
    await insertEvents(sql, {
      app,
      models,
      only: ["8"],
      shiftMs: Date.now() - 3 * 3_600_000 - Date.parse("2025-03-09T23:30:00Z"),
    });
    const out = await runMonitor("monitor_tokens.ts", ["--period=week", `--app=${app}`, "--json", "--save"], {
      cwd,
    });
    assert.equal(out.code, 0, out.stderr);
    const printed = JSON.parse(out.stdout);
    assert.deepEqual([printed.period, printed.requests, printed.cost_usd, printed.total_tokens], [
      "week",
      1,
      0.117,
      15_000,
    ]);
    const date = printed.data_as_of.slice(0, 10);
    const path = `logs/monitoring/token-usage-week-${date}.json`;
    assert.match(out.stderr, new RegExp(`Saved ${path}`));
    const saved = JSON.parse(await Deno.readTextFile(`${cwd}/${path}`));
    assert.deepEqual(saved, printed);
  } finally {
    await deleteFixedPrices(sql, models);
    await sql.end();
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("monitor:tokens: a bad period is named (exit 1), an unknown flag is a usage error (exit 2), no stack is exit 3", async () => {
  const cwd = await Deno.makeTempDir();
  try {
    const bad = await runMonitor("monitor_tokens.ts", ["--period=year"], { cwd });
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /track-usage answered 400: Invalid track-usage query\n {2}- period: must be one of day, week, month; got "year"/,
    );
    const flag = await runMonitor("monitor_tokens.ts", ["--perod=week"], { cwd });
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /usage: npm run monitor:tokens/);
    const down = await runMonitor("monitor_tokens.ts", ["--period=day"], {
      cwd,
      env: { SUPABASE_URL: "http://127.0.0.1:9" },
    });
    assert.equal(down.code, 3);
    assert.match(
      down.stderr,
      /Cannot reach http:\/\/127\.0\.0\.1:9\. Is the stack running\? Start it with `npm start`/,
    );
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});
