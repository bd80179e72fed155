/**
 * An alert's life through check-alerts over HTTP: three runs with the same bad numbers make one
 * open alert with three occurrences and one notification; WARNING → CRITICAL is one more
 * notification; recovery resolves it only after the cooldown, with one resolution message. A
 * local webhook receiver gets exactly those three messages, each signed and with its own
 * idempotency key.
 *
 * The rule: error_rate of this test's app over the last hour, WARNING above 5%, CRITICAL above
 * 10%, min 10 requests, cooldown 2 s. The cron job is paused and other rules disabled meanwhile
 * (scenario.ts isolate), so the counts below are this test's alone.
 */
import assert from "node:assert/strict";
import { insertEvents, uniq, withScenario } from "../fixtures/receivers/scenario.ts";

Deno.test("three bad runs: one alert, three occurrences, one notification; escalation, recovery after the cooldown", async () => {
  await withScenario(async (sc) => {
    const { sql, created } = sc;
    const receiver = await sc.receiver({ hmacSecret: "lifecycle-hmac-key" });
    const app = uniq("tw5-life");
    const ruleId = await sc.rule({
      name: app,
      metric: "error_rate",
      warning: 0.05,
      critical: 0.1,
      minRequests: 10,
      app,
      cooldown: "2 seconds",
    });
    await sc.channel({
      kind: "webhook",
      secret: "lifecycle-hmac-key",
      url: `${receiver.url}/hook`,
      ruleNames: [app],
    });
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const run = () => sc.check();
    const alerts = () =>
      sql<
        {
          id: string;
          status: string;
          severity: string;
          occurrences: number;
          resolution: string | null;
          healthy_since: Date | null;
        }[]
      >`
      select id, status, severity, occurrences, resolution, healthy_since from monitoring.alerts where rule_id = ${ruleId} order by id`;
    const notifications = () =>
      sql<{ event: string; status: string; severity: string; idempotency_key: string }[]>`
      select n.event, n.status, n.severity, n.idempotency_key from monitoring.notifications n
      join monitoring.alerts a on a.id = n.alert_id where a.rule_id = ${ruleId} order by n.id`;

    // 6 errors in 100 requests = 6%: WARNING (above 5%, not above 10%)
    await insertEvents(sql, [{ app, at: minutesAgo(10), count: 6, status: "error" }, {
      app,
      at: minutesAgo(10),
      count: 94,
    }]);
    const first = await run();
    const second = await run();
    const third = await run();
    for (const r of [first, second, third]) {
      assert.equal(r.status, "warning");
      assert.equal(r.score, 50); // one judged check at WARNING: round(100 × 0.5 / 1)
      assert.equal(r.checks.length, 1);
      assert.equal(r.checks[0].value, 0.06);
      assert.equal(r.checks[0].severity, "WARNING");
    }
    assert.equal(first.alert_changes.opened.length, 1);
    assert.deepEqual([second.alert_changes.opened, third.alert_changes.opened], [[], []]);
    assert.deepEqual([first.notifications.queued, second.notifications.queued, third.notifications.queued], [
      1,
      0,
      0,
    ]);
    assert.equal(first.notifications.delivered, 1);
    let rows = await alerts();
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0].status, rows[0].severity, rows[0].occurrences], ["open", "WARNING", 3]);
    assert.deepEqual(third.open_alerts.map((a) => [a.rule, a.occurrences]), [[app, 3]]);
    assert.equal((await notifications()).length, 1);

    // 10 more errors: 16 / 110 = 14.5% > 10%: CRITICAL, an escalation
    await insertEvents(sql, [{ app, at: minutesAgo(5), count: 10, status: "error" }]);
    const escalated = await run();
    assert.equal(escalated.status, "critical");
    assert.equal(escalated.score, 0);
    assert.equal(escalated.checks[0].value, 0.145455); // 16/110 = 0.1454545… rounded to 6 places by health_metrics
    assert.deepEqual(escalated.alert_changes.escalated, [Number(rows[0].id)]);
    assert.equal(escalated.notifications.queued, 1);
    rows = await alerts();
    assert.deepEqual([rows.length, rows[0].severity, rows[0].occurrences], [1, "CRITICAL", 4]);

    // 300 good requests: 16 / 410 = 3.9%: passing, but the alert stays open for the 2 s cooldown
    await insertEvents(sql, [{ app, at: minutesAgo(1), count: 300 }]);
    const healthy = await run();
    assert.equal(healthy.status, "healthy");
    assert.equal(healthy.score, 100);
    assert.deepEqual(healthy.alert_changes, { opened: [], escalated: [], resolved: [] });
    rows = await alerts();
    assert.equal(rows[0].status, "open");
    assert.notEqual(rows[0].healthy_since, null);
    assert.equal(
      healthy.open_alerts.find((a) => a.rule === app)?.healthy_since,
      rows[0].healthy_since?.toISOString(),
    );

    // 2.1 s later by the check's clock (passed through, not slept): past the 2 s cooldown
    const resolved = await sc.checkAt(new Date(Date.now() + 2_100));
    assert.deepEqual(resolved.alert_changes.resolved, [Number(rows[0].id)]);
    assert.equal(resolved.notifications.queued, 1);
    rows = await alerts();
    assert.deepEqual([rows.length, rows[0].status, rows[0].resolution, rows[0].occurrences], [
      1,
      "resolved",
      "recovered",
      4,
    ]);
    assert.equal(resolved.open_alerts.some((a) => a.rule === app), false);

    // and a further healthy run changes nothing
    const after = await run();
    assert.deepEqual(after.alert_changes, { opened: [], escalated: [], resolved: [] });
    assert.equal(after.notifications.queued, 0);

    const sent = await notifications();
    assert.deepEqual(sent.map((n) => [n.event, n.severity, n.status]), [
      ["opened", "WARNING", "delivered"],
      ["escalated", "CRITICAL", "delivered"],
      ["resolved", "CRITICAL", "delivered"],
    ]);
    assert.equal(new Set(sent.map((n) => n.idempotency_key)).size, 3);
    assert.equal(receiver.received.length, 3);
    assert.deepEqual(receiver.received.map((r) => r.signatureValid), [true, true, true]);
    assert.deepEqual(receiver.received.map((r) => r.headers["x-tokenwatch-event"]), [
      "alert.opened",
      "alert.escalated",
      "alert.resolved",
    ]);
    assert.deepEqual(
      receiver.received.map((r) => r.headers["idempotency-key"]),
      sent.map((n) => n.idempotency_key),
    );
    const bodies = receiver.received.map((r) =>
      r.json as { id: string; data: { title: string; occurrences: number } }
    );
    assert.deepEqual(bodies.map((b) => b.id), sent.map((n) => n.idempotency_key));
    assert.deepEqual(bodies.map((b) => b.data.title), [
      `[WARNING] ${app} [app=${app}] opened`,
      `[CRITICAL] ${app} [app=${app}] escalated to CRITICAL`,
      `[RESOLVED] ${app} [app=${app}]`,
    ]);
    assert.deepEqual(bodies.map((b) => b.data.occurrences), [1, 4, 4]);

    // every run recorded a health check with its checks
    const [hc] = await sql<{ n: number; statuses: string[] }[]>`
      select count(*)::int as n, array_agg(status order by id) as statuses from monitoring.health_checks where id = any (${created.healthCheckIds}::bigint[])`;
    assert.equal(hc.n, 7);
    assert.deepEqual(hc.statuses, [
      "warning",
      "warning",
      "warning",
      "critical",
      "healthy",
      "healthy",
      "healthy",
    ]);
  });
});

