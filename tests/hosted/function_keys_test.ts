/**
 * A project created today with its legacy JWT keys disabled (the runner starts this stack with
 * TOKENWATCH_LEGACY_KEYS=disabled): only the publishable and secret keys exist. Every function
 * answers the secret key in apikey (as supabase-js and pg_cron send it) and refuses the
 * publishable key, no key, a forged or expired JWT, and the revoked legacy service_role JWT.
 */
import assert from "node:assert/strict";
import { signJwt } from "../../local/jwt.ts";
import { everyFunction, stackSecrets, statuses } from "../helpers/function_calls.ts";
import { stackEnv } from "../helpers/test_env.ts";

Deno.test("legacy keys disabled: the stack hands out no legacy key", () => {
  assert.equal(Deno.env.get("SUPABASE_SERVICE_ROLE_KEY"), undefined);
  assert.equal(Deno.env.get("SUPABASE_ANON_KEY"), undefined);
  assert.match(stackEnv.secretKey, /^sb_secret_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{8}$/);
  assert.match(stackEnv.publishableKey, /^sb_publishable_[A-Za-z0-9_-]{22}_[A-Za-z0-9_-]{8}$/);
});

Deno.test("legacy keys disabled: every function answers the secret key in apikey", async () => {
  assert.deepEqual(await statuses({ apikey: stackEnv.secretKey }), everyFunction(200));
});

Deno.test("legacy keys disabled: publishable, none, forged, expired and revoked legacy keys get 401", async () => {
  const { jwtSecret, serviceRoleKey } = await stackSecrets();
  const now = Math.floor(Date.now() / 1000);
  const forged = await signJwt({ role: "service_role", exp: now + 3600 }, "not-the-stack-secret");
  const expired = await signJwt({ role: "service_role", exp: now - 10 }, jwtSecret);
  const cases: Record<string, string>[] = [
    {},
    { apikey: stackEnv.publishableKey },
    { authorization: `Bearer ${forged}` },
    { authorization: `Bearer ${expired}` },
    { authorization: `Bearer ${serviceRoleKey}` },
    { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}` },
  ];
  for (const headers of cases) {
    assert.deepEqual(await statuses(headers), everyFunction(401), JSON.stringify(headers));
  }
});

Deno.test("legacy keys disabled: a verify_jwt function refuses the revoked service_role JWT and any API key", async () => {
  const { serviceRoleKey } = await stackSecrets();
  const call = async (headers: Record<string, string>): Promise<{ status: number; message: string }> => {
    const response = await fetch(`${stackEnv.url}/functions/v1/probe-write`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ note: "hosted-gateway" }),
    });
    return { status: response.status, message: (await response.json()).message };
  };
  assert.deepEqual(await call({ authorization: `Bearer ${serviceRoleKey}` }), {
    status: 401,
    message: "Invalid JWT: legacy API keys are disabled",
  });
  // The stricter reading of hosted's verify_jwt: an API key is not a JWT.
  assert.deepEqual(await call({ apikey: stackEnv.secretKey }), {
    status: 401,
    message: "Missing authorization header",
  });
  assert.deepEqual(await call({ authorization: `Bearer ${stackEnv.secretKey}` }), {
    status: 401,
    message: "Invalid JWT: malformed token",
  });
});
