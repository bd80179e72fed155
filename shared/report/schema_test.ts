import assert from "node:assert/strict";
import { parseWeeklyReport } from "./schema.ts";

const read = (name: string) =>
  Deno.readTextFileSync(new URL(`../../tests/fixtures/datasets/${name}`, import.meta.url));

Deno.test("the weekly report schema reads SQL's documents whole, keys it does not name included", () => {
  for (const name of ["fixed_week_report.json", "empty_week_report.json"]) {
    const json = read(name);
    assert.deepEqual(parseWeeklyReport(json), JSON.parse(json), name);
  }
  const extra = JSON.parse(read("fixed_week_report.json"));
  extra.billing = { invoices: 2 };
  extra.cost.tier = "batch";
  const parsed = parseWeeklyReport(JSON.stringify(extra)) as unknown as Record<
    string,
    Record<string, unknown>
  >;
  assert.deepEqual([parsed.billing, parsed.cost.tier], [{ invoices: 2 }, "batch"]);
});

Deno.test("a report document of the wrong shape fails naming the field", () => {
  const bad = JSON.parse(read("fixed_week_report.json"));
  bad.tools.tools[0].failures = "2";
  assert.throws(
    () => parseWeeklyReport(JSON.stringify(bad)),
    { message: "weekly report document: tools.tools.0.failures: Expected number, received string" },
  );
  delete bad.usage;
  assert.throws(() => parseWeeklyReport(JSON.stringify(bad)), /weekly report document: usage: Required/);
});
