/**
 * The weekly report's recommendations compare the week with the enabled alert rules' thresholds
 * (shared/report/thresholds.ts), not with constants of their own: the seeded rules give the limits the
 * unit tests use, and editing, scoping or disabling a rule changes the report the function writes.
 *
 * The fixed week (tests/fixtures/datasets/fixed_week.ts): 3 of 12 tool calls failed (25%), 2 of 8
 * requests failed (25%), 36,250 tokens a request; on Tuesday 2 of 4 tool calls failed (50%).
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import {
  deleteFixedPrices,
  FIXED_WEEK,
  insertEvents,
  insertFixedPrices,
  runTag,
} from "../fixtures/datasets/fixed_week.ts";
import { SEEDED_RULE_LIMITS } from "../fixtures/datasets/seeded_rule_limits.ts";
import { readRuleThresholds } from "../../shared/report/thresholds.ts";
import type { Recommendation, WeeklyReport } from "../../shared/report/types.ts";

async function recommendations(app: string): Promise<Recommendation[]> {
  const response = await fetch(
    `${stackEnv.url}/functions/v1/weekly-report?week=${FIXED_WEEK.label}&app=${app}&format=json`,
    { method: "POST", headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}` } },
  );
  const body = await response.json() as WeeklyReport;
  assert.equal(response.status, 200, JSON.stringify(body));
  return body.recommendations!;
}

Deno.test("report limits: the seeded alert rules give the limits the unit tests use", async () => {
  const sql = connect();
  try {
    assert.deepEqual(await readRuleThresholds(sql, null), SEEDED_RULE_LIMITS);
    assert.deepEqual(await readRuleThresholds(sql, `h7-no-rules-${runTag()}`), SEEDED_RULE_LIMITS);
  } finally {
    await sql.end();
  }
});

Deno.test("report limits: an edited, scoped or disabled alert rule changes the report's recommendations", async () => {
  const sql = connect();
  const tag = runTag();
  const app = `h7-limits-${tag}`;
  const models = await insertFixedPrices(sql, tag);
  try {
    await insertEvents(sql, { app, models });
    const before = await recommendations(app);
    const ids = before.map((r) => r.id);
    assert.ok(ids.includes("tool-failures") && ids.includes("tokens-per-request"), ids.join(", "));
    assert.match(before.find((r) => r.id === "errors")!.text, /25\.0% of requests failed \(limit 5%\)/);

    // The tool rule now fails only above 40%: neither the week's 25% nor fetch_url's 33.3% prompts tool advice, only
    // Tuesday's 2 of 4 calls (50%) does. A rule scoped to
    // this app fails above 2%: the error limit named is 2%. The tokens rule is off: no tokens advice.
    await sql`update monitoring.alert_rules set critical_threshold = 0.40 where name = 'tool_failure_rate'`;
    await sql`update monitoring.alert_rules set enabled = false where name = 'tokens_per_request'`;
    await sql`insert into monitoring.alert_rules (name, metric, comparison, warning_threshold, app)
              values (${`${app}-errors`}, 'error_rate', 'above', 0.02, ${app})`;
    assert.deepEqual(await readRuleThresholds(sql, app), {
      ...SEEDED_RULE_LIMITS,
      toolFailureRate: 0.4,
      errorRate: 0.02,
      avgTokensPerRequest: null,
    });
    const after = await recommendations(app);
    const afterIds = after.map((r) => r.id);
    assert.ok(!afterIds.includes("tool-failures"), afterIds.join(", "));
    assert.ok(!afterIds.includes("tokens-per-request"), afterIds.join(", "));
    assert.match(after.find((r) => r.id === "errors")!.text, /25\.0% of requests failed \(limit 2%\)/);
    assert.match(after.find((r) => r.id === "tool-failures-day")!.text, /2 of 4 calls failed \(50\.0%\)/);
    assert.deepEqual(
      [...afterIds].sort(),
      [...ids.filter((id) => id !== "tool-failures" && id !== "tokens-per-request"), "tool-failures-day"]
        .sort(),
    );
  } finally {
    await sql`update monitoring.alert_rules set critical_threshold = 0.05 where name = 'tool_failure_rate'`;
    await sql`update monitoring.alert_rules set enabled = true where name = 'tokens_per_request'`;
    await sql`delete from monitoring.alert_rules where name = ${`${app}-errors`}`;
    await deleteFixedPrices(sql, models);
    await sql.end();
  }
});
