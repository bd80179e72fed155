import assert from "node:assert/strict";
import { emptyDashboardData, sampleDashboardData } from "../../tests/fixtures/dashboard/sample_data.ts";
import { DashboardShapeError, parseDashboardAnswer, parseDashboardData } from "./schema.ts";

Deno.test("parseDashboardData: the sample and the empty documents read back unchanged", () => {
  for (const data of [sampleDashboardData(), emptyDashboardData()]) {
    assert.deepEqual(parseDashboardData(structuredClone(data)), data);
  }
});

Deno.test("parseDashboardData: fields the page does not draw pass through (the rest of usage_summary, filters)", () => {
  const doc = {
    ...sampleDashboardData(),
    filters: { app: null },
    summary: { ...sampleDashboardData().summary, by_model: [1] },
  };
  const read = parseDashboardData(doc) as unknown as Record<string, Record<string, unknown>>;
  assert.deepEqual(read.filters, { app: null });
  assert.deepEqual(read.summary.by_model, [1]);
});

Deno.test("parseDashboardData: every bad field is named with its path", () => {
  const doc = structuredClone(sampleDashboardData()) as unknown as Record<string, unknown>;
  (doc.buckets as Record<string, unknown>[])[3].input_tokens = "12";
  delete doc.projection;
  doc.alerts = "none";
  try {
    parseDashboardData(doc);
    assert.fail("expected a DashboardShapeError");
  } catch (error) {
    assert.ok(error instanceof DashboardShapeError);
    const fields = error.problems.map((p) => p.split(":")[0]).sort();
    assert.deepEqual(fields, ["alerts", "buckets.3.input_tokens", "projection"]);
  }
  assert.throws(() => parseDashboardData(null), DashboardShapeError);
});

Deno.test("parseDashboardAnswer: the envelope's query keeps only the filters that are set", () => {
  const answer = parseDashboardAnswer({
    generated_at: "2026-11-24T10:37:00.000Z",
    query: { range: "7d", filters: { app: "shop" } },
    data: sampleDashboardData(),
  });
  assert.deepEqual(answer.query, { range: "7d", filters: { app: "shop" } });
  assert.equal(answer.generated_at, "2026-11-24T10:37:00.000Z");
  assert.equal(answer.data.summary.total_tokens, 8350);
  assert.throws(
    () =>
      parseDashboardAnswer({
        generated_at: "x",
        query: { range: "1y", filters: {} },
        data: sampleDashboardData(),
      }),
    (e: unknown) =>
      e instanceof DashboardShapeError && e.problems.length === 1 && e.problems[0].startsWith("query.range"),
  );
});
