/**
 * check-alerts over the gateway refuses what it should before touching anything: no JWT (the
 * gateway, verify_jwt), the anon key (the function: only the service role may run checks), a
 * GET (405) and a bad body (400 naming each problem).
 */
import assert from "node:assert/strict";
import { stackEnv } from "../helpers/test_env.ts";

const url = () => `${stackEnv.url}/functions/v1/check-alerts`;

Deno.test("check-alerts: 401 without a JWT and with the anon key", async () => {
  const none = await fetch(url(), { method: "POST", body: "{}" });
  assert.equal(none.status, 401);
  await none.body?.cancel();
  const anon = await fetch(url(), {
    method: "POST",
    headers: { authorization: `Bearer ${stackEnv.anonKey}` },
    body: "{}",
  });
  assert.equal(anon.status, 401);
  assert.deepEqual(await anon.json(), { error: "Missing or invalid credentials" });
});

Deno.test("check-alerts: 405 for GET, 400 for a bad body, with the service role key", async () => {
  const headers = { authorization: `Bearer ${stackEnv.serviceRoleKey}` };
  const get = await fetch(url(), { headers });
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "POST");
  await get.body?.cancel();
  const bad = await fetch(url(), {
    method: "POST",
    headers,
    body: '{"system_prompt_tolerance": "wide", "rules": ["x"]}',
  });
  assert.equal(bad.status, 400);
  const body = await bad.json();
  assert.deepEqual(body.problems.map((p: { field: string }) => p.field).sort(), [
    "rules",
    "system_prompt_tolerance",
  ]);
});
