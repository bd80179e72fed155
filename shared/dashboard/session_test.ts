import assert from "node:assert/strict";
import { clearSessionCookie, keysForSession, readCookie, sessionCookie, sessionToken } from "./session.ts";

const now = new Date("2026-11-24T10:00:00Z");
const later = Math.floor(now.getTime() / 1000) + 3600;

Deno.test("sessionToken is the expiry and HMAC-SHA256(key, context + expiry), never the key", async () => {
  // HMAC-SHA256(key="key", "tokenwatch-dashboard-session:1795575600"), computed independently with
  // `printf %s 'tokenwatch-dashboard-session:1795575600' | openssl dgst -sha256 -hmac key -binary | basenc --base64url`.
  const token = await sessionToken("key", 1795575600);
  assert.equal(token, "1795575600.K7XdZZ0LvzwTRtRUe4rH8wSPN6pcEUtBCCIza6dmAeI");
  const secret = "a-long-dashboard-key-1234567890";
  const other = await sessionToken(secret, later);
  assert.ok(!other.includes(secret));
  assert.notEqual(other, await sessionToken(secret, later + 1));
});

Deno.test("keysForSession: the matching key, none for a wrong, expired or malformed token", async () => {
  const token = await sessionToken("dash-key", later);
  assert.deepEqual(await keysForSession(token, ["svc", "dash-key"], now), ["dash-key"]);
  assert.deepEqual(await keysForSession(token, ["svc", "other"], now), []);
  const expired = await sessionToken("dash-key", Math.floor(now.getTime() / 1000));
  assert.deepEqual(await keysForSession(expired, ["dash-key"], now), []);
  // Moving the expiry forward breaks the MAC.
  assert.deepEqual(await keysForSession(token.replace(/^\d+/, String(later + 999)), ["dash-key"], now), []);
  for (const bad of [undefined, "", "dash-key", "123.abc", `${later}.${"A".repeat(44)}`]) {
    assert.deepEqual(await keysForSession(bad, ["dash-key"], now), []);
  }
});

Deno.test("readCookie finds one cookie among several", () => {
  const req = new Request("http://x/", {
    headers: { cookie: "a=1; tokenwatch_dashboard_session=123.abc ; b=2" },
  });
  assert.equal(readCookie(req, "tokenwatch_dashboard_session"), "123.abc");
  assert.equal(readCookie(req, "b"), "2");
  assert.equal(readCookie(req, "c"), undefined);
  assert.equal(readCookie(new Request("http://x/"), "a"), undefined);
});

Deno.test("sessionCookie is HttpOnly and SameSite=Strict, Secure over HTTPS; clearing expires it", () => {
  assert.equal(
    sessionCookie("1.x", { secure: false }),
    "tokenwatch_dashboard_session=1.x; Max-Age=43200; HttpOnly; SameSite=Strict",
  );
  assert.equal(
    sessionCookie("1.x", { secure: true, maxAgeSeconds: 60 }),
    "tokenwatch_dashboard_session=1.x; Max-Age=60; HttpOnly; SameSite=Strict; Secure",
  );
  assert.equal(
    clearSessionCookie({ secure: false }),
    "tokenwatch_dashboard_session=; Max-Age=0; HttpOnly; SameSite=Strict",
  );
});
