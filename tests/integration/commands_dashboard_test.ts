/**
 * `npm run monitor:dashboard`: every analytics view's answer for the last day as a table, with
 * the fixed dataset's rows (moved into the last hours) where the view shows them, and the URL.
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import {
  deleteFixedPrices,
  insertEvents,
  insertFixedPrices,
  rollUp,
  runTag,
} from "../fixtures/datasets/fixed_week.ts";
import { runMonitor } from "../fixtures/datasets/run_command.ts";

const VIEWS = [
  "v_hourly_token_usage",
  "v_daily_usage_cost",
  "v_cost_by_model",
  "v_tool_execution_distribution",
  "v_tool_failure_rate",
  "v_error_patterns",
  "v_savings_by_day",
  "v_system_prompt_band",
  "v_latency_percentiles",
  "v_top_conversations",
  "v_unpriced_usage",
];

Deno.test("monitor:dashboard prints the eleven views for the last day and the dashboard URL", async () => {
  const sql = connect();
  const tag = runTag();
  const app = `h6-cmd-dash-${tag}`;
  const models = await insertFixedPrices(sql, tag);
  const cwd = await Deno.makeTempDir();
  try {
    // events #1 (alpha, $0.765, 44,000 tokens), #3 (beta, timeout, $0.300) and #6 (gamma, unpriced) one hour ago
    const hourAgo = Date.now() - 3_600_000;
    await insertEvents(sql, {
      app,
      models,
      only: ["1"],
      shiftMs: hourAgo - Date.parse("2025-03-03T10:15:00Z"),
    });
    await insertEvents(sql, {
      app,
      models,
      only: ["3"],
      shiftMs: hourAgo - Date.parse("2025-03-04T09:00:00Z"),
    });
    await insertEvents(sql, {
      app,
      models,
      only: ["6"],
      shiftMs: hourAgo - Date.parse("2025-03-07T08:00:00Z"),
    });
    await rollUp(sql);
    const out = await runMonitor("monitor_dashboard.ts", [`--app=${app}`], { cwd });
    assert.equal(out.code, 0, out.stderr);
    for (const view of VIEWS) assert.match(out.stdout, new RegExp(`^monitoring\\.${view}: `, "m"), view);
    // cost by model (all apps, but these models are this test's own)
    assert.match(
      out.stdout,
      new RegExp(`h6test\\s+${models.alpha}\\s+1\\s+44,000\\s+\\$0\\.77\\s+\\$0\\.7650`),
    );
    assert.match(out.stdout, new RegExp(`h6test\\s+${models.gamma}\\s+1\\s+10,000\\s+unpriced`));
    // tools of this app: search_docs 2 calls / 0 failures (#1), fetch_url 4 / 2 (#3)
    assert.match(out.stdout, /\(all tools\)\s+6\s+2\s+33\.3%\s+66\.7%/);
    assert.match(out.stdout, /fetch_url\s+4\s+2\s+50\.0%\s+50\.0%/);
    assert.match(out.stdout, new RegExp(`timeout\\s+${models.beta}\\s+1\\s+1\\s+100\\.0%`));
    // unpriced usage
    assert.match(out.stdout, new RegExp(`h6test\\s+${models.gamma}\\s+1\\s+8,000\\s+2,000\\s+100\\.0%`));
    // the day's totals for the app: 3 requests, 114,000 tokens, $1.07 (0.765 + 0.300)
    assert.match(out.stdout, /\s3\s+114,000\s+\$1\.07\s/);
    assert.ok(out.stdout.trimEnd().endsWith(`Dashboard: ${stackEnv.url}/functions/v1/dashboard`));
  } finally {
    await deleteFixedPrices(sql, models);
    await sql.end();
    await Deno.remove(cwd, { recursive: true });
  }
});
