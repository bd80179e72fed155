/**
 * dist/dashboard.html in a real browser: the file `npm run dashboard:build` writes (built here
 * into a temporary folder), opened from disk (Origin `null`) and from a static host on another
 * origin, reading the stack's dashboard function as JSON with the dashboard key. On the fixed
 * dataset (dashboard_fixture.ts) it shows the engine's numbers and point counts, exactly the
 * points the server page shows for the same window; the key stays in sessionStorage; the only
 * requests are the file itself and GETs of the dashboard function; secret keys are refused
 * before anything is sent.
 */
import assert from "node:assert/strict";
import type { Page, Request as PageRequest } from "npm:playwright-core@1.65.1";
import { buildStaticDashboard } from "../../cli/static_build.ts";
import { STORAGE_KEY } from "../../shared/dashboard/browser/connection.ts";
import { connect, required, stackEnv } from "../helpers/test_env.ts";
import {
  allPoints,
  assertShowsEngine,
  launchChromium,
  loadDashboardFixture,
  points,
} from "./dashboard_fixture.ts";

const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url).pathname;

/** Records every request the page makes and every CSP complaint on its console. */
function watch(page: Page): { requests: string[]; violations: string[] } {
  const seen = { requests: [] as string[], violations: [] as string[] };
  page.on("request", (r: PageRequest) => seen.requests.push(`${r.method()} ${r.url()}`));
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.violations.push(m.text());
  });
  return seen;
}

async function connectWith(page: Page, url: string, key: string): Promise<void> {
  await page.fill("#url", url);
  await page.fill("#key", key);
  await page.click("form#connect button[type=submit]");
}

