import assert from "node:assert/strict";
import { dashboardTitle, renderDashboardBody, renderDashboardPage } from "./page.ts";
import { emptyDashboardData, sampleDashboardData } from "../../tests/fixtures/dashboard/sample_data.ts";

const now = new Date("2026-11-24T10:37:00Z");

function stat(html: string, key: string): { value: string; shown: string } {
  const m = new RegExp(`data-stat="${key}" data-value="([^"]*)" title="[^"]*">([^<]*)<`).exec(html);
  assert.ok(m, `stat ${key}`);
  return { value: m[1], shown: m[2] };
}

Deno.test("page: headline figures show the data's numbers, formatted, with the exact value attached", () => {
  const html = renderDashboardPage({
    data: sampleDashboardData(),
    query: { range: "24h", filters: {} },
    now,
  });
  assert.deepEqual(stat(html, "total_tokens"), { value: "8350", shown: "8.3k" });
  assert.deepEqual(stat(html, "requests"), { value: "6", shown: "6" });
  assert.deepEqual(stat(html, "cost_usd"), { value: "0.035", shown: "$0.04" });
  assert.deepEqual(stat(html, "monthly_projection"), { value: "0.1505", shown: "$0.15" });
  assert.deepEqual(stat(html, "avg_system_prompt_tokens"), { value: "1032.33", shown: "1k" });
  assert.deepEqual(stat(html, "error_rate"), { value: "0.166667", shown: "16.7%" });
  assert.deepEqual(stat(html, "tool_failure_rate"), { value: "0.142857", shown: "14.3%" });
  assert.deepEqual(stat(html, "latency_p95"), { value: "1210.2", shown: "1.2 s" });
  assert.match(html, /title="8,350 tokens">8.3k</);
  assert.match(html, /1 unpriced requests not included/);
  // Outside the band / above 5% is marked bad.
  assert.match(html, /<div class="stat bad"><div class="label">System prompt \/ request/);
  assert.match(html, /<div class="stat bad"><div class="label">Error rate/);
});

