import assert from "node:assert/strict";
import type { Sql } from "../deps/postgres.ts";
import { createWeeklyReportHandler, REPORT_HTML_POLICY, reportResponse } from "./handler.ts";
import type { StoredReport } from "./store.ts";

const secrets = (name: string) =>
  ({ SUPABASE_SERVICE_ROLE_KEY: "svc", SUPABASE_ANON_KEY: "anon" } as Record<string, string>)[name];
const noDb = (): Sql => {
  throw new Error("the database must not be touched");
};
const handler = createWeeklyReportHandler({
  sql: noDb,
  secrets,
  now: () => new Date("2026-11-24T01:00:00Z"),
});
const url = "http://x/weekly-report";

Deno.test("weekly-report: 401 without the service role key (anon key included)", async () => {
  for (const headers of [{}, { authorization: "Bearer anon" }] as Record<string, string>[]) {
    const res = await handler(new Request(url, { headers }));
    assert.equal(res.status, 401);
    await res.body?.cancel();
  }
});

Deno.test("weekly-report: 405 for methods other than GET and POST", async () => {
  const res = await handler(new Request(url, { method: "DELETE", headers: { authorization: "Bearer svc" } }));
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET, POST");
  await res.body?.cancel();
});

Deno.test("weekly-report: 400 names every problem before any database work", async () => {
  const res = await handler(
    new Request(`${url}?week=2026-W99&format=pdf`, {
      method: "POST",
      headers: { authorization: "Bearer svc" },
    }),
  );
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.deepEqual(body.problems.map((p: { field: string }) => p.field), ["week", "format"]);
});

Deno.test("weekly-report: 413 for a POST body over the limit", async () => {
  const res = await handler(
    new Request(url, { method: "POST", headers: { authorization: "Bearer svc" }, body: "x".repeat(70_000) }),
  );
  assert.equal(res.status, 413);
  await res.body?.cancel();
});

Deno.test("the HTML report is served with a policy that runs and loads nothing; markdown and JSON need none", () => {
  const report: StoredReport = {
    id: 1,
    week: "2026-W47",
    app: null,
    json: "{}",
    markdown: "# r",
    html: "<!doctype html><title>r</title>",
    generatedAt: "2026-11-24T06:00:00.000Z",
    regeneratedAt: null,
    generation: 1,
    generatedBy: "cron",
    dataAsOf: "2026-11-24T06:00:00.000Z",
    complete: true,
    notificationsQueued: 0,
  };
  const html = reportResponse(report, "html");
  assert.equal(html.headers.get("content-security-policy"), REPORT_HTML_POLICY);
  assert.match(REPORT_HTML_POLICY, /default-src 'none'/);
  assert.doesNotMatch(REPORT_HTML_POLICY, /script-src/);
  assert.equal(html.headers.get("x-content-type-options"), "nosniff");
  for (const format of ["md", "json"] as const) {
    assert.equal(reportResponse(report, format).headers.get("content-security-policy"), null, format);
  }
});
