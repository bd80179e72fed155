import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { parseDashboardQuery, queryString, timeWindow } from "./query.ts";

const parse = (qs: string) => parseDashboardQuery(new URLSearchParams(qs));

Deno.test("parseDashboardQuery: defaults to 24h, no filters; empty filter values mean all", () => {
  assert.deepEqual(parse(""), { range: "24h", filters: {} });
  assert.deepEqual(parse("range=7d&app=shop&environment=&model=gpt-4o&prompt_variant=mcp"), {
    range: "7d",
    filters: { app: "shop", model: "gpt-4o", prompt_variant: "mcp" },
  });
  assert.deepEqual(parse("range=30d&app=a%20b"), { range: "30d", filters: { app: "a b" } });
});

Deno.test("parseDashboardQuery: 400 naming each bad parameter", () => {
  try {
    parse("range=13h&colour=red&app=x&app=y&model=" + "m".repeat(201));
    assert.fail("expected a 400");
  } catch (error) {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 400);
    assert.deepEqual(error.problems.map((p) => p.field), ["range", "colour", "app", "model"]);
    assert.match(error.message, /range=13h is not one of 24h, 7d, 30d/);
  }
  assert.throws(
    () => parse("environment=prod%0A"),
    (e: unknown) => e instanceof HttpError && e.problems[0].field === "environment",
  );
});

Deno.test("queryString round-trips through parseDashboardQuery", () => {
  const q = { range: "7d" as const, filters: { app: "a&b", prompt_variant: "mcp" } };
  assert.equal(queryString(q), "?range=7d&app=a%26b&prompt_variant=mcp");
  assert.deepEqual(parse(queryString(q).slice(1)), q);
});

Deno.test("timeWindow: whole buckets, the last one holding now", () => {
  const now = new Date("2026-11-24T10:37:12Z");
  assert.deepEqual(timeWindow("24h", now), {
    from: new Date("2026-11-23T11:00:00Z"),
    to: new Date("2026-11-24T11:00:00Z"),
    bucketSeconds: 3600,
  });
  assert.deepEqual(timeWindow("7d", now), {
    from: new Date("2026-11-17T12:00:00Z"),
    to: new Date("2026-11-24T12:00:00Z"),
    bucketSeconds: 21600,
  });
  assert.deepEqual(timeWindow("30d", now), {
    from: new Date("2026-10-26T00:00:00Z"),
    to: new Date("2026-11-25T00:00:00Z"),
    bucketSeconds: 86400,
  });
  // On a boundary the new bucket has begun.
  assert.deepEqual(timeWindow("24h", new Date("2026-11-24T11:00:00Z")).to, new Date("2026-11-24T12:00:00Z"));
});
