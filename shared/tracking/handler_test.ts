import assert from "node:assert/strict";
import type { Sql } from "../deps/postgres.ts";
import { createTrackUsageHandler } from "./handler.ts";

const secrets = (name: string) =>
  ({ SUPABASE_SERVICE_ROLE_KEY: "svc", SUPABASE_ANON_KEY: "anon" } as Record<string, string>)[name];
const noDb = (): Sql => {
  throw new Error("the database must not be touched");
};
const handler = createTrackUsageHandler({ sql: noDb, secrets });
const url = "http://x/track-usage";

Deno.test("track-usage: 401 without the service role key", async () => {
  for (
    const headers of [{}, { authorization: "Bearer anon" }, { authorization: "Bearer nope" }] as Record<
      string,
      string
    >[]
  ) {
    const res = await handler(new Request(`${url}?period=week`, { headers }));
    assert.equal(res.status, 401);
    await res.body?.cancel();
  }
});

Deno.test("track-usage: 405 for anything but GET", async () => {
  const res = await handler(
    new Request(url, { method: "POST", headers: { authorization: "Bearer svc" }, body: "{}" }),
  );
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "GET");
  await res.body?.cancel();
});

Deno.test("track-usage: 400 names every problem", async () => {
  const res = await handler(
    new Request(`${url}?period=year&model=%00`, { headers: { authorization: "Bearer svc" } }),
  );
  assert.equal(res.status, 400);
  const body = await res.json();
  assert.equal(body.error, "Invalid track-usage query");
  assert.deepEqual(body.problems.map((p: { field: string }) => p.field), ["period", "model"]);
});
