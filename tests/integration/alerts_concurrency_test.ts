/**
 * Overlapping check-alerts runs (the 5-minute cron job and a person running
 * `npm run monitor:alerts`, or a slow run and the next) must not open duplicate alerts or send
 * duplicate notifications. Five calls at once, over HTTP, on a failing rule: five health
 * checks, one alert with five occurrences, one notification, one delivery.
 */
import assert from "node:assert/strict";
import { callCheckAlerts, insertEvents, uniq, withScenario } from "../fixtures/receivers/scenario.ts";

Deno.test("five concurrent check-alerts calls: one alert, five occurrences, one notification, one delivery", async () => {
  await withScenario(async (sc) => {
    const { sql, created } = sc;
    const receiver = await sc.receiver({ hmacSecret: "concurrent-key" });
    const app = uniq("tw5-conc");
    const ruleId = await sc.rule({
      name: app,
      metric: "error_rate",
      critical: 0.05,
      minRequests: 10,
      app,
      cooldown: "1 hour",
    });
    const channel = await sc.channel({
      kind: "webhook",
      secret: "concurrent-key",
      url: receiver.url,
      ruleNames: [app],
    });
    await insertEvents(sql, [{ app, at: new Date(Date.now() - 120_000), count: 10, status: "error" }]); // 100% errors

    const results = await Promise.all(Array.from({ length: 5 }, () => callCheckAlerts()));
    for (const r of results) {
      assert.equal(r.status, 200);
      created.healthCheckIds.push(r.report.health_check_id as number);
      assert.equal(r.report.status, "critical");
    }
    assert.equal(new Set(created.healthCheckIds).size, 5);
    assert.equal(
      results.reduce((n, r) => n + r.report.alert_changes.opened.length, 0),
      1,
      "exactly one run opened the alert",
    );
    assert.equal(
      results.reduce((n, r) => n + r.report.notifications.queued, 0),
      1,
      "exactly one run queued a message",
    );
    assert.equal(
      results.reduce((n, r) => n + r.report.notifications.delivered, 0),
      1,
      "exactly one run sent it",
    );

    const alerts = await sql`select status, occurrences from monitoring.alerts where rule_id = ${ruleId}`;
    assert.deepEqual(alerts.map((a) => [a.status, a.occurrences]), [["open", 5]]);
    const [n] = await sql`
      select count(*)::int as rows, count(*) filter (where status = 'delivered')::int as delivered, max(attempts) as attempts
      from monitoring.notifications where channel_id = ${channel.id}`;
    assert.deepEqual([n.rows, n.delivered, n.attempts], [1, 1, 1]);
    assert.equal(receiver.received.length, 1);
    assert.equal(receiver.received[0].signatureValid, true);
  });
});
