import assert from "node:assert/strict";
import { checkAlertsHandler } from "./handler.ts";

// These requests are refused before the database is touched.

Deno.test("check-alerts answers 405 with Allow: POST to other methods", async () => {
  const response = await checkAlertsHandler(new Request("http://x/check-alerts", { method: "GET" }));
  assert.equal(response.status, 405);
  assert.equal(response.headers.get("allow"), "POST");
  await response.body?.cancel();
});

Deno.test("check-alerts answers 401 without the service role key", async () => {
  const saved = Deno.env.get("SUPABASE_SERVICE_ROLE_KEY");
  Deno.env.set("SUPABASE_SERVICE_ROLE_KEY", saved ?? "service-role-key-for-this-test");
  try {
    for (const headers of [{}, { authorization: "Bearer not-the-key" }] as Record<string, string>[]) {
      const response = await checkAlertsHandler(
        new Request("http://x/check-alerts", { method: "POST", headers, body: "{}" }),
      );
      assert.equal(response.status, 401);
      await response.body?.cancel();
    }
  } finally {
    if (saved === undefined) Deno.env.delete("SUPABASE_SERVICE_ROLE_KEY");
  }
});

Deno.test("check-alerts answers 400 naming every problem of a bad body", async () => {
  const saved = Deno.env.get("SUPABASE_SERVICE_ROLE_KEY");
  const key = saved ?? "service-role-key-for-this-test";
  Deno.env.set("SUPABASE_SERVICE_ROLE_KEY", key);
  try {
    const response = await checkAlertsHandler(
      new Request("http://x/check-alerts", {
        method: "POST",
        headers: { authorization: `Bearer ${key}` },
        body: '{"system_prompt_tolerance": -5, "threshold": 20}',
      }),
    );
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.deepEqual(body.problems.map((p: { field: string }) => p.field).sort(), [
      "system_prompt_tolerance",
      "threshold",
    ]);
  } finally {
    if (saved === undefined) Deno.env.delete("SUPABASE_SERVICE_ROLE_KEY");
  }
});
