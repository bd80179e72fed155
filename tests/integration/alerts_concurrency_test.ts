/**
 * Overlapping check-alerts runs (the 5-minute cron job and a person running
 * `npm run monitor:alerts`, or a slow run and the next) must not open duplicate alerts or send
 * duplicate notifications. Five calls at once, over HTTP, on a failing rule: five health
 * checks, one alert with five occurrences, one notification, one delivery.
 */
import assert from "node:assert/strict";
import {
  callCheckAlerts,
  cleanup,
  createChannel,
  createRule,
  insertEvents,
  isolate,
  uniq,
} from "../fixtures/receivers/scenario.ts";
import { startReceiver } from "../fixtures/receivers/receiver.ts";
import { connect } from "../helpers/test_env.ts";

Deno.test("five concurrent check-alerts calls: one alert, five occurrences, one notification, one delivery", async () => {
  const sql = connect();
  const restore = await isolate(sql);
  const receiver = await startReceiver({ hmacSecret: "concurrent-key" });
  const app = uniq("tw5-conc");
  const created = {
    ruleIds: [] as number[],
    channelIds: [] as number[],
    secretNames: [] as string[],
    healthCheckIds: [] as number[],
  };
  try {
    const ruleId = await createRule(sql, {
      name: app,
      metric: "error_rate",
      critical: 0.05,
      minRequests: 10,
      app,
      cooldown: "1 hour",
    });
    created.ruleIds.push(ruleId);
    const channel = await createChannel(sql, {
      kind: "webhook",
      secret: "concurrent-key",
      url: receiver.url,
      ruleNames: [app],
    });
    created.channelIds.push(channel.id);
    created.secretNames.push(channel.secretName);
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
  } finally {
    await receiver.close();
    await cleanup(sql, created);
    await restore();
    await sql.end();
  }
});
