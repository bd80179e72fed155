/**
 * The deployed dashboard function behind the stack's gateway (verify_jwt = false, so the function
 * guards itself): 401 without credentials, the page with the service role key or a session
 * cookie from the sign-in form, no secret in any answer, 400 / 405 for bad requests; the CORS
 * preflight and the JSON answer that dist/dashboard.html reads with the dashboard key; sign-out
 * ends the session server-side (a replayed cookie is 401) and a POST from another origin is 403.
 */
import assert from "node:assert/strict";
import { parseDashboardAnswer } from "../../shared/dashboard/schema.ts";
import { connect, required, stackEnv } from "../helpers/test_env.ts";

const url = (qs = ""): string => `${stackEnv.url}/functions/v1/dashboard${qs}`;
const secrets = (): string[] => [
  stackEnv.secretKey,
  stackEnv.publishableKey,
  stackEnv.serviceRoleKey,
  stackEnv.anonKey,
  stackEnv.dbUrl,
];

function assertNoSecret(text: string): void {
  for (const secret of secrets()) assert.ok(!text.includes(secret), "a secret leaked");
}

Deno.test("dashboard over HTTP: 401 without credentials or with the anon key; the sign-in page says nothing secret", async () => {
  const page = await fetch(url("?range=24h"), { headers: { accept: "text/html" } });
  assert.equal(page.status, 401);
  const html = await page.text();
  assert.match(html, /<form method="post"/);
  assertNoSecret(html);
  const json = await fetch(url());
  assert.equal(json.status, 401);
  assert.deepEqual(await json.json(), { error: "Missing or invalid credentials" });
  const anon = await fetch(url(), { headers: { authorization: `Bearer ${stackEnv.anonKey}` } });
  assert.equal(anon.status, 401);
  await anon.body?.cancel();
});

