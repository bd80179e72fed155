import assert from "node:assert/strict";
import { htmlEscape, renderEmail, renderSlack, renderWebhook, slackEscape } from "./render.ts";
import { SAMPLE_MESSAGE as MESSAGE } from "../../tests/fixtures/notify/sample_message.ts";

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