Deno.test("disabling a rule resolves its open alert (rule_inactive) at the next check, with a resolution message", async () => {
  await withScenario(async (sc) => {
    const { sql } = sc;
    const receiver = await sc.receiver({ hmacSecret: "k" });
    const app = uniq("tw5-off");
    const ruleId = await sc.rule({
      name: app,
      metric: "requests",
      warning: 0,
      app,
      cooldown: "1 hour",
    });
    await sc.channel({
      kind: "webhook",
      secret: "k",
      url: receiver.url,
      ruleNames: [app],
    });
    await insertEvents(sql, [{ app, at: new Date(Date.now() - 60_000), count: 1 }]); // 1 request > 0: WARNING
    const opened = await sc.check();
    assert.equal(opened.alert_changes.opened.length, 1);
    await sql`update monitoring.alert_rules set enabled = false where id = ${ruleId}`;
    const closed = await sc.check();
    assert.deepEqual(closed.alert_changes.resolved, opened.alert_changes.opened);
    assert.equal(closed.checks.length, 0);
    const [alert] = await sql`select status, resolution from monitoring.alerts where rule_id = ${ruleId}`;
    assert.deepEqual([alert.status, alert.resolution], ["resolved", "rule_inactive"]);
    assert.deepEqual(receiver.received.map((r) => r.headers["x-tokenwatch-event"]), [
      "alert.opened",
      "alert.resolved",
    ]);
    assert.match(
      (receiver.received[1].json as { data: { text: string } }).data.text,
      /disabled, deleted or re-scoped/,
    );
  });
});
