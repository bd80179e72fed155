import assert from "node:assert/strict";
import type { Sql } from "../deps/postgres.ts";
import { type DashboardData, loadDashboardData } from "./data.ts";
import { sampleDashboardData } from "../../tests/fixtures/dashboard/sample_data.ts";
import { DashboardShapeError } from "./schema.ts";

/** A stand-in for postgres.js that records the one query and answers with `data`. */
function fakeSql(
  data: DashboardData | Record<string, unknown>,
): { sql: Sql; seen: { text: string; values: unknown[] }[] } {
  const seen: { text: string; values: unknown[] }[] = [];
  const sql = ((strings: TemplateStringsArray, ...values: unknown[]) => {
    seen.push({ text: strings.join("$"), values });
    return Promise.resolve([{ data }]);
  }) as unknown as Sql;
  return { sql, seen };
}

Deno.test("loadDashboardData: one call of monitoring.dashboard_data with the window and the filters (absent = NULL)", async () => {
  const { sql, seen } = fakeSql(sampleDashboardData());
  const data = await loadDashboardData(
    sql,
    { range: "7d", filters: { app: "shop", prompt_variant: "mcp" } },
    {
      from: new Date("2026-11-17T12:00:00Z"),
      to: new Date("2026-11-24T12:00:00Z"),
      bucketSeconds: 21600,
    },
  );
  assert.equal(data.summary.total_tokens, 8350);
  assert.equal(seen.length, 1);
  assert.match(seen[0].text, /select monitoring\.dashboard_data\(/);
  assert.deepEqual(seen[0].values, [
    "2026-11-17T12:00:00.000Z",
    "2026-11-24T12:00:00.000Z",
    21600,
    "shop",
    null,
    null,
    "mcp",
  ]);
});

Deno.test("loadDashboardData: a document of another shape is refused, naming the field", async () => {
  const { sql } = fakeSql({
    ...sampleDashboardData(),
    summary: { ...sampleDashboardData().summary, requests: "6" },
  });
  const window = {
    from: new Date("2026-11-23T11:00:00Z"),
    to: new Date("2026-11-24T11:00:00Z"),
    bucketSeconds: 3600,
  };
  await assert.rejects(
    () => loadDashboardData(sql, { range: "24h", filters: {} }, window),
    (error: unknown) => error instanceof DashboardShapeError && /summary\.requests/.test(error.message),
  );
});
