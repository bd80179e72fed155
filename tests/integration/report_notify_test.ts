/**
 * The weekly report reaches the channels that ask for it (reports = true): building a complete
 * week's report sends exactly one Slack message (summary + Block Kit), one email (the HTML
 * report and a text part) and one signed webhook (the JSON report, type report.weekly) to local
 * receivers; a channel with reports = false gets nothing; a rebuild of the same week sends
 * nothing; a partial week is not sent; a receiver that fails is retried by a later check-alerts
 * run (the outbox's one sender) once the backoff has passed, and gets the report once.
 *
 * Every channel here has rule_names = '{}', so no alert can reach it: whatever a receiver gets
 * is a report. The test's events belong to an app of its own, and the report is limited to it.
 */
import assert from "node:assert/strict";
import type { Sql } from "../../shared/deps.ts";
import { isoWeekOf, lastCompleteWeek } from "../../shared/report/iso_week.ts";
import { reportKeyPrefix } from "../../shared/report/message.ts";
import { insertEvents, type Scenario, uniq, withScenario } from "../fixtures/receivers/scenario.ts";
import { stackEnv } from "../helpers/test_env.ts";

/** POSTs weekly-report (a build) for one week and app; returns the status and headers. */
async function postReport(week: string, app: string): Promise<Response> {
  const query = new URLSearchParams({ week, app, format: "json" });
  const response = await fetch(`${stackEnv.url}/functions/v1/weekly-report?${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}` },
  });
  await response.body?.cancel();
  assert.equal(response.status, 200, `weekly-report answered ${response.status}`);
  return response;
}

interface OutboxRow {
  channel_id: string;
  report_id: string | null;
  alert_id: string | null;
  event: string;
  severity: string | null;
  status: string;
  attempts: number;
  last_status_code: number | null;
  idempotency_key: string;
  /** next_attempt_at - last_attempt_at: the backoff delay plus the attempt's own duration. */
  due_in_ms: number;
}

async function outbox(sql: Sql, channelIds: number[]): Promise<OutboxRow[]> {
  return await sql<OutboxRow[]>`
    select channel_id, report_id, alert_id, event, severity, status, attempts, last_status_code, idempotency_key,
           (extract(epoch from next_attempt_at - last_attempt_at) * 1000)::int as due_in_ms
    from monitoring.notifications where channel_id = any (${channelIds}::bigint[]) order by channel_id, id`;
}

/** Runs `body` in a scenario with an app of its own that has 4 requests in the last complete week. */
async function withReportWeek(
  body: (ctx: { sc: Scenario; app: string; week: string }) => Promise<void>,
): Promise<void> {
  await withScenario(async (sc) => {
    const app = uniq("tw5-report");
    const week = lastCompleteWeek(new Date());
    // 4 requests × (100 input + 50 output) = 600 tokens at $0.001 = $0.60, on the week's Tuesday noon
    await insertEvents(sc.sql, [{
      app,
      at: new Date(week.start.getTime() + 36 * 3_600_000),
      count: 4,
      input: 100,
      output: 50,
    }]);
    try {
      await body({ sc, app, week: week.label });
    } finally {
      await sc.sql`delete from monitoring.reports where app = ${app}`; // and, by cascade, its notifications
    }
  });
}

