/**
 * Drains one chat import config's waiting messages through the running stack's ingest function
 * (POST /functions/v1/ingest/import-pending, secret key), as the pg_cron job does; asserts a 200 and
 * returns the function's answer ({imported, duplicates, failed, remaining}).
 */
import assert from "node:assert/strict";
import { stackEnv } from "./test_env.ts";

export async function drainImportPending(config: string): Promise<Record<string, number>> {
  const response = await fetch(`${stackEnv.url}/functions/v1/ingest/import-pending`, {
    method: "POST",
    headers: { authorization: `Bearer ${stackEnv.serviceRoleKey}`, "content-type": "application/json" },
    body: JSON.stringify({ config }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, JSON.stringify(body));
  return body;
}
