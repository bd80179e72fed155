import assert from "node:assert/strict";
import { createCheckAlertsHandler } from "./handler.ts";

// These requests are refused before the database is touched.
const SECRET = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz";
const handler = createCheckAlertsHandler({
  sql: () => {
    throw new Error("these requests must not reach the database");
  },
  secrets: (name) =>
    ({
      SUPABASE_SECRET_KEYS: JSON.stringify({ default: SECRET }),
      SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({
        default: "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH",
      }),
    })[name],
});

Deno.test("check-alerts answers 405 with Allow: POST to other methods", async () => {
  const response = await handler(new Request("http://x/check-alerts", { method: "GET" }));
  assert.equal(response.status, 405);
  assert.equal(response.headers.get("allow"), "POST");
  await response.body?.cancel();
});

Deno.test("check-alerts answers 401 without the secret key", async () => {
  const cases: Record<string, string>[] = [
    {},
    { authorization: "Bearer not-the-key" },
    { apikey: "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH" },
  ];
  for (const headers of cases) {
    const response = await handler(
      new Request("http://x/check-alerts", { method: "POST", headers, body: "{}" }),
    );
    assert.equal(response.status, 401, JSON.stringify(headers));
    await response.body?.cancel();
  }
});

Deno.test("check-alerts answers 400 naming every problem of a bad body", async () => {
  const response = await handler(
    new Request("http://x/check-alerts", {
      method: "POST",
      headers: { apikey: SECRET },
      body: '{"system_prompt_tolerance": -5, "threshold": 20}',
    }),
  );
  assert.equal(response.status, 400);
  const body = await response.json();
  assert.deepEqual(body.problems.map((p: { field: string }) => p.field).sort(), [
    "system_prompt_tolerance",
    "threshold",
  ]);
});
