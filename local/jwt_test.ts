import assert from "node:assert/strict";
import { signJwt, verifyJwt } from "./jwt.ts";

// RFC 7515 / jwt.io's canonical HS256 example: header {"alg":"HS256","typ":"JWT"},
// payload {"sub":"1234567890","name":"John Doe","iat":1516239022}, secret "your-256-bit-secret".
const JWT_IO_EXAMPLE =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

Deno.test("signJwt reproduces jwt.io's documented HS256 example byte for byte", async () => {
  const token = await signJwt(
    { sub: "1234567890", name: "John Doe", iat: 1516239022 },
    "your-256-bit-secret",
  );
  assert.equal(token, JWT_IO_EXAMPLE);
});

Deno.test("verifyJwt accepts the documented example and returns its claims", async () => {
  const check = await verifyJwt(JWT_IO_EXAMPLE, "your-256-bit-secret");
  assert.deepEqual(check, { ok: true, claims: { sub: "1234567890", name: "John Doe", iat: 1516239022 } });
});

Deno.test("verifyJwt refuses another secret, a tampered payload, an expired token and garbage", async () => {
  assert.deepEqual(await verifyJwt(JWT_IO_EXAMPLE, "another-secret"), { ok: false, reason: "bad signature" });
  const [h, , s] = JWT_IO_EXAMPLE.split(".");
  const forged = `${h}.${btoa('{"sub":"1","role":"service_role"}').replace(/=+$/, "")}.${s}`;
  assert.deepEqual(await verifyJwt(forged, "your-256-bit-secret"), { ok: false, reason: "bad signature" });
  const expired = await signJwt({ role: "service_role", exp: 1000 }, "s");
  assert.deepEqual(await verifyJwt(expired, "s", 1000), { ok: false, reason: "token expired" });
  assert.equal((await verifyJwt(expired, "s", 999)).ok, true);
  assert.deepEqual(await verifyJwt("not-a-jwt", "s"), { ok: false, reason: "malformed token" });
  assert.deepEqual(await verifyJwt("a.b.c", "s"), { ok: false, reason: "malformed token" });
});