Deno.test("a report build sends one Slack, one email and one signed webhook message, nothing to reports = false, nothing on a rebuild", async () => {
  await withReportWeek(async ({ sc, app, week }) => {
    const slackRx = await sc.receiver();
    const mailRx = await sc.receiver({ bearer: "re_report_test_key", okBody: '{"id":"em_1"}' });
    const hookRx = await sc.receiver({ hmacSecret: "report-hmac-key" });
    const offRx = await sc.receiver({ hmacSecret: "report-off-key" });
    const slack = await sc.channel({
      kind: "slack",
      secret: `${slackRx.url}/services/T/B/X`,
      ruleNames: [],
      reports: true,
    });
    const mail = await sc.channel({
      kind: "email",
      secret: "re_report_test_key",
      url: mailRx.url,
      emailFrom: "Tokenwatch <reports@x.test>",
      emailTo: ["team@x.test"],
      ruleNames: [],
      reports: true,
    });
    const hook = await sc.channel({
      kind: "webhook",
      secret: "report-hmac-key",
      url: `${hookRx.url}/in`,
      ruleNames: [],
      reports: true,
    });
    const off = await sc.channel({
      kind: "webhook",
      secret: "report-off-key",
      url: offRx.url,
      ruleNames: [],
    });
    const prefix = reportKeyPrefix(week, app);

    const first = await postReport(week, app);
    assert.equal(first.headers.get("x-tokenwatch-generation"), "1");
    const [stored] = await sc.sql<{ id: string; html: string; markdown: string }[]>`
      select id, html, markdown from monitoring.reports where week = ${week} and app = ${app}`;

    // Slack: one message, the key numbers and the summary
    assert.equal(slackRx.received.length, 1);
    const s = slackRx.received[0];
    assert.deepEqual([s.path, s.status, s.headers["idempotency-key"]], [
      "/services/T/B/X",
      200,
      `${prefix}:channel:${slack.id}`,
    ]);
    const slackBody = s.json as { text: string; blocks: { type: string; fields?: { text: string }[] }[] };
    assert.match(
      slackBody.text,
      new RegExp(
        `^:bar_chart: Tokenwatch weekly report ${week} \\(${app}\\): 4 requests, 600 tokens, cost \\$0\\.60, `,
      ),
    );
    const fields = slackBody.blocks[2].fields!.map((f) => f.text);
    // 600 tokens / 4 = 150.00 per request; $0.60 × 4.3 = $2.58; no cost in the week before
    assert.deepEqual(fields.slice(0, 3), [
      "*Requests*\n4",
      "*Tokens*\n600 (150.00 per request)",
      "*Cost*\n$0.60; monthly projection $2.58",
    ]);
    assert.match(fields[4], /^\*Week over week\*\nn\/a \(no priced cost in \d{4}-W\d{2}\)$/);
    assert.equal(slackBody.blocks[0].type, "header");

    // email: one message, the stored HTML report and a text part
    assert.equal(mailRx.received.length, 1);
    const m = mailRx.received[0];
    assert.deepEqual([m.path, m.status, m.headers["idempotency-key"]], [
      "/emails",
      200,
      `${prefix}:channel:${mail.id}`,
    ]);
    const email = m.json as { from: string; to: string[]; subject: string; html: string; text: string };
    assert.deepEqual([email.from, email.to, email.subject], [
      "Tokenwatch <reports@x.test>",
      ["team@x.test"],
      `Tokenwatch weekly report ${week} (${app})`,
    ]);
    assert.equal(email.html, stored.html);
    assert.ok(email.text.startsWith("4 requests, 600 tokens, cost $0.60, "), email.text.slice(0, 80));
    assert.ok(email.text.endsWith(stored.markdown), "the text part ends with the markdown report");

    // webhook: one message, signed like alerts, the JSON report as data
    assert.equal(hookRx.received.length, 1);
    const h = hookRx.received[0];
    const key = `${prefix}:channel:${hook.id}`;
    assert.deepEqual([h.path, h.status, h.signatureValid, h.headers["x-tokenwatch-event"]], [
      "/in",
      200,
      true,
      "report.weekly",
    ]);
    const event = h.json as {
      id: string;
      type: string;
      data: {
        week: string;
        app: string;
        generation: number;
        executive: { requests: number; cost_usd: number };
      };
    };
    assert.deepEqual([event.id, event.type, h.headers["idempotency-key"]], [key, "report.weekly", key]);
    assert.deepEqual(
      [
        event.data.week,
        event.data.app,
        event.data.generation,
        event.data.executive.requests,
        event.data.executive.cost_usd,
      ],
      [week, app, 1, 4, 0.6],
    );

    // reports = false: nothing sent, nothing queued
    assert.equal(offRx.received.length, 0);
    const rows = await outbox(sc.sql, [slack.id, mail.id, hook.id, off.id]);
    assert.deepEqual(
      rows.map((
        r,
      ) => [
        Number(r.channel_id),
        Number(r.report_id),
        r.alert_id,
        r.event,
        r.severity,
        r.status,
        r.attempts,
      ]),
      [slack.id, mail.id, hook.id].map((
        id,
      ) => [id, Number(stored.id), null, "weekly_report", null, "delivered", 1]),
    );

    // a rebuild, a GET and a check-alerts run send nothing new
    const again = await postReport(week, app);
    assert.equal(again.headers.get("x-tokenwatch-generation"), "2");
    const got = await fetch(`${stackEnv.url}/functions/v1/weekly-report?week=${week}&app=${app}`, {
      headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}` },
    });
    await got.body?.cancel();
    await sc.check();
    assert.deepEqual(
      [slackRx, mailRx, hookRx, offRx].map((r) => r.received.length),
      [1, 1, 1, 0],
    );
    assert.equal((await outbox(sc.sql, [slack.id, mail.id, hook.id, off.id])).length, 3);
  });
});

Deno.test("a partial week's report is not sent: the week's first complete build is", async () => {
  await withReportWeek(async ({ sc, app }) => {
    const rx = await sc.receiver({ hmacSecret: "partial-key" });
    const c = await sc.channel({
      kind: "webhook",
      secret: "partial-key",
      url: rx.url,
      ruleNames: [],
      reports: true,
    });
    const current = isoWeekOf(new Date()).label;
    await postReport(current, app);
    assert.equal(rx.received.length, 0);
    assert.equal((await outbox(sc.sql, [c.id])).length, 0);
  });
});

Deno.test("a receiver that fails is retried by a later check-alerts run after the backoff, and gets the report once", async () => {
  await withReportWeek(async ({ sc, app, week }) => {
    const rx = await sc.receiver({ failFirst: 1, hmacSecret: "retry-report-key" });
    const c = await sc.channel({
      kind: "webhook",
      secret: "retry-report-key",
      url: rx.url,
      ruleNames: [],
      reports: true,
      backoffBase: "1 minute",
    });
    await postReport(week, app); // queued, attempt 1 → 500
    let [row] = await outbox(sc.sql, [c.id]);
    assert.deepEqual([row.status, row.attempts, row.last_status_code], ["pending", 1, 500]);
    assert.ok(
      row.due_in_ms >= 60_000 && row.due_in_ms < 60_250,
      `retry due ${row.due_in_ms} ms later, expected 1 min`,
    );

    await sc.check(); // not due yet: nothing sent
    assert.equal(rx.received.length, 1);

    // the minute passes: the row is due now (the clock moved, not a sleep)
    await sc.sql`update monitoring.notifications set next_attempt_at = now() where channel_id = ${c.id}`;
    await sc.check(); // attempt 2 → 200
    [row] = await outbox(sc.sql, [c.id]);
    assert.deepEqual([row.status, row.attempts, row.last_status_code], ["delivered", 2, 200]);

    await sc.check(); // delivered: never sent again
    await postReport(week, app); // nor by a rebuild
    assert.deepEqual(rx.received.map((r) => r.status), [500, 200]);
    assert.deepEqual(rx.received.map((r) => r.signatureValid), [true, true]);
    const key = `${reportKeyPrefix(week, app)}:channel:${c.id}`;
    assert.deepEqual(rx.received.map((r) => r.headers["idempotency-key"]), [key, key]);
    assert.deepEqual(rx.accepted().map((r) => (r.json as { id: string }).id), [key]);
  });
});
