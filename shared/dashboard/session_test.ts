import assert from "node:assert/strict";
import {
  clearSessionCookie,
  isLiveSessionToken,
  keysForSession,
  readCookie,
  sessionCookie,
  sessionToken,
} from "./session.ts";

const now = new Date("2026-11-24T10:00:00Z");
const later = Math.floor(now.getTime() / 1000) + 3600;

Deno.test("sessionToken is the expiry and HMAC-SHA256(key, context + generation + expiry), never the key", async () => {
  // HMAC-SHA256(key="key", "tokenwatch-dashboard-session:v2:7:1795575600"), computed independently with
  // `printf %s 'tokenwatch-dashboard-session:v2:7:1795575600' | openssl dgst -sha256 -hmac key -binary | basenc --base64url`
  // (the trailing "=" dropped).
  const token = await sessionToken("key", 7, 1795575600);
  assert.equal(token, "1795575600.r34QV7h_uxKAn1cYCV2ZBlxmDNxa1AJmwOjNaE6-x9g");
  const secret = "a-long-dashboard-key-1234567890";
  const other = await sessionToken(secret, 0, later);
  assert.ok(!other.includes(secret));
  assert.notEqual(other, await sessionToken(secret, 0, later + 1));
  assert.notEqual(other, await sessionToken(secret, 1, later), "another generation, another token");
});

Deno.test("keysForSession: the matching key in the current generation; none for a wrong, ended, expired or malformed token", async () => {
  const token = await sessionToken("dash-key", 3, later);
  assert.deepEqual(await keysForSession(token, ["svc", "dash-key"], 3, now), ["dash-key"]);
  assert.deepEqual(await keysForSession(token, ["svc", "other"], 3, now), []);
  // Signed out since (generation 4): the same cookie is refused.
  assert.deepEqual(await keysForSession(token, ["svc", "dash-key"], 4, now), []);
  const expired = await sessionToken("dash-key", 3, Math.floor(now.getTime() / 1000));
  assert.deepEqual(await keysForSession(expired, ["dash-key"], 3, now), []);
  // Moving the expiry forward breaks the MAC.
  assert.deepEqual(
    await keysForSession(token.replace(/^\d+/, String(later + 999)), ["dash-key"], 3, now),
    [],
  );
  for (const bad of [undefined, "", "dash-key", "123.abc", `${later}.${"A".repeat(44)}`]) {
    assert.deepEqual(await keysForSession(bad, ["dash-key"], 3, now), []);
  }
});

Deno.test("isLiveSessionToken: the token's shape and expiry only (no database read needed for junk)", async () => {
  assert.equal(isLiveSessionToken(await sessionToken("k", 0, later), now), true);
  assert.equal(isLiveSessionToken(`${later}.${"A".repeat(43)}`, now), true, "the MAC is not checked here");
  assert.equal(isLiveSessionToken(await sessionToken("k", 0, Math.floor(now.getTime() / 1000)), now), false);
  for (const bad of [undefined, "", "x", `${later}.short`]) assert.equal(isLiveSessionToken(bad, now), false);
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
