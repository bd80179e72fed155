/**
 * weekly-report on the fixed dataset (tests/fixtures/datasets/fixed_week.ts, week 2025-W10,
 * limited to this run's app): every number of the JSON equals the hand-computed value, the
 * markdown has the eight sections in order with the same numbers, HTML too; regenerating keeps
 * generated_at; GET serves the stored report; and the function refuses what it must refuse.
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import {
  deleteFixedPrices,
  EXPECTED,
  FIXED_WEEK,
  insertEvents,
  insertFixedPrices,
  runTag,
} from "../fixtures/datasets/fixed_week.ts";
import type { WeeklyReport } from "../../shared/report/types.ts";
import { costText, int, num, pct, pp, usd } from "../../shared/document/format.ts";
import { SECTION_TITLES } from "../../shared/report/weekly_document.ts";

function report(query: string, method = "GET", key = stackEnv.serviceRoleKey): Promise<Response> {
  return fetch(`${stackEnv.url}/functions/v1/weekly-report?${query}`, {
    method,
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
}

/** The markdown of each "## " section, by heading. */
function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of md.split(/^## /m).slice(1)) out.set(part.slice(0, part.indexOf("\n")), part);
  return out;
}

Deno.test("weekly-report: the fixed week's JSON, markdown and HTML carry the hand-computed numbers", async () => {
  const sql = connect();
  const tag = runTag();
  const app = `h6-report-${tag}`;
  const models = await insertFixedPrices(sql, tag);
  try {
    await insertEvents(sql, { app, models });
    const q = `week=${FIXED_WEEK.label}&app=${app}`;
    const created = await report(`${q}&format=json`, "POST");
    assert.equal(created.status, 200);
    assert.equal(created.headers.get("x-tokenwatch-week"), "2025-W10");
    const r = await created.json() as WeeklyReport;
    const E = EXPECTED;

    assert.deepEqual([
      r.week,
      r.from,
      r.to,
      r.app,
      r.complete,
      r.generation,
      r.generated_by,
      r.regenerated_at,
    ], ["2025-W10", "2025-03-03T00:00:00+00:00", "2025-03-10T00:00:00+00:00", app, true, 1, "api", null]);
    // executive summary
    const e = r.executive;
    assert.deepEqual([
      e.requests,
      e.total_tokens,
      e.cost_usd,
      e.priced_requests,
      e.unpriced_requests,
      e.error_rate,
      e.tool_success_rate,
    ], [E.requests, E.total_tokens, E.cost_usd, 7, 1, 0.25, 0.75]);
    assert.deepEqual([
      e.target_met,
      e.target_avg_system_prompt_tokens,
      e.target_savings_rate,
      e.promised_savings_rate,
      e.dollars_saved_usd,
    ], [
      true,
      205.2,
      E.baselines.mcp_savings_rate,
      E.baselines.promised_savings_rate,
      E.baselines.dollars_saved,
    ]);
    assert.equal(e.monthly_projection_usd, E.monthly_projection_usd);
    assert.equal(e.week_over_week_change_rate, E.week_over_week_change_rate);
    assert.deepEqual(e.days_outside_band, ["2025-03-09"]); // Sunday's mcp prompt: 230 > 218
    // token usage
    assert.deepEqual([
      r.usage.input_tokens,
      r.usage.output_tokens,
      r.usage.cache_read_tokens,
      r.usage.reasoning_tokens,
      r.usage.avg_system_prompt_tokens,
    ], [
      E.input_tokens,
      E.output_tokens,
      E.cache_read_tokens,
      E.reasoning_tokens,
      E.avg_system_prompt_tokens,
    ]);
    assert.deepEqual(
      r.per_day.map((d) => [d.day, d.requests, d.total_tokens, d.cost_usd, d.unpriced_requests]),
      E.per_day.map((d) => [d.day, d.requests, d.total_tokens, d.cost_usd, d.unpriced]),
    );
    assert.deepEqual(r.per_day.map((d) => d.target_band_status), [
      "in_band",
      "in_band",
      null,
      null,
      "in_band",
      null,
      "above",
    ]);
    // savings
    assert.equal(r.savings.dollars_saved.usd, E.baselines.dollars_saved);
    assert.equal(r.savings.target_check!.savings_rate_delta, E.baselines.mcp_savings_delta);
    // cost
    const c = r.cost;
    assert.deepEqual([
      c.cost_usd,
      c.cost_per_request,
      c.previous_week.week,
      c.previous_week.cost_usd,
      c.week_over_week_change_usd,
    ], [E.cost_usd, E.cost_per_request, "2025-W09", E.previous_week_cost, E.week_over_week_change_usd]);
    assert.deepEqual([c.monthly_projection_factor, c.monthly_projection_usd], [
      4.3,
      E.monthly_projection_usd,
    ]);
    assert.deepEqual([
      c.month_to_date.month,
      c.month_to_date.cost_usd,
      c.month_to_date.days_elapsed,
      c.month_to_date.days_in_month,
      c.month_to_date.forecast_usd,
    ], ["2025-03", E.cost_usd, 9, 31, E.month_to_date_forecast_usd]);
    assert.deepEqual([
      c.return_vs_traditional.dollars_saved_usd,
      c.return_vs_traditional.traditional_cost_usd_est,
      c.return_vs_traditional.monthly_savings_projection_usd,
    ], [E.baselines.dollars_saved, 2.68182, E.monthly_savings_projection_usd]); // 2.502 + 0.17982
    assert.deepEqual(c.by_model.map((m) => [m.model, m.cost_usd, m.unpriced_requests]), [
      [models.alpha, 1.845, 0],
      [models.beta, 0.657, 0],
      [models.gamma, 0, 1],
    ]);
    // tools
    assert.deepEqual([r.tools.tool_calls, r.tools.tool_failures, r.tools.success_rate], [12, 3, 0.75]);
    assert.deepEqual(
      r.tools.tools.map((t) => [t.tool_name, t.requests, t.calls, t.failures, t.failure_rate]),
      E.tools.map((t) => [t.tool_name, t.requests, t.calls, t.failures, t.failure_rate]),
    );
    // errors and reliability
    assert.deepEqual(r.reliability.by_error_type.map((x) => [x.error_type, x.errors, x.share_of_errors]), [[
      "rate_limit",
      1,
      0.5,
    ], ["timeout", 1, 0.5]]);
    assert.deepEqual(r.reliability.worst_day, { day: "2025-03-04", errors: 1, requests: 1, error_rate: 1 });
    // alerts and health: nobody ran a health check in March 2025
    if (r.health.checks.available) assert.equal(r.health.checks.count, 0);
    assert.equal(e.health_score, null);
    // recommendations, each tied to a number
    assert.ok(r.recommendations!.length >= 5);
    assert.deepEqual(r.recommendations!.slice(0, 2).map((x) => x.id), ["tool-failures", "errors"]);

    // markdown: eight sections, in order, with the JSON's numbers
    const mdRes = await report(`${q}&format=md`);
    assert.equal(mdRes.headers.get("content-type"), "text/markdown; charset=utf-8");
    const md = await mdRes.text();
    assert.deepEqual(md.match(/^## .*$/gm)!.map((h) => h.slice(3)), [...SECTION_TITLES]);
    const s = sections(md);
    const shows = (section: string, values: string[]) =>
      values.forEach((v) => assert.ok(s.get(section)!.includes(v), `${section}: ${v}`));
    shows(SECTION_TITLES[0], [
      costText({ cost: e.cost_usd, requests: e.requests, unpriced: e.unpriced_requests }),
      usd(e.monthly_projection_usd),
      "$2.50 + 1 unpriced",
      "$10.76",
      "96.05%",
      "$0.18 saved",
    ]);
    shows(SECTION_TITLES[1], [int(r.usage.total_tokens), "290,000", "36,250.00", "1,632.29"]);
    shows(SECTION_TITLES[2], [
      num(r.savings.target_check!.avg_system_prompt_tokens, 2),
      pp(r.savings.target_check!.savings_rate_delta),
      "205.20",
      "-0.14 pp",
      "$0.18 over 6 requests",
    ]);
    shows(SECTION_TITLES[3], [
      usd(c.month_to_date.forecast_usd),
      "$8.62",
      "$1.85",
      "$0.66",
      "unpriced",
      "$0.06 in 2025-W09",
    ]);
    shows(SECTION_TITLES[4], [pct(r.tools.success_rate), "| fetch_url | 2 | 6 | 2 | 33.3% |"]);
    shows(SECTION_TITLES[5], [pct(r.reliability.error_rate), "| rate_limit | 1 | 50.0% | 12.50% |"]);
    shows(SECTION_TITLES[7], r.recommendations!.map((x) => x.text.replace(/\*/g, "\\*")));

    // HTML from the same JSON
    const htmlRes = await report(`${q}&format=html`);
    assert.equal(htmlRes.headers.get("content-type"), "text/html; charset=utf-8");
    const html = await htmlRes.text();
    assert.deepEqual([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]), [...SECTION_TITLES]);
    assert.ok(html.includes("$2.50 + 1 unpriced") && html.includes("$8.62"));

    // GET served the stored report; POST regenerates it in place and keeps generated_at
    const again = await (await report(`${q}&format=json`, "POST")).json() as WeeklyReport;
    assert.equal(again.generated_at, r.generated_at);
    assert.equal(again.generation, 2);
    assert.ok(again.regenerated_at && Date.parse(again.regenerated_at) >= Date.parse(r.generated_at!));
    assert.equal(again.cost.cost_usd, E.cost_usd);
    const [row] =
      await sql`select count(*)::int as n, max(generation) as g from monitoring.reports where week = '2025-W10' and app = ${app}`;
    assert.deepEqual([row.n, row.g], [1, 2]);
  } finally {
    await deleteFixedPrices(sql, models);
    await sql.end();
  }
});

Deno.test("weekly-report: 401 without the service role key, 405 for PUT, 400 naming every problem", async () => {
  for (const key of ["", stackEnv.anonKey]) {
    const res = await report("week=2025-W10", "GET", key);
    assert.equal(res.status, 401);
    await res.body?.cancel();
  }
  const put = await report("week=2025-W10", "PUT");
  assert.equal(put.status, 405);
  await put.body?.cancel();
  const bad = await report("week=2025-W53&format=pdf&trigger=me", "POST");
  assert.equal(bad.status, 400);
  assert.deepEqual((await bad.json()).problems.map((p: { field: string }) => p.field), [
    "week",
    "format",
    "trigger",
  ]);
});
