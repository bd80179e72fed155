/**
 * The seeded billing_drift rule through check-alerts (run in this process as of the test's
 * clock): yesterday's billed cost against the tracked cost. WARNING above 5 % (and $1), CRITICAL
 * above 20 %; a drift of 6 % opens one alert however often it is checked, 4 % does not fire, and
 * the alert resolves like the others once the check passes for the rule's cooldown (15 min).
 *
 * Day DAY = 2025-03-09, checked on 2025-03-10 (so "yesterday" is DAY). Tracked events use the
 * test model priced at $0.001 per token (scenario.ts ensureTestPrice); billed cost is stored with
 * monitoring.store_provider_costs as billing-sync stores it. drift = |billed - tracked| / billed:
 *   tracked 47,000 tokens = $47, billed $50  → 3/50 = 6 %   → WARNING
 *   + 1,000 tokens: tracked $48, billed $50  → 2/50 = 4 %   → passes
 *   tracked $48, billed $61                  → 13/61 = 21.3 % → CRITICAL
 *   tracked $48, billed $48.50: 1.03 % and $0.50 → passes (also under the $1 floor)
 */
import assert from "node:assert/strict";
import { ensureTestPrice, TEST_MODEL, withScenario } from "../fixtures/receivers/scenario.ts";
import type { Sql } from "../../shared/deps.ts";

const DAY = "2025-03-09";
const CHECK = new Date("2025-03-10T08:00:00Z");
const SOURCE = "twbill-drift-alert";
const minutes = (m: number) => new Date(CHECK.getTime() + m * 60_000);

async function track(sql: Sql, tokens: number, tag: string): Promise<void> {
  await ensureTestPrice(sql);
  await sql`
    insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens)
    values (${`twbill-drift-${tag}`}, 'twbill-drift-tests', ${`${DAY}T12:00:00Z`}, 'openai', ${TEST_MODEL}, ${tokens}, 0)`;
  await sql`select monitoring.drain_usage_rollup_queue()`;
}

async function bill(sql: Sql, amountUsd: string): Promise<void> {
  const rows = [{
    bucket_start: `${DAY}T00:00:00Z`,
    bucket_end: "2025-03-10T00:00:00Z",
    line_item: `${TEST_MODEL}, input`,
    project_id: null,
    model: TEST_MODEL,
    amount_usd: amountUsd,
  }];
  await sql`select monitoring.store_provider_costs(${SOURCE}, ${DAY}::date, '2025-03-10'::date, ${
    JSON.stringify(rows)
  }::text::jsonb)`;
}

Deno.test("billing_drift: 6 % fires once, 4 % does not, 21 % is CRITICAL, and the alert resolves after the cooldown", async () => {
  await withScenario(async (sc) => {
    const { sql } = sc;
    const [rule] = await sql<{ id: string }[]>`
      update monitoring.alert_rules set enabled = true where name = 'billing_drift' returning id`;
    const ruleId = Number(rule.id);
    await sql`
      insert into monitoring.billing_sources (name, provider, base_url, secret_name, enabled)
      values (${SOURCE}, 'openai', 'http://127.0.0.1:9', 'twbill_unused_key', false)`;
    try {
      const drift = (r: Awaited<ReturnType<typeof sc.checkAt>>) =>
        r.checks.find((c) => c.rule_id === ruleId)!;
      const alerts = () =>
        sql<{ status: string; severity: string; occurrences: number }[]>`
          select status, severity, occurrences from monitoring.alerts where rule_id = ${ruleId} order by id`;

      // no billing data for the day: not judged
      const none = drift(await sc.checkAt(CHECK));
      assert.deepEqual([none.judged, none.requests], [false, 0]);

      await track(sql, 47_000, "a");
      await bill(sql, "50.00");
      const first = await sc.checkAt(minutes(0));
      const c1 = drift(first);
      assert.deepEqual([c1.severity, c1.value, c1.compared, c1.reference], ["WARNING", 0.06, 0.06, 3]);
      assert.deepEqual([c1.window_from, c1.window_to], [
        "2025-03-09T00:00:00.000Z",
        "2025-03-10T00:00:00.000Z",
      ]);
      assert.match(c1.message, /billing drift .* 6% is above 5%/);
      assert.equal(first.alert_changes.opened.length, 1);
      const second = await sc.checkAt(minutes(5));
      assert.equal(drift(second).severity, "WARNING");
      assert.deepEqual(second.alert_changes.opened, []);
      assert.deepEqual((await alerts()).map((a) => ({ ...a })), [{
        status: "open",
        severity: "WARNING",
        occurrences: 2,
      }]);

      // one more tracked dollar: 4 %, passing; the alert stays open through the cooldown, then resolves
      await track(sql, 1_000, "b");
      const passing = await sc.checkAt(minutes(10));
      assert.deepEqual([drift(passing).severity, drift(passing).value], ["INFO", 0.04]);
      assert.deepEqual(passing.alert_changes.resolved, []);
      const later = await sc.checkAt(minutes(26));
      assert.equal(later.alert_changes.resolved.length, 1);
      assert.deepEqual((await alerts()).map((a) => a.status), ["resolved"]);

      // a bill 21 % above what was tracked is CRITICAL
      await bill(sql, "61.00");
      const critical = drift(await sc.checkAt(minutes(30)));
      assert.equal(critical.severity, "CRITICAL");
      assert.equal(Number(critical.value?.toFixed(6)), 0.213115);

      // under the $1 floor nothing fires, whatever the percentage
      await bill(sql, "48.50");
      const small = drift(await sc.checkAt(minutes(35)));
      assert.deepEqual([small.severity, small.compared], ["INFO", 0]);
    } finally {
      await sql`delete from monitoring.alerts where rule_id = ${ruleId}`;
      await sql`delete from monitoring.billing_sources where name = ${SOURCE}`;
      await sql`delete from monitoring.usage_hourly where hour >= ${`${DAY}T00:00:00Z`} and hour < '2025-03-10T00:00:00Z' and model = ${TEST_MODEL}`;
      await sql`delete from monitoring.usage_events where source = 'twbill-drift-tests'`;
    }
  });
});
