import assert from "node:assert/strict";
import type { DashboardData } from "./data.ts";
import { createDashboardHandler } from "./handler.ts";
import type { DashboardQuery, TimeWindow } from "./query.ts";
import { sampleDashboardData } from "./sample_data.ts";
import { sessionToken } from "./session.ts";

const SERVICE = "service-role-key-0123456789";
const DASH = "dashboard-key-abcdefghij";
const ANON = "anon-key-zyxwvu";
const now = new Date("2026-11-24T10:37:00Z");
const nowSeconds = Math.floor(now.getTime() / 1000);

function setup(
  secrets: Record<string, string> = {
    SUPABASE_SERVICE_ROLE_KEY: SERVICE,
    SUPABASE_ANON_KEY: ANON,
    TOKENWATCH_DASHBOARD_KEY: DASH,
  },
) {
  const calls: { query: DashboardQuery; window: TimeWindow }[] = [];
  const handler = createDashboardHandler({
    load: (query, window): Promise<DashboardData> => {
      calls.push({ query, window });
      return Promise.resolve(sampleDashboardData());
    },
    secrets: (name) => secrets[name],
    now: () => now,
  });
  return { handler, calls };
}

const BASE = "http://127.0.0.1/dashboard";
const browser = { accept: "text/html,application/xhtml+xml" };

