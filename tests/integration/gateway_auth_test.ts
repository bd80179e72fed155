/** The gateway enforces verify_jwt as hosted Supabase does. */
import assert from "node:assert/strict";
import { signJwt } from "../../local/jwt.ts";
import { stackSecrets } from "../helpers/function_calls.ts";
import { stackEnv } from "../helpers/test_env.ts";

async function call(authorization?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization) headers.authorization = authorization;
  const response = await fetch(`${stackEnv.url}/functions/v1/probe-write`, {
    method: "POST",
    headers,
    body: JSON.stringify({ note: "auth-test" }),
  });
  return { status: response.status, body: await response.json() };
}

Deno.test("verify_jwt: 401 without a token", async () => {
  const { status, body } = await call();
  assert.equal(status, 401);
  assert.equal(body.message, "Missing authorization header");
});

Deno.test("verify_jwt: 401 for a token signed with another secret", async () => {
  const forged = await signJwt(
    { role: "service_role", exp: Math.floor(Date.now() / 1000) + 3600 },
    "not-the-stack-secret",
  );
  const { status, body } = await call(`Bearer ${forged}`);
  assert.equal(status, 401);
  assert.equal(body.message, "Invalid JWT: bad signature");
});

Deno.test("verify_jwt: 401 for an expired token signed with the right secret", async () => {
  const secrets = await stackSecrets();
  const expired = await signJwt(
    { role: "service_role", exp: Math.floor(Date.now() / 1000) - 10 },
    secrets.jwtSecret,
  );
  const { status, body } = await call(`Bearer ${expired}`);
  assert.equal(status, 401);
  assert.equal(body.message, "Invalid JWT: token expired");
});

Deno.test("verify_jwt: 200 with the service role key; unknown functions are 404", async () => {
  const { status, body } = await call(`Bearer ${stackEnv.serviceRoleKey}`);
  assert.equal(status, 200);
  assert.equal(body.role, "probe");
  const missing = await fetch(`${stackEnv.url}/functions/v1/no-such-function`);
  assert.equal(missing.status, 404);
  await missing.body?.cancel();
});
