import assert from "node:assert/strict";
import type { DashboardData } from "./data.ts";
import { createDashboardHandler } from "./handler.ts";
import type { DashboardQuery, TimeWindow } from "./query.ts";
import { sampleDashboardData } from "../../tests/fixtures/dashboard/sample_data.ts";
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
  // The session generation as the database would keep it; `reads` counts page views' queries.
  const sessions = { generation: 5, reads: 0, ends: 0 };
  const handler = createDashboardHandler({
    sessions: {
      current: () => {
        sessions.reads++;
        return Promise.resolve(sessions.generation);
      },
      end: () => {
        sessions.ends++;
        return Promise.resolve(++sessions.generation);
      },
    },
    load: (query, window): Promise<DashboardData> => {
      calls.push({ query, window });
      return Promise.resolve(sampleDashboardData());
    },
    secrets: (name) => secrets[name],
    now: () => now,
  });
  return { handler, calls, sessions };
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
  const expected = await sessionToken(DASH, 5, nowSeconds + 43200);
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
    await sessionToken(ANON, 5, nowSeconds + 3600),
    await sessionToken(DASH, 5, nowSeconds - 1),
    (await sessionToken(DASH, 5, nowSeconds + 3600)).replace(/.$/, "x"),
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

Deno.test("dashboard: signing out with a session ends every session (the generation moves on); the old cookie is 401", async () => {
  const { handler, sessions } = setup();
  const cookie = `tokenwatch_dashboard_session=${await sessionToken(DASH, 5, nowSeconds + 3600)}`;
  const before = await handler(new Request(BASE, { headers: { ...browser, cookie } }));
  assert.equal(before.status, 200);
  await before.body?.cancel();
  assert.equal(sessions.reads, 1, "one generation read per page view with a cookie");

  const r = await handler(form({ action: "signout" }, "?range=7d", { cookie }));
  assert.equal(r.status, 303);
  assert.equal(r.headers.get("location"), "?range=7d");
  assert.equal(
    r.headers.get("set-cookie"),
    "tokenwatch_dashboard_session=; Max-Age=0; HttpOnly; SameSite=Strict",
  );
  assert.equal(sessions.ends, 1);
  assert.equal(sessions.generation, 6);

  const replay = await handler(new Request(BASE, { headers: { ...browser, cookie } }));
  assert.equal(replay.status, 401);
  await replay.body?.cancel();
  // A sign-in now gets a cookie of generation 6, which works.
  const again = await handler(form({ key: DASH }));
  const fresh = again.headers.get("set-cookie")!.split(";")[0];
  assert.equal(fresh, `tokenwatch_dashboard_session=${await sessionToken(DASH, 6, nowSeconds + 43200)}`);
  const page = await handler(new Request(BASE, { headers: { ...browser, cookie: fresh } }));
  assert.equal(page.status, 200);
  await page.body?.cancel();
});

Deno.test("dashboard: signing out without a valid session only clears the cookie; nobody else is signed out", async () => {
  const { handler, sessions } = setup();
  for (
    const cookie of [
      undefined,
      `tokenwatch_dashboard_session=${await sessionToken(ANON, 5, nowSeconds + 60)}`,
    ]
  ) {
    const r = await handler(form({ action: "signout" }, "", cookie ? { cookie } : {}));
    assert.equal(r.status, 303);
    assert.match(r.headers.get("set-cookie")!, /^tokenwatch_dashboard_session=; Max-Age=0;/);
  }
  assert.equal(sessions.ends, 0);
  assert.equal(sessions.generation, 5);
  // No cookie at all: not even a read.
  assert.equal(sessions.reads, 1);
  // The key as a bearer token may end the sessions (a script signing everyone out).
  const r = await handler(form({ action: "signout" }, "", { authorization: `Bearer ${SERVICE}` }));
  assert.equal(r.status, 303);
  assert.equal(sessions.generation, 6);
});

Deno.test("dashboard: a POST from another origin is 403 with a clear message and changes nothing", async () => {
  const { handler, sessions } = setup({
    SUPABASE_SERVICE_ROLE_KEY: SERVICE,
    TOKENWATCH_DASHBOARD_KEY: DASH,
    SUPABASE_URL: "https://abcd.supabase.co",
  });
  const cookie = `tokenwatch_dashboard_session=${await sessionToken(DASH, 5, nowSeconds + 3600)}`;
  const foreign: Record<string, string>[] = [
    { origin: "https://evil.example" },
    { origin: "https://other.supabase.co", cookie },
    { origin: "null" },
    { "sec-fetch-site": "cross-site" },
    { origin: "https://abcd.supabase.co", "sec-fetch-site": "same-site" },
  ];
  for (const headers of foreign) {
    for (const body of [{ action: "signout" }, { action: "signin", key: DASH }] as Record<string, string>[]) {
      const r = await handler(form(body, "", headers));
      assert.equal(r.status, 403, JSON.stringify(headers));
      assert.equal(r.headers.get("set-cookie"), null);
      const html = await r.text();
      assert.match(html, /sign in and out from the dashboard page itself/);
      assertNoSecret(html);
    }
  }
  const json = await handler(
    new Request(BASE, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "action=signout",
    }),
  );
  assert.deepEqual(await json.json(), {
    error:
      "This form was sent from another site (Origin https://evil.example); sign in and out from the dashboard page itself.",
  });
  assert.equal(sessions.ends, 0);
  assert.equal(sessions.reads, 0, "refused before the form or the cookie is read");

  // The page's own origin: the request URL's host, the project URL, or the Host header.
  for (
    const headers of [
      { origin: "http://127.0.0.1" },
      { origin: "https://abcd.supabase.co", "sec-fetch-site": "same-origin" },
      { origin: "https://dash.example.com", host: "dash.example.com" },
      { origin: "null", "sec-fetch-site": "same-origin" },
    ] as Record<string, string>[]
  ) {
    const r = await handler(form({ key: DASH }, "", headers));
    assert.equal(r.status, 303, JSON.stringify(headers));
  }
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
  assert.equal(put.headers.get("allow"), "GET, POST, OPTIONS");
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

Deno.test("dashboard JSON: ?format=json or Accept: application/json gives {generated_at, query, data} with CORS and no-store", async () => {
  const { handler, calls } = setup();
  for (
    const request of [
      new Request(`${BASE}?range=7d&app=shop&format=json`, { headers: { authorization: `Bearer ${DASH}` } }),
      new Request(`${BASE}?range=7d&app=shop`, {
        headers: { "x-tokenwatch-key": DASH, accept: "application/json", origin: "null" },
      }),
    ]
  ) {
    const r = await handler(request);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("content-type"), "application/json; charset=utf-8");
    assert.equal(r.headers.get("access-control-allow-origin"), "*");
    assert.equal(r.headers.get("access-control-allow-credentials"), null);
    assert.equal(r.headers.get("cache-control"), "no-store");
    assert.equal(r.headers.get("set-cookie"), null);
    const body = await r.json();
    assert.deepEqual(body, {
      generated_at: "2026-11-24T10:37:00.000Z",
      query: { range: "7d", filters: { app: "shop" } },
      data: sampleDashboardData(),
    });
    assertNoSecret(JSON.stringify(body));
  }
  // The same window the page would load: 7d ending at the end of the 6-hour bucket holding 10:37.
  assert.equal(calls.length, 2);
  for (const call of calls) assert.equal(call.window.to.toISOString(), "2026-11-24T12:00:00.000Z");
});

