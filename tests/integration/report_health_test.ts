/**
 * Alerts and health over the week come from check-alerts' tables: after a health check runs,
 * the report of the current week (partial) shows that check's score in the executive summary.
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import { isoWeekOf } from "../../shared/report/iso_week.ts";
import type { WeeklyReport } from "../../shared/report/types.ts";
import { runTag } from "../fixtures/datasets/fixed_week.ts";

Deno.test("the report's health score is the latest health check of the week", async () => {
  const sql = connect();
  const auth = { authorization: `Bearer ${stackEnv.serviceRoleKey}` };
  try {
    const check = await fetch(`${stackEnv.url}/functions/v1/check-alerts`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(check.status, 200, "check-alerts answers");
    await check.body?.cancel();
    const week = isoWeekOf(new Date()).label;
    const res = await fetch(
      `${stackEnv.url}/functions/v1/weekly-report?week=${week}&app=h6-health-${runTag()}&format=json`,
      { method: "POST", headers: auth },
    );
    assert.equal(res.status, 200);
    const r = await res.json() as WeeklyReport;
    assert.equal(r.complete, false);
    assert.equal(r.health.checks.available, true);
    assert.ok((r.health.checks.count ?? 0) >= 1);
    const latest = r.health.checks.latest!;
    const [row] = await sql<
      { score: number; status: string }[]
    >`select score, status from monitoring.health_checks where checked_at = ${latest.checked_at}::timestamptz`;
    assert.deepEqual([r.executive.health_score, r.executive.health_status], [row.score, row.status]);
    assert.equal(r.health.alerts.available, true);
    const md =
      await (await fetch(`${stackEnv.url}/functions/v1/weekly-report?week=${week}&app=${r.app}&format=md`, {
        headers: auth,
      })).text();
    assert.ok(md.includes(`**Health score**: ${row.score}/100 (${row.status})`));
    assert.ok(md.includes("Partial report"));
  } finally {
    await sql.end();
  }
});