function form(body: Record<string, string>, query = "", headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${query}`, {
    method: "POST",
    headers: { ...browser, "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body).toString(),
  });
}

function assertNoSecret(html: string): void {
  for (const secret of [SERVICE, DASH, ANON]) assert.ok(!html.includes(secret), "a key leaked into the page");
}

Deno.test("dashboard: 401 without credentials — the sign-in page for browsers, JSON otherwise; nothing loaded", async () => {
  const { handler, calls } = setup();
  const page = await handler(new Request(`${BASE}?range=24h`, { headers: browser }));
  assert.equal(page.status, 401);
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(page.headers.get("www-authenticate"), 'Bearer realm="tokenwatch"');
  const html = await page.text();
  assert.match(html, /<form method="post"/);
  assertNoSecret(html);
  const api = await handler(new Request(BASE));
  assert.equal(api.status, 401);
  assert.deepEqual(await api.json(), { error: "Missing or invalid credentials" });
  for (const authorization of [`Bearer ${ANON}`, "Bearer nope", SERVICE]) {
    const r = await handler(new Request(BASE, { headers: { authorization } }));
    assert.equal(r.status, 401, authorization);
    await r.body?.cancel();
  }
  assert.equal(calls.length, 0);
});

Deno.test("dashboard: the service role key or the dashboard key as a bearer token shows the page", async () => {
  const { handler, calls } = setup();
  for (const key of [SERVICE, DASH]) {
    const r = await handler(
      new Request(`${BASE}?range=7d&app=shop`, { headers: { authorization: `Bearer ${key}` } }),
    );
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("cache-control"), "no-store");
    assert.match(r.headers.get("content-security-policy")!, /default-src 'none'/);
    const html = await r.text();
    assert.match(html, /data-chart="tokens"/);
    assertNoSecret(html);
  }
  assert.deepEqual(calls[0].query, { range: "7d", filters: { app: "shop" } });
  assert.deepEqual(calls[0].window, {
    from: new Date("2026-11-17T12:00:00Z"),
    to: new Date("2026-11-24T12:00:00Z"),
    bucketSeconds: 21600,
  });
});

Deno.test("dashboard: without a dashboard key configured, only the service role key works", async () => {
  const { handler } = setup({ SUPABASE_SERVICE_ROLE_KEY: SERVICE });
  const r = await handler(new Request(BASE, { headers: { authorization: `Bearer ${DASH}` } }));
  assert.equal(r.status, 401);
  await r.body?.cancel();
  const ok = await handler(new Request(BASE, { headers: { authorization: `Bearer ${SERVICE}` } }));
  assert.equal(ok.status, 200);
  await ok.body?.cancel();
});

Deno.test("dashboard: signing in sets an HttpOnly SameSite=Strict cookie holding an HMAC, never the key, and redirects back", async () => {
  const { handler } = setup();
  const r = await handler(form({ action: "signin", key: DASH }, "?range=30d&model=gpt-4o-mini"));
  assert.equal(r.status, 303);
  assert.equal(r.headers.get("location"), "?range=30d&model=gpt-4o-mini");
  const cookie = r.headers.get("set-cookie")!;
  const expected = await sessionToken(DASH, nowSeconds + 43200);
  assert.equal(cookie, `tokenwatch_dashboard_session=${expected}; Max-Age=43200; HttpOnly; SameSite=Strict`);
  assert.ok(!cookie.includes(DASH) && !cookie.includes(SERVICE));

  const page = await handler(
    new Request(`${BASE}?range=30d`, {
      headers: { ...browser, cookie: `tokenwatch_dashboard_session=${expected}` },
    }),
  );
  assert.equal(page.status, 200);
  assertNoSecret(await page.text());

  // Over HTTPS (as behind Supabase's gateway) the cookie is Secure too.
  const secure = await handler(form({ key: SERVICE }, "", { "x-forwarded-proto": "https" }));
  assert.match(secure.headers.get("set-cookie")!, /; Secure$/);
});

Deno.test("dashboard: a wrong key, a forged or expired cookie, or a cookie made with the anon key gets 401", async () => {
  const { handler } = setup();
  const wrong = await handler(form({ key: ANON }));
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get("set-cookie"), null);
  const html = await wrong.text();
  assert.match(html, /That key was not accepted\./);
  assertNoSecret(html);
  const cookies = [
    await sessionToken(ANON, nowSeconds + 3600),
    await sessionToken(DASH, nowSeconds - 1),
    (await sessionToken(DASH, nowSeconds + 3600)).replace(/.$/, "x"),
    DASH,
  ];
  for (const value of cookies) {
    const r = await handler(
      new Request(BASE, { headers: { ...browser, cookie: `tokenwatch_dashboard_session=${value}` } }),
    );
    assert.equal(r.status, 401, value);
    await r.body?.cancel();
  }
});

Deno.test("dashboard: signing out clears the cookie", async () => {
  const { handler } = setup();
  const r = await handler(form({ action: "signout" }, "?range=7d"));
  assert.equal(r.status, 303);
  assert.equal(r.headers.get("location"), "?range=7d");
  assert.equal(
    r.headers.get("set-cookie"),
    "tokenwatch_dashboard_session=; Max-Age=0; HttpOnly; SameSite=Strict",
  );
});

Deno.test("dashboard: 400 naming a bad parameter (after the credentials), 405, 415, 413", async () => {
  const { handler, calls } = setup();
  const auth = { authorization: `Bearer ${SERVICE}` };
  const bad = await handler(new Request(`${BASE}?range=13h`, { headers: auth }));
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), {
    error: "range=13h is not one of 24h, 7d, 30d",
    problems: [{ field: "range", message: "range=13h is not one of 24h, 7d, 30d" }],
  });
  const badHtml = await handler(
    new Request(`${BASE}?range=13h&colour=red`, { headers: { ...auth, ...browser } }),
  );
  assert.equal(badHtml.status, 400);
  const page = await badHtml.text();
  assert.match(page, /<li><code>range<\/code>: range=13h/);
  assert.match(page, /<li><code>colour<\/code>: unknown parameter colour/);
  const unauthenticated = await handler(new Request(`${BASE}?range=13h`));
  assert.equal(unauthenticated.status, 401);
  await unauthenticated.body?.cancel();
  assert.equal(calls.length, 0);

  const put = await handler(new Request(BASE, { method: "PUT", headers: auth }));
  assert.equal(put.status, 405);
  assert.equal(put.headers.get("allow"), "GET, POST");
  await put.body?.cancel();
  const json = await handler(
    new Request(BASE, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
  );
  assert.equal(json.status, 415);
  await json.body?.cancel();
  const big = await handler(form({ key: "k".repeat(5000) }));
  assert.equal(big.status, 413);
  await big.body?.cancel();
});
