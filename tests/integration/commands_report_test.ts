/** `npm run monitor:report`: writes reports/WEEKLY_REPORT_{week}.md for the fixed week and prints its path. */
import assert from "node:assert/strict";
import { connect } from "../helpers/test_env.ts";
import {
  deleteFixedPrices,
  insertEvents,
  insertFixedPrices,
  runTag,
} from "../fixtures/datasets/fixed_week.ts";
import { runMonitor } from "../fixtures/datasets/run_command.ts";
import { SECTION_TITLES } from "../../shared/report/weekly_document.ts";

Deno.test("monitor:report --week=2025-W10 writes the markdown report and prints where", async () => {
  const sql = connect();
  const tag = runTag();
  const app = `h6-cmd-report-${tag}`;
  const models = await insertFixedPrices(sql, tag);
  const cwd = await Deno.makeTempDir();
  try {
    await insertEvents(sql, { app, models });
    const out = await runMonitor("monitor_report.ts", ["--week=2025-W10", `--app=${app}`], { cwd });
    assert.equal(out.code, 0, out.stderr);
    const path = `reports/WEEKLY_REPORT_2025-W10_${app}.md`;
    assert.equal(out.stdout.trim(), path);
    const md = await Deno.readTextFile(`${cwd}/${path}`);
    assert.match(md, new RegExp(`^# Tokenwatch weekly report 2025-W10 \\(${app}\\)`));
    assert.deepEqual(md.match(/^## .*$/gm)!.map((h) => h.slice(3)), [...SECTION_TITLES]);
    for (
      const v of [
        "**Cost**: $2.50 + 1 unpriced; monthly projection $10.76",
        "month-end forecast $8.62",
        "$0.18 saved",
        "| fetch_url | 2 | 6 | 2 | 33.3% |",
      ]
    ) {
      assert.ok(md.includes(v), v);
    }
    const [row] =
      await sql`select generated_by, markdown from monitoring.reports where week = '2025-W10' and app = ${app}`;
    assert.equal(row.generated_by, "cli");
    assert.equal(row.markdown, md);

    const future = await runMonitor("monitor_report.ts", ["--week=2099-W01"], { cwd });
    assert.equal(future.code, 1);
    assert.match(future.stderr, /week: 2099-W01 has not started yet/);
  } finally {
    await deleteFixedPrices(sql, models);
    await sql.end();
    await Deno.remove(cwd, { recursive: true });
  }
});
