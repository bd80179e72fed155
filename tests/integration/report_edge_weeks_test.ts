/**
 * Weeks that could break a report: an empty week, a week with one request, and a week whose
 * only model has no price. Each gives a correct, readable report: rates are null (not NaN or a
 * division by zero), the markdown says n/a or "unpriced", never $0 for unpriced usage.
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import {
  deleteFixedPrices,
  insertEvents,
  insertFixedPrices,
  runTag,
} from "../fixtures/datasets/fixed_week.ts";
import type { WeeklyReport } from "../../shared/report/types.ts";
import { SECTION_TITLES } from "../../shared/report/weekly_document.ts";

async function build(week: string, app: string): Promise<{ json: WeeklyReport; md: string; html: string }> {
  const post = await fetch(`${stackEnv.url}/functions/v1/weekly-report?week=${week}&app=${app}&format=json`, {
    method: "POST",
    headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}` },
  });
  assert.equal(post.status, 200);
  const json = await post.json() as WeeklyReport;
  const get = (format: string) =>
    fetch(`${stackEnv.url}/functions/v1/weekly-report?week=${week}&app=${app}&format=${format}`, {
      headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}` },
    }).then((r) => r.text());
  return { json, md: await get("md"), html: await get("html") };
}

function readable(text: string): void {
  for (const bad of ["NaN", "Infinity", "undefined", "null", "[object"]) {
    assert.ok(!text.includes(bad), `contains ${bad}`);
  }
}

Deno.test("an empty week: zero counts, null rates, a readable report", async () => {
  const { json, md, html } = await build("2025-W12", `h6-empty-${runTag()}`);
  assert.deepEqual([
    json.usage.requests,
    json.usage.cost_usd,
    json.usage.error_rate,
    json.usage.avg_tokens_per_request,
    json.usage.cost_per_request,
  ], [0, 0, null, null, null]);
  assert.deepEqual([
    json.tools.success_rate,
    json.savings.dollars_saved.usd,
    json.savings.target_check!.met,
    json.cost.week_over_week_change_rate,
  ], [null, null, null, null]);
  assert.deepEqual([
    json.cost.month_to_date.forecast_usd,
    json.cost.return_vs_traditional.saved_share_of_cost,
    json.reliability.worst_day,
  ], [0, null, null]);
  assert.equal(json.per_day.length, 7);
  readable(md);
  readable(html);
  assert.ok(md.includes("No requests this week."));
  assert.ok(md.includes("**Cost this week**: $0.00"));
  assert.ok(md.includes("No requests were recorded this week"));
  assert.equal(md.match(/^## /gm)!.length, SECTION_TITLES.length);
});

Deno.test("a week with one request: its numbers are the totals, nothing divides by zero", async () => {
  const sql = connect();
  const tag = runTag();
  const app = `h6-one-${tag}`;
  const models = await insertFixedPrices(sql, tag);
  try {
    // event #4 of the fixed dataset (beta, traditional, $0.24) moved into 2025-W13 (Wed 2025-03-26)
    await insertEvents(sql, {
      app,
      models,
      only: ["4"],
      shiftMs: Date.parse("2025-03-26T14:30:00Z") - Date.parse("2025-03-05T14:30:00Z"),
    });
    const { json, md } = await build("2025-W13", app);
    assert.deepEqual([
      json.usage.requests,
      json.usage.cost_usd,
      json.usage.cost_per_request,
      json.usage.avg_tokens_per_request,
      json.usage.error_rate,
    ], [1, 0.24, 0.24, 64_000, 0]);
    assert.deepEqual([json.tools.tool_calls, json.tools.success_rate, json.savings.target_check!.met], [
      0,
      null,
      null,
    ]);
    assert.deepEqual([json.savings.dollars_saved.usd, json.savings.dollars_saved.requests_counted], [0, 1]); // its own prompt is the reference: saves $0
    assert.equal(json.cost.month_to_date.forecast_usd, 0.248); // March 1-30: $0.24 over 30 days, x 31 / 30 = 0.248
    readable(md);
    assert.ok(md.includes("**Cost this week**: $0.24"));
    assert.ok(md.includes("n/a (no mcp requests reported system-prompt tokens)"));
  } finally {
    await deleteFixedPrices(sql, models);
    await sql.end();
  }
});

Deno.test("a week with only unpriced requests says unpriced, never $0", async () => {
  const sql = connect();
  const tag = runTag();
  const app = `h6-unpriced-${tag}`;
  const models = await insertFixedPrices(sql, tag);
  try {
    // event #6 (gamma, no price) moved into 2025-W14 (Fri 2025-04-04)
    await insertEvents(sql, {
      app,
      models,
      only: ["6"],
      shiftMs: Date.parse("2025-04-04T08:00:00Z") - Date.parse("2025-03-07T08:00:00Z"),
    });
    const { json, md, html } = await build("2025-W14", app);
    assert.deepEqual([
      json.usage.requests,
      json.usage.priced_requests,
      json.usage.unpriced_requests,
      json.usage.unpriced_share,
      json.usage.cost_per_request,
    ], [1, 0, 1, 1, null]);
    assert.deepEqual(
      [json.savings.dollars_saved.usd, json.savings.dollars_saved.unpriced_requests_excluded],
      [null, 1],
    );
    readable(md);
    readable(html);
    assert.ok(md.includes("**Cost**: unpriced;"));
    assert.ok(md.includes("**Cost this week**: unpriced"));
    assert.ok(md.includes(`| h6test | ${models.gamma} | 1 | 10,000 | unpriced | n/a |`));
    assert.ok(md.includes("unpriced (no request with a known system prompt had a price)"));
    assert.ok(!/Cost this week\*\*: \$0\.00/.test(md));
  } finally {
    await deleteFixedPrices(sql, models);
    await sql.end();
  }
});
