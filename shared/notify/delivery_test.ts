import assert from "node:assert/strict";
import { buildDelivery, classifyOutcome } from "./delivery.ts";
import { verifyWebhook } from "./hmac.ts";
import { SAMPLE_MESSAGE as MESSAGE } from "../../tests/fixtures/notify/sample_message.ts";
import {
  SAMPLE_REPORT as REPORT,
  SAMPLE_REPORT_MESSAGE as REPORT_MESSAGE,
} from "../../tests/fixtures/notify/sample_report.ts";

const NOW = new Date("2026-11-20T15:20:05.000Z");
const KEY = "tokenwatch:alert:42:1:opened:channel:3";

Deno.test("slack: POST to the secret webhook URL with text and blocks, and the idempotency key", async () => {
  const r = await buildDelivery({
    channel: { kind: "slack", name: "ops", url: null, email_from: null, email_to: null },
    secret: "https://hooks.slack.test/services/T/B/X",
    payload: { type: "alert", message: MESSAGE },
    idempotencyKey: KEY,
    now: NOW,
  });
  assert.equal(r.url, "https://hooks.slack.test/services/T/B/X");
  assert.equal(r.headers["idempotency-key"], KEY);
  const body = JSON.parse(r.body);
  assert.equal(
    body.text,
    ":rotating_light: [CRITICAL] error_rate opened: error rate 12% is above 5% (last hour).",
  );
  assert.equal(body.blocks[0].type, "header");
  assert.ok(
    JSON.stringify(body.blocks).includes("Group errors &lt;by type&gt; &amp; fix."),
    "mrkdwn escaped",
  );
  assert.equal(body.blocks.at(-1).elements[0].text, `Tokenwatch · alert 42 · ${KEY}`);
});

Deno.test("webhook: POST to the channel URL, signed over timestamp.body with the secret", async () => {
  const r = await buildDelivery({
    channel: {
      kind: "webhook",
      name: "hook",
      url: "http://127.0.0.1:9/hook",
      email_from: null,
      email_to: null,
    },
    secret: "hmac-key",
    payload: { type: "alert", message: MESSAGE },
    idempotencyKey: KEY,
    now: NOW,
  });
  assert.equal(r.url, "http://127.0.0.1:9/hook");
  assert.equal(r.headers["x-tokenwatch-timestamp"], "1795188005"); // 2026-11-20T15:20:05Z: (20,777 days × 86,400) + 55,205 s
  assert.equal(r.headers["x-tokenwatch-event"], "alert.opened");
  assert.deepEqual(JSON.parse(r.body), {
    id: KEY,
    type: "alert.opened",
    created_at: NOW.toISOString(),
    data: MESSAGE,
  });
  assert.equal(
    await verifyWebhook({
      secret: "hmac-key",
      body: r.body,
      signature: r.headers["x-tokenwatch-signature"],
      timestamp: r.headers["x-tokenwatch-timestamp"],
      nowMs: NOW.getTime(),
    }),
    true,
  );
});

Deno.test("email: Resend's format at the configured base URL with the API key as Bearer", async () => {
  const channel = {
    kind: "email" as const,
    name: "mail",
    url: "http://127.0.0.1:9/",
    email_from: "Tokenwatch <a@x.test>",
    email_to: ["ops@x.test"],
  };
  const r = await buildDelivery({
    channel,
    secret: "re_key",
    payload: { type: "alert", message: MESSAGE },
    idempotencyKey: KEY,
    now: NOW,
  });
  assert.equal(r.url, "http://127.0.0.1:9/emails");
  assert.equal(r.headers.authorization, "Bearer re_key");
  const body = JSON.parse(r.body);
  assert.deepEqual(Object.keys(body), ["from", "to", "subject", "text", "html"]);
  assert.equal(body.from, "Tokenwatch <a@x.test>");
  assert.deepEqual(body.to, ["ops@x.test"]);
  assert.equal(body.subject, "[CRITICAL] error_rate opened");
  assert.match(body.text, /What to do: Group errors <by type> & fix\./);
  assert.match(body.html, /Group errors &lt;by type&gt; &amp; fix\./);
  const resend = await buildDelivery({
    channel: { ...channel, url: null },
    secret: "k",
    payload: { type: "alert", message: MESSAGE },
    idempotencyKey: KEY,
    now: NOW,
  });
  assert.equal(resend.url, "https://api.resend.com/emails");
});

Deno.test("outcomes: 2xx delivered; 5xx, 408, 429 and network errors retried; other 4xx permanent", () => {
  assert.deepEqual(classifyOutcome({ status: 204 }), {
    delivered: true,
    permanent: false,
    statusCode: 204,
    error: null,
  });
  assert.deepEqual(classifyOutcome({ status: 500, body: "boom\n" }), {
    delivered: false,
    permanent: false,
    statusCode: 500,
    error: "HTTP 500: boom",
  });
  assert.equal(classifyOutcome({ status: 429 }).permanent, false);
  assert.equal(classifyOutcome({ status: 408 }).permanent, false);
  assert.equal(classifyOutcome({ status: 404 }).permanent, true);
  assert.deepEqual(classifyOutcome({ error: "connection refused" }), {
    delivered: false,
    permanent: false,
    statusCode: null,
    error: "connection refused",
  });
});

Deno.test("a weekly report goes out through the same requests: webhook signed like alerts, type report.weekly", async () => {
  const payload = { type: "report" as const, message: REPORT_MESSAGE, report: REPORT };
  const key = "tokenwatch:report:weekly:2026-W47:app:shop:channel:4";
  const hook = await buildDelivery({
    channel: {
      kind: "webhook",
      name: "hook",
      url: "http://127.0.0.1:9/hook",
      email_from: null,
      email_to: null,
    },
    secret: "hmac-key",
    payload,
    idempotencyKey: key,
    now: NOW,
  });
  assert.equal(hook.headers["x-tokenwatch-event"], "report.weekly");
  assert.equal(hook.headers["idempotency-key"], key);
  assert.equal(hook.headers["x-tokenwatch-timestamp"], "1795188005"); // as for the alert above
  assert.equal(JSON.parse(hook.body).type, "report.weekly");
  assert.equal(
    await verifyWebhook({
      secret: "hmac-key",
      body: hook.body,
      signature: hook.headers["x-tokenwatch-signature"],
      timestamp: hook.headers["x-tokenwatch-timestamp"],
      nowMs: NOW.getTime(),
    }),
    true,
  );
  const mail = await buildDelivery({
    channel: { kind: "email", name: "m", url: null, email_from: "a@x.test", email_to: ["b@x.test"] },
    secret: "re_key",
    payload,
    idempotencyKey: key,
    now: NOW,
  });
  const email = JSON.parse(mail.body);
  assert.deepEqual([mail.url, email.subject, email.html], [
    "https://api.resend.com/emails",
    "Tokenwatch weekly report 2026-W47 (shop)",
    REPORT.html,
  ]);
  const slack = await buildDelivery({
    channel: { kind: "slack", name: "s", url: null, email_from: null, email_to: null },
    secret: "https://hooks.slack.test/services/T/B/X",
    payload,
    idempotencyKey: key,
    now: NOW,
  });
  assert.match(
    JSON.parse(slack.body).text,
    /^:bar_chart: Tokenwatch weekly report 2026-W47 \(shop\): 1,200 requests/,
  );
});