Deno.test("dashboard JSON: the session cookie does not open it; 401, 400 and 405 are JSON with CORS", async () => {
  const { handler, calls } = setup();
  const cookie = `tokenwatch_dashboard_session=${await sessionToken(DASH, 5, nowSeconds + 3600)}`;
  const withCookie = await handler(new Request(`${BASE}?format=json`, { headers: { cookie } }));
  assert.equal(withCookie.status, 401);
  assert.equal(withCookie.headers.get("access-control-allow-origin"), "*");
  assert.deepEqual(await withCookie.json(), { error: "Missing or invalid credentials" });
  for (const key of [ANON, "sb_publishable_nope"]) {
    const r = await handler(
      new Request(BASE, { headers: { accept: "application/json", "x-tokenwatch-key": key } }),
    );
    assert.equal(r.status, 401);
    await r.body?.cancel();
  }

  const auth = { "x-tokenwatch-key": DASH, accept: "application/json" };
  const bad = await handler(new Request(`${BASE}?range=1y&colour=red`, { headers: auth }));
  assert.equal(bad.status, 400);
  assert.equal(bad.headers.get("access-control-allow-origin"), "*");
  assert.deepEqual((await bad.json()).problems, [
    { field: "range", message: "range=1y is not one of 24h, 7d, 30d" },
    {
      field: "colour",
      message: "unknown parameter colour; use range, app, environment, model, prompt_variant",
    },
  ]);
  const badFormat = await handler(
    new Request(`${BASE}?format=csv`, { headers: { "x-tokenwatch-key": DASH } }),
  );
  assert.equal(badFormat.status, 400);
  assert.deepEqual((await badFormat.json()).problems, [{
    field: "format",
    message: "format=csv is not one of json, html",
  }]);
  const badFormatNoKey = await handler(new Request(`${BASE}?format=csv`));
  assert.equal(badFormatNoKey.status, 401, "credentials are checked before parameters");
  await badFormatNoKey.body?.cancel();
  const del = await handler(new Request(`${BASE}?format=json`, { method: "DELETE", headers: auth }));
  assert.equal(del.status, 405);
  assert.equal(del.headers.get("access-control-allow-origin"), "*");
  await del.body?.cancel();
  assert.equal(calls.length, 0);
});

Deno.test("dashboard: OPTIONS answers the preflight with no credentials and loads nothing", async () => {
  const { handler, calls } = setup();
  const r = await handler(
    new Request(`${BASE}?range=24h`, {
      method: "OPTIONS",
      headers: {
        origin: "null",
        "access-control-request-method": "GET",
        "access-control-request-headers": "x-tokenwatch-key",
      },
    }),
  );
  assert.equal(r.status, 204);
  assert.equal(r.headers.get("access-control-allow-origin"), "*");
  assert.equal(r.headers.get("access-control-allow-methods"), "GET, OPTIONS");
  assert.equal(r.headers.get("access-control-allow-headers"), "authorization, x-tokenwatch-key, accept");
  assert.equal(r.headers.get("access-control-allow-credentials"), null);
  assert.equal(await r.text(), "");
  assert.equal(calls.length, 0);
});

Deno.test("dashboard: ?format=html and browsers' Accept still get the page; a sign-in from ?format=html redirects to the page", async () => {
  const { handler } = setup();
  const page = await handler(
    new Request(`${BASE}?format=html`, {
      headers: { authorization: `Bearer ${DASH}`, accept: "application/json" },
    }),
  );
  assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
  await page.body?.cancel();
  const nav = await handler(
    new Request(BASE, {
      headers: {
        authorization: `Bearer ${DASH}`,
        accept: "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
      },
    }),
  );
  assert.equal(nav.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(nav.headers.get("access-control-allow-origin"), null);
  await nav.body?.cancel();
  const signIn = await handler(form({ key: DASH }, "?range=7d&format=html"));
  assert.equal(signIn.status, 303);
  assert.equal(signIn.headers.get("location"), "?range=7d");
});