Deno.test("dashboard over HTTP: the service role key shows the page; headers forbid scripts and caching", async () => {
  const r = await fetch(url("?range=30d"), {
    headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}` },
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(r.headers.get("cache-control"), "no-store");
  assert.match(r.headers.get("content-security-policy")!, /default-src 'none'/);
  const html = await r.text();
  assert.match(html, /<h2 id="h-tokens">Tokens per day by type<\/h2>/);
  assert.doesNotMatch(html, /<script/i);
  assertNoSecret(html);
});

Deno.test("dashboard over HTTP: sign in with the form, then the cookie (not the key) opens the page", async () => {
  const wrong = await fetch(url(), {
    method: "POST",
    headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ key: stackEnv.anonKey }),
  });
  assert.equal(wrong.status, 401);
  assertNoSecret(await wrong.text());

  const signIn = await fetch(url("?range=7d"), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ action: "signin", key: stackEnv.serviceRoleKey }),
    redirect: "manual",
  });
  assert.equal(signIn.status, 303);
  assert.equal(signIn.headers.get("location"), "?range=7d");
  const setCookie = signIn.headers.get("set-cookie")!;
  assert.match(
    setCookie,
    /^tokenwatch_dashboard_session=\d+\.[A-Za-z0-9_-]{43}; Max-Age=43200; HttpOnly; SameSite=Strict$/,
  );
  assertNoSecret(setCookie);
  await signIn.body?.cancel();

  const cookie = setCookie.split(";")[0];
  const page = await fetch(url("?range=7d"), { headers: { cookie } });
  assert.equal(page.status, 200);
  assertNoSecret(await page.text());
});

Deno.test("dashboard over HTTP: 400 names the bad parameter, 405 for other methods", async () => {
  const auth = { authorization: `Bearer ${stackEnv.serviceRoleKey}` };
  const bad = await fetch(url("?range=13h"), { headers: auth });
  assert.equal(bad.status, 400);
  assert.deepEqual((await bad.json()).problems, [{
    field: "range",
    message: "range=13h is not one of 24h, 7d, 30d",
  }]);
  const del = await fetch(url(), { method: "DELETE", headers: auth });
  assert.equal(del.status, 405);
  assert.equal(del.headers.get("allow"), "GET, POST, OPTIONS");
  await del.body?.cancel();
});

Deno.test("dashboard over HTTP: the preflight from a file:// page (Origin null) and the JSON answer with the dashboard key", async () => {
  const dashboardKey = required("TOKENWATCH_DASHBOARD_KEY");
  const preflight = await fetch(url("?range=7d"), {
    method: "OPTIONS",
    headers: {
      origin: "null",
      "access-control-request-method": "GET",
      "access-control-request-headers": "x-tokenwatch-key",
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-origin"), "*");
  assert.match(preflight.headers.get("access-control-allow-headers")!, /x-tokenwatch-key/);
  await preflight.body?.cancel();

  const r = await fetch(url("?range=7d&app=no-such-app"), {
    headers: { origin: "null", accept: "application/json", "x-tokenwatch-key": dashboardKey },
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("content-type"), "application/json; charset=utf-8");
  assert.equal(r.headers.get("access-control-allow-origin"), "*");
  assert.equal(r.headers.get("set-cookie"), null);
  const answer = parseDashboardAnswer(await r.json());
  assert.deepEqual(answer.query, { range: "7d", filters: { app: "no-such-app" } });
  // 7 days in 6-hour buckets: 7 × 4 = 28; an app with no events has no requests.
  assert.equal(answer.data.buckets.length, 28);
  assert.equal(answer.data.summary.requests, 0);
  assertNoSecret(JSON.stringify(answer));

  const bad = await fetch(url("?format=json&range=13h"), { headers: { "x-tokenwatch-key": dashboardKey } });
  assert.equal(bad.status, 400);
  assert.equal(bad.headers.get("access-control-allow-origin"), "*");
  assert.deepEqual((await bad.json()).problems, [{
    field: "range",
    message: "range=13h is not one of 24h, 7d, 30d",
  }]);
  const anon = await fetch(url("?format=json"), { headers: { "x-tokenwatch-key": stackEnv.anonKey } });
  assert.equal(anon.status, 401);
  assert.equal(anon.headers.get("access-control-allow-origin"), "*");
  await anon.body?.cancel();
});

/** Signs in with the form (as the page's own origin) and returns the `name=value` cookie. */
async function signIn(): Promise<string> {
  const r = await fetch(url(), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(stackEnv.url).origin },
    body: new URLSearchParams({ key: stackEnv.secretKey }),
    redirect: "manual",
  });
  assert.equal(r.status, 303);
  await r.body?.cancel();
  return r.headers.get("set-cookie")!.split(";")[0];
}

async function generation(): Promise<number> {
  const sql = connect();
  try {
    const [row] = await sql<{ generation: string }[]>`select generation from monitoring.dashboard_sessions`;
    return Number(row.generation);
  } finally {
    await sql.end();
  }
}

Deno.test("dashboard over HTTP: after sign-out the old cookie (replayed) is 401; a new sign-in works", async () => {
  const cookie = await signIn();
  const before = await fetch(url(), { headers: { cookie } });
  assert.equal(before.status, 200);
  await before.body?.cancel();
  const g = await generation();

  const out = await fetch(url("?range=7d"), {
    method: "POST",
    headers: {
      cookie,
      "content-type": "application/x-www-form-urlencoded",
      origin: new URL(stackEnv.url).origin,
    },
    body: new URLSearchParams({ action: "signout" }),
    redirect: "manual",
  });
  assert.equal(out.status, 303);
  assert.equal(
    out.headers.get("set-cookie"),
    "tokenwatch_dashboard_session=; Max-Age=0; HttpOnly; SameSite=Strict",
  );
  await out.body?.cancel();
  assert.equal(await generation(), g + 1);

  // The browser forgot the cookie; a copy of it is refused by the server.
  const replay = await fetch(url(), { headers: { cookie, accept: "text/html" } });
  assert.equal(replay.status, 401);
  assert.match(await replay.text(), /<form method="post"/);

  const fresh = await signIn();
  assert.notEqual(fresh, cookie);
  const page = await fetch(url(), { headers: { cookie: fresh } });
  assert.equal(page.status, 200);
  await page.body?.cancel();
});

Deno.test("dashboard over HTTP: sign-in and sign-out POSTed from another origin are 403 and change nothing", async () => {
  const cookie = await signIn();
  const g = await generation();
  for (
    const [headers, body] of [
      [{ origin: "https://evil.example", cookie }, { action: "signout" }],
      [{ origin: "https://evil.example" }, { action: "signin", key: stackEnv.secretKey }],
      [{ origin: "null", cookie }, { action: "signout" }],
      [{ "sec-fetch-site": "cross-site", cookie }, { action: "signout" }],
    ] as [Record<string, string>, Record<string, string>][]
  ) {
    const r = await fetch(url(), {
      method: "POST",
      headers: { ...headers, accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body),
      redirect: "manual",
    });
    assert.equal(r.status, 403, JSON.stringify(headers));
    assert.equal(r.headers.get("set-cookie"), null);
    const html = await r.text();
    assert.match(html, /sign in and out from the dashboard page itself/);
    assertNoSecret(html);
  }
  assert.equal(await generation(), g, "no session was ended");
  const still = await fetch(url(), { headers: { cookie } });
  assert.equal(still.status, 200, "the session still works");
  await still.body?.cancel();
});
