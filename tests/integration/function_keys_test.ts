/**
 * A project that still has its legacy JWT keys (every project made before late 2025): each
 * function answers the project's secret key (`sb_secret_…`, in apikey or as a bearer token) and
 * the legacy service_role key, and refuses the publishable key, the anon key, no key, and a
 * forged or expired JWT. The same calls without legacy keys are tests/hosted/function_keys_test.ts.
 */
import assert from "node:assert/strict";
import { signJwt } from "../../local/jwt.ts";
import { PROJECT_ROOT } from "../../local/stack_config.ts";
import { everyFunction, FUNCTION_CALLS, stackSecrets, statuses } from "../helpers/function_calls.ts";
import { stackEnv } from "../helpers/test_env.ts";

Deno.test("the key tests cover every function in supabase/functions", () => {
  const dirs = [...Deno.readDirSync(`${PROJECT_ROOT}/supabase/functions`)]
    .filter((e) => e.isDirectory && !e.name.startsWith("_") && !e.name.startsWith("."))
    .map((e) => e.name).sort();
  assert.deepEqual(FUNCTION_CALLS.map((c) => c.name).sort(), dirs);
});

Deno.test("legacy keys on: the secret key in apikey or as a bearer token, and the service_role JWT, are accepted", async () => {
  assert.deepEqual(await statuses({ apikey: stackEnv.secretKey }), everyFunction(200));
  assert.deepEqual(await statuses({ authorization: `Bearer ${stackEnv.secretKey}` }), everyFunction(200));
  assert.deepEqual(
    await statuses({ authorization: `Bearer ${stackEnv.serviceRoleKey}` }),
    everyFunction(200),
  );
  // supabase-js with a legacy key sends it in both headers.
  assert.deepEqual(
    await statuses({ apikey: stackEnv.serviceRoleKey, authorization: `Bearer ${stackEnv.serviceRoleKey}` }),
    everyFunction(200),
  );
});

Deno.test("legacy keys on: publishable, anon, user, none, forged and expired credentials get 401", async () => {
  const { jwtSecret } = await stackSecrets();
  const hour = 3600;
  const now = Math.floor(Date.now() / 1000);
  const forged = await signJwt({ role: "service_role", exp: now + hour }, "not-the-stack-secret");
  const expired = await signJwt({ role: "service_role", exp: now - 10 }, jwtSecret);
  // A signed-in user's token, validly signed: a user is not the project.
  const user = await signJwt({
    role: "authenticated",
    sub: crypto.randomUUID(),
    aud: "authenticated",
    exp: now + hour,
  }, jwtSecret);
  const cases: Record<string, string>[] = [
    {},
    { apikey: stackEnv.publishableKey },
    { apikey: stackEnv.publishableKey, authorization: `Bearer ${stackEnv.publishableKey}` },
    { apikey: stackEnv.anonKey, authorization: `Bearer ${stackEnv.anonKey}` },
    { authorization: `Bearer ${forged}` },
    { authorization: `Bearer ${expired}` },
    { apikey: stackEnv.publishableKey, authorization: `Bearer ${user}` },
    { apikey: `${stackEnv.secretKey.slice(0, -1)}x` },
  ];
  for (const headers of cases) {
    assert.deepEqual(await statuses(headers), everyFunction(401), JSON.stringify(headers));
  }
});
