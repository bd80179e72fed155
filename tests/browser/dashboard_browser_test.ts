/**
 * The server-rendered dashboard in a real browser: Debian's Chromium driven by playwright-core
 * loads the page from the test stack's gateway, signs in with the form, and checks on the fixed
 * dataset (dashboard_fixture.ts) that each chart has the expected number of points and that the
 * values shown are the engine's numbers. Screenshots at 1280 and 390 px wide are saved to
 * test-artifacts/.
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import { assertShowsEngine, launchChromium, loadDashboardFixture, points } from "./dashboard_fixture.ts";

const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url).pathname;

Deno.test("dashboard in Chromium: sign in, exact point counts, the engine's numbers shown, readable at 1280 and 390 px", async () => {
  const sql = connect();
  const { context, close } = await launchChromium();
  try {
    const fixture = await loadDashboardFixture(sql);
    const { app } = fixture;
    const page = await context.newPage();
    const url = `${stackEnv.url}/functions/v1/dashboard?range=24h&app=${app}`;

    // Without a session: 401 and the sign-in form.
    const first = await page.goto(url);
    assert.equal(first?.status(), 401);
    assert.equal(await page.locator("form input[name=key][type=password]").count(), 1);

    // Sign in; the 303 lands back on the same URL with a session cookie (the Origin check passes).
    await page.fill("input[name=key]", stackEnv.serviceRoleKey);
    const [signedIn] = await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    assert.equal(signedIn?.status(), 200);
    assert.equal(page.url(), url);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === "tokenwatch_dashboard_session");
    assert.ok(session, "a session cookie");
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, "Strict");
    assert.ok(!session.value.includes(stackEnv.serviceRoleKey));
    const html = await page.content();
    for (const secret of [stackEnv.secretKey, stackEnv.serviceRoleKey, stackEnv.anonKey, stackEnv.dbUrl]) {
      assert.ok(!html.includes(secret), "no secret in the page");
    }

    // Exact point counts per chart and the engine's numbers for the page's own window.
    await assertShowsEngine(page, sql, fixture);

    // Screenshots at both widths; the narrow one must not scroll sideways.
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}dashboard-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const overflow = Number(await page.evaluate("document.documentElement.scrollWidth"));
    assert.ok(overflow <= 390, `no horizontal scrolling at 390 px (page is ${overflow} px wide)`);
    await page.screenshot({ path: `${ARTIFACTS}dashboard-390.png`, fullPage: true });

    // The range switch keeps the filter and redraws in 6-hour buckets.
    await page.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([page.waitForURL(/range=7d/), page.click('nav.ranges a:text-is("7d")')]);
    assert.equal(new URL(page.url()).searchParams.get("app"), app);
    assert.equal(await points(page, "tokens", "input"), 28);

    // Signing out with the page's own button (the browser sends its real Origin): back to the
    // sign-in form, and the old cookie, put back by hand, is refused by the server.
    const [signedOut] = await Promise.all([
      page.waitForNavigation(),
      page.click("form.inline button[type=submit]"),
    ]);
    assert.equal(signedOut?.status(), 401);
    assert.equal(await page.locator("form input[name=key][type=password]").count(), 1);
    await context.addCookies([{ ...session, sameSite: "Strict" }]);
    const replay = await page.goto(url);
    assert.equal(replay?.status(), 401);
  } finally {
    await close();
    await sql.end();
  }
});
