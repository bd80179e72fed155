/**
 * billing-sync as deployed, over HTTP through the gateway: the project's secret key is required,
 * only POST, a bad body is a 400 naming each field, an unknown source a 404 naming `source`; and
 * a real run reads the admin key from Vault and stores the stand-in's pages (re-read from an
 * explicit `from` day, two days ago, so the run's own clock decides nothing here).
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import { billingWorld } from "../fixtures/billing/billing_setup.ts";
import { openaiCostPages, openaiUsagePages } from "../fixtures/billing/admin_api_pages.ts";
import { addDays, isoDay } from "../../shared/billing/windows.ts";

const url = `${stackEnv.url}/functions/v1/billing-sync`;
const post = (body: string, headers: Record<string, string> = { apikey: stackEnv.secretKey }) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

Deno.test("billing-sync over HTTP: 401 without the secret key, 405 for GET, 400 naming the fields, 404 for an unknown source", async () => {
  const anonymous = await post("{}", { apikey: stackEnv.publishableKey });
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();
  const get = await fetch(url, { headers: { apikey: stackEnv.secretKey } });
  assert.equal(get.status, 405);
  await get.body?.cancel();
  const bad = await post(JSON.stringify({ from: "2025-13-01", sourc: "x" }));
  assert.equal(bad.status, 400);
  const problems = (await bad.json()).problems as { field: string; message: string }[];
  assert.deepEqual(problems.map((p) => p.field).sort(), ["from", "sourc"]);
  const future = await post(JSON.stringify({ from: addDays(isoDay(new Date()), 2) }));
  assert.equal(future.status, 400);
  assert.deepEqual((await future.json()).problems, [{ field: "from", message: "is after today" }]);
  const unknown = await post(JSON.stringify({ source: "twbill-no-such-source" }));
  assert.equal(unknown.status, 404);
  assert.equal((await unknown.json()).problems[0].field, "source");
});

Deno.test("billing-sync over HTTP reads the key from Vault and stores the pages", async () => {
  const sql = connect();
  const world = await billingWorld(sql);
  try {
    const day = addDays(isoDay(new Date()), -2);
    const source = await world.source({ provider: "openai" });
    world.api.setPages("openaiUsage", openaiUsagePages(day));
    world.api.setPages("openaiCosts", openaiCostPages(day));
    const response = await post(JSON.stringify({ source, from: day }));
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(
      [body.sources[0].status, body.sources[0].usage.inserted, body.sources[0].costs.inserted],
      ["ok", 3, 3],
    );
    const [{ usage, billed }] = await sql<{ usage: string; billed: string }[]>`
      select (select sum(input_tokens + output_tokens)::text from monitoring.provider_usage where source = ${source}) as usage,
             (select sum(amount_usd)::text from monitoring.provider_costs where source = ${source}) as billed`;
    // 1000+300 + 500+100 + 2000+500 tokens; $0.5 + $0.25 + $0.75
    assert.deepEqual([usage, Number(billed)], ["4400", 1.5]);
  } finally {
    await world.cleanup();
    await sql.end();
  }
});
