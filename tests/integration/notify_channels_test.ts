/**
 * The three channel kinds end to end, with their secrets in Vault: a Slack incoming webhook (the
 * URL is the secret), an email API in Resend's format at a local base URL (the API key is the
 * secret, sent as Bearer), and a signed webhook. Plus routing: min_severity and rule_names, and
 * what a missing or unreachable secret leaves in the table (never the secret's value).
 */
import assert from "node:assert/strict";
import { insertEvents, uniq, withScenario } from "../fixtures/receivers/scenario.ts";

Deno.test("one WARNING alert reaches Slack, email and webhook channels with their Vault secrets; a CRITICAL-only channel and another rule's channel get nothing", async () => {
  await withScenario(async (sc) => {
    const { sql, created } = sc;
    const slack = await sc.receiver();
    const email = await sc.receiver({ bearer: "re_test_key_123", okBody: '{"id":"email-1"}' });
    const hook = await sc.receiver({ hmacSecret: "webhook-hmac-key" });
    const quiet = await sc.receiver();
    const app = uniq("tw5-chan");
    await sc.rule({
      name: app,
      metric: "avg_tokens_per_request",
      warning: 600,
      app,
      cooldown: "1 hour",
    });
    const slackUrl = `${slack.url}/services/T000/B000/XXXXSECRET`;
    await sc.channel({ kind: "slack", secret: slackUrl, ruleNames: [app] });
    await sc.channel({
      kind: "email",
      secret: "re_test_key_123",
      url: email.url,
      ruleNames: [app],
      emailFrom: "Tokenwatch <alerts@tw.test>",
      emailTo: ["ops@tw.test", "cto@tw.test"],
    });
    await sc.channel({
      kind: "webhook",
      secret: "webhook-hmac-key",
      url: `${hook.url}/tokenwatch`,
      ruleNames: [app],
    });
    await sc.channel({
      kind: "webhook",
      secret: "quiet-channel-key",
      url: quiet.url,
      ruleNames: [app],
      minSeverity: "CRITICAL",
    });
    await sc.channel({
      kind: "webhook",
      secret: "other-rule-key",
      url: quiet.url,
      ruleNames: ["some-other-rule"],
    });

    await insertEvents(sql, [{ app, at: new Date(Date.now() - 60_000), count: 2, input: 600, output: 100 }]); // 700 tokens/request > 600
    const report = await sc.check();
    assert.equal(report.status, "warning");
    assert.equal(report.notifications.queued, 3);
    assert.equal(report.notifications.delivered, 3);

    // the secrets are only in Vault: no channel column holds a value
    const columns =
      await sql`select * from monitoring.notification_channels where id = any (${created.channelIds}::bigint[])`;
    const stored = JSON.stringify(columns);
    for (const secret of ["XXXXSECRET", "re_test_key_123", "webhook-hmac-key"]) {
      assert.equal(stored.includes(secret), false, secret);
    }

    assert.equal(slack.received.length, 1);
    const s = slack.received[0];
    assert.equal(s.path, "/services/T000/B000/XXXXSECRET");
    const slackBody = s.json as { text: string; blocks: { type: string }[] };
    assert.equal(
      slackBody.text,
      `:rotating_light: [WARNING] ${app} [app=${app}] opened: average tokens per request 700 is above 600 (last hour).`,
    );
    assert.deepEqual(slackBody.blocks.map((b) => b.type), [
      "header",
      "section",
      "section",
      "section",
      "context",
    ]);

    assert.equal(email.received.length, 1);
    const e = email.received[0];
    assert.equal(e.path, "/emails");
    assert.equal(e.status, 200, "the API key from Vault was sent as Bearer");
    const mail = e.json as Record<string, unknown>;
    assert.deepEqual(Object.keys(mail), ["from", "to", "subject", "text", "html"]);
    assert.deepEqual([mail.from, mail.to, mail.subject], ["Tokenwatch <alerts@tw.test>", [
      "ops@tw.test",
      "cto@tw.test",
    ], `[WARNING] ${app} [app=${app}] opened`]);
    assert.match(String(mail.html), /<h2>\[WARNING\]/);
    assert.match(String(mail.text), /What to do: Requests carry more tokens than planned/);
    assert.match(e.headers["idempotency-key"], /^tokenwatch:alert:\d+:1:opened:channel:\d+$/);

    assert.equal(hook.received.length, 1);
    assert.equal(hook.received[0].path, "/tokenwatch");
    assert.equal(hook.received[0].signatureValid, true);
    assert.equal(quiet.received.length, 0, "min_severity CRITICAL and other rules' channels get nothing");
  });
});

Deno.test("a missing Vault secret and an unreachable Slack URL are recorded as errors, without the secret's value", async () => {
  await withScenario(async (sc) => {
    const { sql } = sc;
    const app = uniq("tw5-nosecret");
    await sc.rule({ name: app, metric: "requests", warning: 0, app, cooldown: "1 hour" });
    const missing = await sc.channel({
      kind: "webhook",
      url: "http://127.0.0.1:9/never",
      ruleNames: [app],
    }); // no secret stored
    const secretUrl = "http://127.0.0.1:1/services/T1/B1/TOPSECRETTOKEN";
    const dead = await sc.channel({ kind: "slack", secret: secretUrl, ruleNames: [app] });
    await insertEvents(sql, [{ app, at: new Date(Date.now() - 60_000), count: 1 }]);
    const report = await sc.check();
    assert.deepEqual([
      report.notifications.queued,
      report.notifications.delivered,
      report.notifications.failed,
    ], [2, 0, 2]);
    const rows = await sql<{ channel_id: string; status: string; attempts: number; last_error: string }[]>`
      select channel_id, status, attempts, last_error from monitoring.notifications
      where channel_id = any (${[missing.id, dead.id]}::bigint[]) order by channel_id`;
    assert.deepEqual(rows.map((r) => [Number(r.channel_id), r.status, r.attempts]), [[
      missing.id,
      "pending",
      1,
    ], [dead.id, "pending", 1]]);
    assert.equal(
      rows[0].last_error,
      `Vault secret "${missing.secretName}" not found (vault.create_secret('<value>', '${missing.secretName}'))`,
    );
    assert.ok(rows[1].last_error.length > 0);
    assert.equal(rows[1].last_error.includes("TOPSECRETTOKEN"), false, rows[1].last_error);
  });
});