Deno.test("dist/dashboard.html in Chromium: from disk and from a static host, the engine's numbers and the server page's points; the key only in the tab, sent only to the project", async () => {
  const sql = connect();
  const dashboardKey = required("TOKENWATCH_DASHBOARD_KEY");
  const dir = await Deno.makeTempDir({ prefix: "tokenwatch-static-" });
  const file = `${dir}/dashboard.html`;
  await Deno.writeTextFile(file, await buildStaticDashboard());
  const host = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async () =>
      new Response(await Deno.readTextFile(file), {
        headers: { "content-type": "text/html; charset=utf-8" },
      }),
  );
  const { context, close } = await launchChromium();
  try {
    const fixture = await loadDashboardFixture(sql);
    const { app } = fixture;
    const functionUrl = `${stackEnv.url}/functions/v1/dashboard`;
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(`file://${file}?range=24h&app=${app}`);
    assert.equal(await page.locator("form#connect").count(), 1, "the connect form first");
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}static-dashboard-connect.png` });
    assert.match(await page.locator("[data-view=connect]").innerText(), /TOKENWATCH_DASHBOARD_KEY/);

    // Keys that must never be in a browser are refused before anything is sent.
    await connectWith(page, stackEnv.url, "sb_secret_abcdefghijklmnop");
    assert.match(await page.locator('[data-problem="key"]').innerText(), /secret key \(sb_secret_…\)/);
    await connectWith(page, stackEnv.url, stackEnv.serviceRoleKey);
    assert.match(await page.locator('[data-problem="key"]').innerText(), /service_role key/);
    await connectWith(page, "ftp://example.com", dashboardKey);
    assert.match(await page.locator('[data-problem="url"]').innerText(), /https:\/\//);
    assert.deepEqual(seen.requests, [`GET file://${file}?range=24h&app=${app}`], "nothing sent yet");

    // A wrong key: the project answers 401, the page forgets it and asks again.
    await connectWith(page, stackEnv.url, "not-the-dashboard-key");
    await page.locator("[data-notice]").waitFor();
    assert.match(await page.locator("[data-notice]").innerText(), /did not accept that key/);
    assert.equal(await page.evaluate(`sessionStorage.getItem(${JSON.stringify(STORAGE_KEY)})`), null);

    // The dashboard key: the dashboard, with the engine's numbers.
    await connectWith(page, `${stackEnv.url}/`, dashboardKey);
    await page.locator("[data-view=dashboard]").waitFor();
    await assertShowsEngine(page, sql, fixture);
    assert.match(await page.title(), /^Tokenwatch · 24 hours for app/);

    // The same points as the server page for the same window.
    const server = await context.newPage();
    await server.setExtraHTTPHeaders({ authorization: `Bearer ${dashboardKey}` });
    await server.goto(`${functionUrl}?range=24h&app=${app}`);
    assert.equal(
      await server.locator("main").getAttribute("data-from"),
      await page.locator("main").getAttribute("data-from"),
    );
    assert.deepEqual(await allPoints(page), await allPoints(server));
    const stats = (p: Page) =>
      p.locator("[data-stat]").evaluateAll((els) =>
        els.map((el) => `${el.getAttribute("data-stat")}=${el.getAttribute("data-value")}|${el.textContent}`)
      );
    assert.deepEqual(await stats(page), await stats(server));
    await server.close();

    // Kept in this tab only: sessionStorage, never localStorage or a cookie.
    const stored = JSON.parse(
      String(await page.evaluate(`sessionStorage.getItem(${JSON.stringify(STORAGE_KEY)})`)),
    );
    assert.deepEqual(stored, { projectUrl: stackEnv.url, key: dashboardKey });
    assert.equal(await page.evaluate("localStorage.length"), 0);
    assert.deepEqual(await context.cookies(), []);
    assert.ok(!(await page.content()).includes(dashboardKey), "the key is not in the document");

    // The view is in the URL: the range link and the filter form navigate, the tab keeps the key.
    await Promise.all([page.waitForURL(/range=7d/), page.click('nav.ranges a:text-is("7d")')]);
    await page.locator("[data-view=dashboard]").waitFor();
    assert.equal(new URL(page.url()).searchParams.get("app"), app);
    assert.equal(await points(page, "tokens", "input"), 28);
    await page.selectOption('form.filters select[name="environment"]', "staging");
    await Promise.all([
      page.waitForURL(/environment=staging/),
      page.click("form.filters button[type=submit]"),
    ]);
    await page.locator("[data-view=dashboard]").waitFor();
    // staging holds events 4 to 6: input 3 × 800 + output 3 × 100 = 2,700 tokens.
    assert.equal(await page.locator('[data-stat="total_tokens"]').getAttribute("data-value"), "2700");

    // A bad parameter: the function's 400, every problem named.
    await page.goto(`file://${file}?range=13h`);
    await page.locator("[data-view=failure]").waitFor();
    assert.match(
      await page.locator("[data-view=failure]").innerText(),
      /range: range=13h is not one of 24h, 7d, 30d/,
    );

    // Only the file itself and GETs of the dashboard function, nothing else; no CSP violation.
    for (const r of seen.requests) {
      assert.ok(
        r.startsWith(`GET file://${file}`) || r.startsWith(`GET ${functionUrl}?`) ||
          r === `GET ${functionUrl}`,
        `unexpected request ${r}`,
      );
    }
    assert.ok(seen.requests.filter((r) => r.startsWith(`GET ${functionUrl}`)).length >= 5);
    assert.deepEqual(seen.violations, []);
    await page.goto(`file://${file}?range=24h&app=${app}`);
    await page.locator("[data-view=dashboard]").waitFor();
    await page.screenshot({ path: `${ARTIFACTS}static-dashboard-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = Number(await page.evaluate("document.documentElement.scrollWidth"));
    assert.ok(overflow <= 390, `no horizontal scrolling at 390 px (page is ${overflow} px wide)`);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Sign out forgets the connection.
    await page.click("[data-action=signout]");
    assert.equal(await page.locator("form#connect").count(), 1);
    assert.equal(await page.evaluate(`sessionStorage.getItem(${JSON.stringify(STORAGE_KEY)})`), null);
    await page.close();

    // From a static host on another origin: the same numbers (CORS with a real Origin).
    const hosted = await context.newPage();
    const hostUrl = `http://127.0.0.1:${host.addr.port}/dashboard.html`;
    await hosted.goto(`${hostUrl}?range=24h&app=${app}`);
    await connectWith(hosted, stackEnv.url, dashboardKey);
    await hosted.locator("[data-view=dashboard]").waitFor();
    await assertShowsEngine(hosted, sql, fixture);
    await hosted.close();

    // A build for this one project: the URL is fixed, the CSP lets it connect there only.
    await Deno.writeTextFile(file, await buildStaticDashboard({ projectUrl: stackEnv.url }));
    const pinned = await context.newPage();
    const pinnedSeen = watch(pinned);
    await pinned.goto(`file://${file}?range=24h&app=${app}`);
    assert.equal(await pinned.locator("#url").inputValue(), stackEnv.url);
    assert.equal(await pinned.locator("#url").getAttribute("readonly"), "");
    await pinned.fill("#key", dashboardKey);
    await pinned.click("form#connect button[type=submit]");
    await pinned.locator("[data-view=dashboard]").waitFor();
    assert.equal(await pinned.locator('[data-stat="total_tokens"]').getAttribute("data-value"), "10900");
    assert.deepEqual(pinnedSeen.violations, []);
    // Anything else is refused by the page's CSP (http://localhost:* is allowed only in the generic build).
    const other = await pinned.evaluate("fetch('http://localhost:9/x').then(() => 'sent', () => 'refused')");
    assert.equal(other, "refused");
    assert.equal(pinnedSeen.requests.filter((r) => r.includes("localhost:9")).length, 0, "never sent");
    assert.ok(
      pinnedSeen.violations.some((v) => /localhost:9/.test(v) && /connect-src/.test(v)),
      `the CSP refused it: ${pinnedSeen.violations.join(" / ")}`,
    );
    await pinned.close();
  } finally {
    await close();
    await host.shutdown();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await sql.end();
  }
});
