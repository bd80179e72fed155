import assert from "node:assert/strict";
import { signWebhook, verifyWebhook } from "./hmac.ts";

Deno.test("the signature is HMAC-SHA256 over `timestamp.body` (RFC 4231 test case 2 as a cross-check)", async () => {
  // The primitive against RFC 4231 test case 2 (key "Jefe", data "what do ya want for nothing?"),
  // then the construction: the signed text is exactly "<timestamp>.<body>".
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode("Jefe"),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const rfc = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, new TextEncoder().encode("what do ya want for nothing?")),
  );
  assert.equal(
    Array.from(rfc, (b) => b.toString(16).padStart(2, "0")).join(""),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, new TextEncoder().encode('1700000000.{"a":1}')),
  );
  assert.equal(
    await signWebhook("Jefe", 1700000000, '{"a":1}'),
    `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`,
  );
});

Deno.test("a receiver accepts a fresh, correct signature and refuses a changed body, a wrong key or an old timestamp", async () => {
  const nowMs = 1_700_000_100_000;
  const ts = 1_700_000_000;
  const body = '{"id":"k1"}';
  const signature = await signWebhook("s3cret", ts, body);
  const ok = { secret: "s3cret", body, signature, timestamp: String(ts), nowMs };
  assert.equal(await verifyWebhook(ok), true); // 100 s old, within 300 s
  assert.equal(await verifyWebhook({ ...ok, body: '{"id":"k2"}' }), false);
  assert.equal(await verifyWebhook({ ...ok, secret: "other" }), false);
  assert.equal(await verifyWebhook({ ...ok, nowMs: nowMs + 250_000 }), false); // 350 s old
  assert.equal(await verifyWebhook({ ...ok, timestamp: "1700000001" }), false); // timestamp is signed
  assert.equal(await verifyWebhook({ ...ok, signature: null }), false);
});
