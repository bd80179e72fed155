/**
 * One filter rule for every function (shared/http/filters.ts): a NUL or a control character in a
 * filter is a 400 naming the parameter, never the 500 a NUL used to cause in Postgres.
 */
import assert from "node:assert/strict";
import { stackEnv } from "../helpers/test_env.ts";

async function answer(path: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(`${stackEnv.url}/functions/v1/${path}`, {
    ...init,
    headers: { apikey: stackEnv.secretKey, accept: "application/json", ...init.headers },
  });
  return { status: response.status, body: await response.text() };
}

Deno.test("a NUL or an ESC in any filter is a 400 naming it, on every function", async () => {
  const cases: [string, string, RequestInit?][] = [];
  for (const filter of ["app", "environment", "model", "prompt_variant"]) {
    cases.push([`track-usage?period=week&${filter}=%00`, filter]);
    cases.push([`dashboard?range=24h&${filter}=a%1B%5B2J&format=json`, filter]);
  }
  cases.push(["weekly-report?week=2025-W10&format=json&app=%00", "app"]);
  cases.push([
    "ingest/import-pending",
    "config",
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ config: "\u0000" }),
    },
  ]);
  for (const [path, field, init] of cases) {
    const { status, body } = await answer(path, init);
    assert.equal(status, 400, `${path}: ${body}`);
    assert.ok(
      (JSON.parse(body).problems as { field: string }[]).some((p) => p.field === field),
      `${path} names ${field}: ${body}`,
    );
  }
});
