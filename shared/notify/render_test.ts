import assert from "node:assert/strict";
import type { AlertMessage } from "../alerts/message.ts";
import { htmlEscape, renderEmail, renderSlack, renderWebhook, slackEscape } from "./render.ts";

const MESSAGE: AlertMessage = {
  event: "opened",
  severity: "CRITICAL",
  title: "[CRITICAL] error_rate opened",
  text: "error rate 12% is above 5% (last hour).",
  rule: "error_rate",
  metric: "error_rate",
  comparison: "above",
  value: 0.12,
  value_text: "12%",
  threshold: 0.05,
  threshold_text: "5%",
  reference: null,
  window: "last_hour",
  window_from: "2026-11-20T14:20:00.000Z",
  window_to: "2026-11-20T15:20:00.000Z",
  scope: { app: "shop", environment: null, model: null, prompt_variant: null },
  alert_id: 42,
  fingerprint: "a".repeat(64),
  occurrences: 1,
  first_seen_at: "2026-11-20T15:20:00.000Z",
  checked_at: "2026-11-20T15:20:00.000Z",
  resolution: null,
  recommendation: "Group errors <by type> & fix.",
};

Deno.test("escaping for Slack mrkdwn and HTML", () => {
  assert.equal(slackEscape("a < b & c > d"), "a &lt; b &amp; c &gt; d");
  assert.equal(htmlEscape(`<a href="x">'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&lt;/a&gt;");
});

Deno.test("slack blocks list rule, value, threshold, window, occurrences, first seen and scope", () => {
  const body = renderSlack(MESSAGE, "k");
  const fields = (body.blocks[2].fields as { text: string }[]).map((f) => f.text);
  assert.deepEqual(fields, [
    "*Rule*\nerror_rate",
    "*Value*\n12%",
    "*Threshold*\n5%",
    "*Window*\nlast_hour (2026-11-20T14:20:00.000Z to 2026-11-20T15:20:00.000Z)",
    "*Occurrences*\n1",
    "*First seen*\n2026-11-20T15:20:00.000Z",
    "*Scope*\napp=shop",
  ]);
  const resolved = renderSlack({ ...MESSAGE, event: "resolved", recommendation: null }, "k");
  assert.match(resolved.text, /^:white_check_mark: /);
  assert.equal(resolved.blocks.length, 4, "no recommendation block");
});

Deno.test("webhook envelope and email parts", () => {
  assert.deepEqual(renderWebhook(MESSAGE, "k", "t"), {
    id: "k",
    type: "alert.opened",
    created_at: "t",
    data: MESSAGE,
  });
  const email = renderEmail(MESSAGE);
  assert.equal(email.subject, MESSAGE.title);
  assert.equal(email.text.split("\n")[0], MESSAGE.text);
  assert.match(email.html, /<tr><th align="left">Value<\/th><td>12%<\/td><\/tr>/);
});
