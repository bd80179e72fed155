import assert from "node:assert/strict";
import { renderDashboardBody } from "../page.ts";
import { sampleDashboardData } from "../../../tests/fixtures/dashboard/sample_data.ts";
import type { DashboardAnswer } from "../schema.ts";
import { connectBody, dashboardView, failureBody, filterSearch, loadingBody, readAnswer } from "./view.ts";

const answer: DashboardAnswer = {
  generated_at: "2026-11-24T10:37:00.000Z",
  query: { range: "24h", filters: { app: "shop" } },
  data: sampleDashboardData(),
};

Deno.test("connectBody: asks for the dashboard key, warns off secret keys, says where it is sent; escapes the URL", () => {
  const html = connectBody({ projectUrl: 'https://a.supabase.co/"><script>' });
  assert.match(html, /<form id="connect"/);
  assert.match(html, /TOKENWATCH_DASHBOARD_KEY/);
  assert.match(html, /hosted Supabase refuses secret keys from browsers/);
  assert.match(html, /sessionStorage/);
  assert.match(html, /<input id="key" name="key" type="password"/);
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /value="https:\/\/a\.supabase\.co\/&quot;&gt;&lt;script&gt;"/);
  const fixed = connectBody({
    fixedUrl: "https://a.supabase.co",
    problems: [{ field: "key", message: "bad <key>" }],
  });
  assert.match(fixed, /value="https:\/\/a\.supabase\.co" readonly>/);
  assert.match(fixed, /sent only to\n<code>https:\/\/a\.supabase\.co\/functions\/v1\/dashboard<\/code>/);
  assert.match(fixed, /<p class="error" role="alert" data-problem="key">bad &lt;key&gt;<\/p>/);
});

Deno.test("dashboardView: the server page's body, with a sign-out button instead of the POST form", () => {
  const view = dashboardView(answer, "a.supabase.co");
  assert.equal(view.title, "Tokenwatch · 24 hours for app “shop”");
  const server = renderDashboardBody({
    data: answer.data,
    query: answer.query,
    now: new Date(answer.generated_at),
  });
  const charts = (html: string): string => html.slice(html.indexOf("<main"), html.indexOf("</main>"));
  assert.equal(charts(view.body), charts(server), "the same charts and figures, byte for byte");
  assert.match(view.body, /<button type="button" data-action="signout">Sign out<\/button>/);
  assert.doesNotMatch(view.body, /method="post"/);
  assert.match(view.body, /usage dashboard · last 24 hours · a\.supabase\.co/);
});

Deno.test("readAnswer: 200 with the answer's shape draws it; 401 asks again; other statuses keep the message and problems", () => {
  const ok = readAnswer(200, answer);
  assert.equal(ok.kind, "dashboard");
  assert.deepEqual(readAnswer(401, { error: "Missing or invalid credentials" }), { kind: "unauthorized" });
  assert.deepEqual(
    readAnswer(400, {
      error: "range=1y is not one of 24h, 7d, 30d",
      problems: [{ field: "range", message: "m" }, 3],
    }),
    {
      kind: "failure",
      status: 400,
      message: "range=1y is not one of 24h, 7d, 30d",
      problems: [{ field: "range", message: "m" }],
    },
  );
  assert.deepEqual(readAnswer(502, undefined), {
    kind: "failure",
    status: 502,
    message: "The dashboard function answered 502",
    problems: [],
  });
  const wrongShape = readAnswer(200, { ...answer, data: { ...answer.data, buckets: "none" } });
  assert.equal(wrongShape.kind, "failure");
  if (wrongShape.kind === "failure") {
    assert.match(wrongShape.message, /not a Tokenwatch dashboard answer/);
    assert.deepEqual(wrongShape.problems.map((p) => p.field), ["data.buckets"]);
  }
});

Deno.test("failureBody and loadingBody: status or 'Not reached', every problem, retry and sign-out buttons; text escaped", () => {
  const html = failureBody({
    status: 400,
    message: "bad <range>",
    problems: [{ field: "range", message: "m" }],
  });
  assert.match(
    html,
    /<h1>400<\/h1><p class="error">bad &lt;range&gt;<\/p><ul><li><code>range<\/code>: m<\/li><\/ul>/,
  );
  assert.match(html, /data-action="retry"/);
  assert.match(html, /data-action="signout"/);
  assert.match(failureBody({ status: null, message: "offline" }), /<h1>Not reached<\/h1>/);
  assert.match(
    loadingBody("https://a/functions/v1/dashboard?app=<x>"),
    /Loading <code>https:\/\/a\/functions\/v1\/dashboard\?app=&lt;x&gt;<\/code>…/,
  );
});

Deno.test("filterSearch: what the filter form submits, as the server page's own query string", () => {
  assert.equal(
    filterSearch([["range", "7d"], ["app", "shop"], ["environment", ""], ["model", "gpt-4o"], [
      "prompt_variant",
      "",
    ]]),
    "?range=7d&app=shop&model=gpt-4o",
  );
  assert.equal(filterSearch([["range", "1y"], ["colour", "red"]]), "?range=24h");
});