Deno.test("page: self-contained, no scripts, every chart present, times in UTC", () => {
  const html = renderDashboardPage({
    data: sampleDashboardData(),
    query: { range: "24h", filters: {} },
    now,
  });
  assert.ok(html.startsWith("<!doctype html>"));
  assert.doesNotMatch(html, /<script|<link|@import|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
  for (const id of ["tokens", "cost", "system-prompt", "savings", "rates", "latency"]) {
    assert.match(html, new RegExp(`<svg class="chart" data-chart="${id}"`), id);
  }
  assert.match(html, /Generated 2026-11-24 10:37 UTC/);
  assert.match(html, /Window 2026-11-23 11:00 UTC – 2026-11-24 11:00 UTC/);
  assert.match(html, /<main data-from="2026-11-23T11:00:00\+00:00" data-to="2026-11-24T11:00:00\+00:00">/);
  assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
});

Deno.test("page: range links and the filter form keep the query; values are escaped", () => {
  const query = { range: "7d" as const, filters: { app: `<b>"shop"</b>`, model: "gpt-4o-mini" } };
  const html = renderDashboardPage({ data: sampleDashboardData(), query, now });
  assert.match(
    html,
    /<a href="\?range=24h&amp;app=%3Cb%3E%22shop%22%3C%2Fb%3E&amp;model=gpt-4o-mini">24h<\/a>/,
  );
  assert.match(html, /<a href="[^"]*range=7d[^"]*" aria-current="page">7d<\/a>/);
  assert.match(html, /<option value="&lt;b&gt;&quot;shop&quot;&lt;\/b&gt;" selected>/);
  assert.match(html, /<option value="gpt-4o-mini" selected>gpt-4o-mini<\/option>/);
  assert.match(html, /<input type="hidden" name="range" value="7d">/);
  assert.ok(!html.includes(`<b>"shop"</b>`));
  assert.match(
    html,
    /<title>Tokenwatch · 7 days for app “&lt;b&gt;&quot;shop&quot;&lt;\/b&gt;”, model “gpt-4o-mini”<\/title>/,
  );
});

Deno.test("page: no data → a banner and empty states; alerts and report say what is missing", () => {
  const empty = emptyDashboardData();
  const html = renderDashboardPage({ data: empty, query: { range: "30d", filters: { app: "ghost" } }, now });
  assert.match(
    html,
    /<p class="banner" data-empty="page">No usage recorded in the last 30 days for app “ghost”\./,
  );
  assert.doesNotMatch(html, /<svg/);
  assert.match(html, /data-empty="alerts">No open alerts\.</);
  assert.match(html, /data-empty="report">No weekly report yet\.</);
  assert.deepEqual(stat(html, "error_rate"), { value: "", shown: "—" });

  const missing = renderDashboardPage({
    data: { ...empty, alerts: null, report: null },
    query: { range: "24h", filters: {} },
    now,
  });
  assert.match(missing, /data-empty="alerts">No alerts table yet/);
  assert.match(missing, /data-empty="report">No reports table yet/);
});

Deno.test("page: open alerts most severe first as given, and the latest report's markdown, escaped", () => {
  const data = sampleDashboardData();
  data.alerts = [
    {
      severity: "CRITICAL",
      rule_name: "error rate",
      message: "Error rate 16.7% > 5%",
      value: 0.166667,
      threshold: 0.05,
      first_seen_at: "2026-11-24T09:00:00Z",
      occurrences: 3,
      scope: { app: "shop", model: null },
    },
    { severity: "warning", title: "daily cost", message: "<cost>" },
  ];
  data.report = {
    week: "2026-W47",
    app: null,
    generated_at: "2026-11-23T06:00:00Z",
    markdown: "# Weekly report\n<b>x</b>",
  };
  const html = renderDashboardPage({ data, query: { range: "24h", filters: {} }, now });
  assert.match(html, /<h2 id="h-alerts">Open alerts \(2\)<\/h2>/);
  assert.match(
    html,
    /<span class="sev critical">CRITICAL<\/span><strong>error rate<\/strong><div>Error rate 16.7% &gt; 5%<\/div><div class="meta">app shop · value 0.166667 · threshold 0.05 · since 2026-11-24 09:00 UTC · 3×<\/div>/,
  );
  assert.match(
    html,
    /<span class="sev warning">WARNING<\/span><strong>daily cost<\/strong><div>&lt;cost&gt;<\/div>/,
  );
  assert.match(
    html,
    /data-report-week="2026-W47"><strong>Week 2026-W47 · all apps<\/strong> <span class="meta">generated 2026-11-23 06:00 UTC/,
  );
  assert.match(html, /<pre class="report"># Weekly report\n&lt;b&gt;x&lt;\/b&gt;<\/pre>/);
});

Deno.test("renderDashboardBody: the page's body; signOut button and source for the static page, the POST form by default", () => {
  const opts = {
    data: sampleDashboardData(),
    query: { range: "24h" as const, filters: {} },
    now: new Date("2026-11-24T10:37:00Z"),
  };
  const server = renderDashboardBody(opts);
  assert.match(
    server,
    /<form class="inline" method="post"><input type="hidden" name="action" value="signout">/,
  );
  assert.ok(renderDashboardPage(opts).includes(server), "the page is its body in the document");
  const browser = renderDashboardBody({ ...opts, signOut: "button", source: "a.supabase.co" });
  assert.match(browser, /<button type="button" data-action="signout">Sign out<\/button>/);
  assert.doesNotMatch(browser, /method="post"/);
  assert.match(browser, /last 24 hours · a\.supabase\.co<\/span>/);
  assert.equal(
    dashboardTitle({ range: "7d", filters: { app: "shop" } }),
    "Tokenwatch · 7 days for app “shop”",
  );
});
