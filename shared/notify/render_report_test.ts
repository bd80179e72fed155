import assert from "node:assert/strict";
import { renderReportEmail, renderReportSlack, renderReportWebhook } from "./render_report.ts";
import {
  SAMPLE_REPORT as REPORT,
  SAMPLE_REPORT_MESSAGE as MESSAGE,
} from "../../tests/fixtures/notify/sample_report.ts";

const KEY = "tokenwatch:report:weekly:2026-W47:app:shop:channel:3";

Deno.test("slack: the summary as text, the key numbers as fields, the first recommendation escaped", () => {
  const body = renderReportSlack(MESSAGE, KEY);
  assert.equal(body.text, `:bar_chart: Tokenwatch weekly report 2026-W47 (shop): ${MESSAGE.text}`);
  assert.deepEqual(body.blocks.map((b) => b.type), ["header", "section", "section", "section", "context"]);
  assert.deepEqual((body.blocks[2].fields as { text: string }[]).map((f) => f.text), [
    "*Requests*\n1,200",
    "*Tokens*\n480,000 (400.00 per request)",
    "*Cost*\n$12.34; monthly projection $53.06",
    "*Health score*\n92/100 (warning)",
    "*Week over week*\n+10.0% ($11.22 in 2026-W46)",
  ]);
  assert.deepEqual(body.blocks[3].text, {
    type: "mrkdwn",
    text: "*First recommendation* (high)\nReduce errors &lt;5xx&gt; &amp; retries.",
  });
  assert.equal(
    (body.blocks[4].elements as { text: string }[])[0].text,
    `Tokenwatch · weekly report 2026-W47 · ${KEY}`,
  );
  const calm = renderReportSlack({ ...MESSAGE, recommendation: null }, KEY);
  assert.equal(calm.blocks.length, 4, "no recommendation block");
});

Deno.test("email: the report's HTML page as html, the summary and the markdown as text", () => {
  const email = renderReportEmail(MESSAGE, REPORT);
  assert.equal(email.subject, "Tokenwatch weekly report 2026-W47 (shop)");
  assert.equal(email.html, REPORT.html);
  assert.equal(
    email.text,
    `${MESSAGE.text}\n\nFirst recommendation: Reduce errors <5xx> & retries.\n\n# Tokenwatch weekly report 2026-W47 (shop)\n`,
  );
});

Deno.test("webhook: the report JSON is the envelope's data, spliced as text so its numbers keep every digit", () => {
  const body = renderReportWebhook(REPORT, KEY, "2026-11-23T06:00:01.000Z");
  assert.equal(
    body,
    `{"id":"${KEY}","type":"report.weekly","created_at":"2026-11-23T06:00:01.000Z","data":${REPORT.json}}`,
  );
  const parsed = JSON.parse(body);
  assert.deepEqual(Object.keys(parsed), ["id", "type", "created_at", "data"]);
  assert.equal(parsed.data.week, "2026-W47");
  assert.ok(body.includes("12.340000000000000001"), "not rounded through a float");
});
