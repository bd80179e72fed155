/**
 * The demo traffic npm start loads: one week of it (loaded here for a week in December 2025,
 * away from "now", so other tests' recent windows do not see it) has what the demo promises,
 * as the weekly report reads it: both prompt designs, several models, one unpriced, tool
 * failures and errors, and exactly one day that breaks a threshold. Loading twice adds nothing.
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import { loadDemoTraffic } from "../../local/demo/load.ts";
import { demoPlan } from "../../local/demo/plan.ts";
import type { WeeklyReport } from "../../shared/report/types.ts";

Deno.test("the demo week has both prompt variants, several models, failures, unpriced requests and one bad day", async () => {
  const sql = connect();
  try {
    const plan = demoPlan(new Date("2025-12-09T01:30:00Z")); // reports 2025-W49 (Mon 2025-12-01 .. Sun 2025-12-07)
    const first = await loadDemoTraffic(sql, plan);
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from monitoring.usage_events where source = 'demo' and occurred_at >= '2025-12-01' and occurred_at < '2025-12-09T01:30:00Z'`;
    assert.equal(n, first.inserted);
    // 5 weekdays x 1,400 + 2 weekend days x 600 = 8,200 in the reported week, plus Monday and part of Tuesday
    assert.ok(
      first.inserted > 8_200 + 1_400 && first.inserted < 8_200 + 2 * 1_400,
      `inserted ${first.inserted}`,
    );
    assert.equal((await loadDemoTraffic(sql, plan)).inserted, 0);

    const res = await fetch(`${stackEnv.url}/functions/v1/weekly-report?week=2025-W49&format=json`, {
      method: "POST",
      headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}` },
    });
    assert.equal(res.status, 200);
    const r = await res.json() as WeeklyReport;
    assert.equal(r.usage.requests, 8_200);
    const variants = Object.fromEntries(r.usage.by_prompt_variant.map((v) => [v.prompt_variant, v]));
    assert.equal(
      variants.mcp.avg_system_prompt_tokens! > 198 && variants.mcp.avg_system_prompt_tokens! < 218,
      true,
    );
    assert.equal(variants.traditional.avg_system_prompt_tokens, 5200);
    assert.ok(variants.traditional.requests > 1000 && variants.traditional.requests < 1500); // about 15%
    assert.equal(r.usage.by_model.length, 5);
    assert.deepEqual(r.usage.by_model.filter((m) => m.unpriced_requests > 0).map((m) => m.model), [
      "llama-3.3-70b-instruct",
    ]);
    assert.ok(r.usage.unpriced_requests > 0 && r.usage.unpriced_requests < 200);
    assert.ok(r.usage.errors > 0 && r.usage.error_rate! < 0.05);
    assert.ok(r.tools.tool_failures > 0);
    // the one bad day: Thursday's mcp prompt at 262 tokens and fetch_url failing
    assert.deepEqual(r.executive.days_outside_band, ["2025-12-04"]);
    assert.equal(r.per_day[3].target_avg_system_prompt_tokens, 262);
    assert.ok(r.per_day[3].tool_failure_rate! > 0.05);
    assert.ok(
      r.per_day.filter((_, i) => i !== 3).every((d) =>
        d.tool_failure_rate! < 0.05 && d.target_avg_system_prompt_tokens === 198
      ),
    );
    assert.equal(r.tools.tools[0].tool_name, "fetch_url");
    assert.ok(r.cost.cost_usd > 5 && r.savings.dollars_saved.usd! > 10);
    assert.deepEqual(r.recommendations!.slice(0, 1).map((x) => x.id), ["system-prompt-day"]);
  } finally {
    await sql.end();
  }
});
