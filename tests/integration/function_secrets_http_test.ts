/**
 * The keys a user configures as function secrets work over real HTTP through the gateway:
 * TOKENWATCH_INGEST_KEY for ingest, TOKENWATCH_DASHBOARD_KEY for the dashboard; the anon key
 * and a wrong key do not.
 */
import assert from "node:assert/strict";
import { connect, required, stackEnv } from "../helpers/test_env.ts";

const source = `secrets-http-${crypto.randomUUID()}`;
const app = "function-secrets-test";

async function ingestWith(key: string): Promise<number> {
  const response = await fetch(`${stackEnv.url}/functions/v1/ingest`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-tokenwatch-key": key },
    body: JSON.stringify({
      request_id: "r1",
      source,
      app,
      provider: "openai",
      model: "gpt-4o",
      input_tokens: 10,
      output_tokens: 2,
    }),
  });
  await response.body?.cancel();
  return response.status;
}

Deno.test("ingest accepts the configured ingest key over HTTP and refuses the anon key and a wrong key", async () => {
  const sql = connect();
  try {
    assert.equal(await ingestWith(stackEnv.anonKey), 401);
    assert.equal(await ingestWith(`${required("TOKENWATCH_INGEST_KEY")}x`), 401);
    assert.equal(await ingestWith(required("TOKENWATCH_INGEST_KEY")), 200);
    const [{ n, input }] =
      await sql`select count(*)::int as n, sum(input_tokens)::int as input from monitoring.usage_events where source = ${source}`;
    assert.deepEqual([n, input], [1, 10]);
  } finally {
    await sql.end();
  }
});

Deno.test("the dashboard answers the configured dashboard key with the page, and 401 to the anon key", async () => {
  const page = await fetch(`${stackEnv.url}/functions/v1/dashboard?range=24h`, {
    headers: { authorization: `Bearer ${required("TOKENWATCH_DASHBOARD_KEY")}` },
  });
  const html = await page.text();
  assert.equal(page.status, 200);
  assert.match(html, /<svg/);
  assert.equal(html.includes(required("TOKENWATCH_DASHBOARD_KEY")), false, "the key is not in the page");
  const refused = await fetch(`${stackEnv.url}/functions/v1/dashboard?range=24h`, {
    headers: { authorization: `Bearer ${stackEnv.anonKey}` },
  });
  await refused.body?.cancel();
  assert.equal(refused.status, 401);
});
