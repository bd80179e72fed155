import assert from "node:assert/strict";
import {
  allCharts,
  bucketTitle,
  costChart,
  hourLabel,
  latencyChart,
  monthDayLabel,
  ratesChart,
  savingsChart,
  systemPromptChart,
  tokensChart,
  weekdayLabel,
} from "./charts.ts";
import { emptyDashboardData, sampleDashboardData } from "../../tests/fixtures/dashboard/sample_data.ts";

/** [series, x, value] of every point of an SVG. */
function points(svg: string): [string, string, string][] {
  return [...svg.matchAll(/class="pt" data-series="([^"]*)" data-x="([^"]*)" data-value="([^"]*)"/g)].map((
    m,
  ) => [m[1], m[2], m[3]]);
}
const count = (svg: string, series: string): number => points(svg).filter((p) => p[0] === series).length;

Deno.test("time labels are UTC", () => {
  assert.equal(hourLabel("2026-11-23T19:00:00+00:00"), "19:00");
  assert.equal(weekdayLabel("2026-11-24"), "Tue 24");
  assert.equal(monthDayLabel("2026-11-03"), "Nov 3");
  assert.equal(bucketTitle("2026-11-23T23:00:00Z", 3600), "Nov 23 23:00–00:00 UTC");
  assert.equal(bucketTitle("2026-11-23T12:00:00Z", 21600), "Nov 23 12:00–18:00 UTC");
  assert.equal(bucketTitle("2026-11-23T00:00:00Z", 86400), "Mon Nov 23 (UTC)");
});

Deno.test("tokens chart: 24 buckets × 4 types, zeros included, values exact", () => {
  const card = tokensChart(sampleDashboardData(), "24h");
  for (const s of ["input", "cached", "output", "system_prompt"]) assert.equal(count(card.body, s), 24, s);
  const input = points(card.body).filter((p) => p[0] === "input");
  assert.deepEqual(input[8], ["input", "2026-11-23T19:00:00.000Z", "1200"]);
  assert.deepEqual(input[23], ["input", "2026-11-24T10:00:00.000Z", "5700"]);
  assert.equal(points(card.body).filter((p) => p[0] === "cached")[8][2], "200");
  assert.match(card.body, />tokens \/ h</);
  // Axis labelled every 4 hours: 11:00, 15:00, ..., 07:00.
  assert.deepEqual([...card.body.matchAll(/text-anchor="middle">(\d\d:00)</g)].map((m) => m[1]), [
    "11:00",
    "15:00",
    "19:00",
    "23:00",
    "03:00",
    "07:00",
  ]);
  assert.equal(card.title, "Tokens per hour by type");
});

Deno.test("cost chart: a bar and a 7-day average per day, the projection in the notes", () => {
  const card = costChart(sampleDashboardData());
  assert.equal(count(card.body, "cost"), 7);
  assert.equal(count(card.body, "avg7"), 7);
  assert.deepEqual(points(card.body).find((p) => p[0] === "avg7" && p[1] === "2026-11-24"), [
    "avg7",
    "2026-11-24",
    "0.005",
  ]);
  assert.match(card.notes[0], /data-stat="projection" data-value="0.1505">\$0.15</);
  assert.match(card.notes[0], /Nov 18–Nov 24, \$0.04\) × 4.3/);
  assert.equal(card.notes[1], "1 request had no known price and is not in these costs.");
  assert.match(card.body, />USD \/ day</);
});

Deno.test("system-prompt chart: one panel per prompt variant, points only where reported, each against its baseline", () => {
  const card = systemPromptChart(sampleDashboardData(), "24h");
  assert.deepEqual(points(card.body), [
    ["variant:mcp", "2026-11-23T19:00:00.000Z", "198"],
    ["variant:mcp", "2026-11-24T07:00:00.000Z", "198"],
    ["variant:mcp", "2026-11-24T10:00:00.000Z", "200"],
    ["variant:traditional", "2026-11-24T10:00:00.000Z", "5200"],
  ]);
  const [mcp, traditional] = card.body.split('<p class="panel"').slice(1);
  assert.match(mcp, /<strong>mcp<\/strong> against healthy band 178–218 \(mcp 198 ± 20\)/);
  assert.match(mcp, /<rect class="band"/);
  // mcp has its own scale: 0..300 (step 100), so the band is readable.
  assert.match(mcp, /text-anchor="end">300<\/text>/);
  assert.match(traditional, /<strong>traditional<\/strong> against traditional baseline 5.2k/);
  assert.doesNotMatch(traditional, /class="band"/);
  assert.match(traditional, /class="ref"[^>]*><title>baseline 5.2k<\/title>/);
  // A variant with no baseline of its name is held against the mcp band.
  const data = sampleDashboardData();
  data.system_prompt = [{
    t: data.buckets[3].t,
    prompt_variant: null,
    requests_reporting: 1,
    avg_system_prompt_tokens: 240,
  }];
  const other = systemPromptChart(data, "24h");
  assert.match(other.body, /<strong>\(no variant\)<\/strong> against healthy band 178–218 \(mcp\)/);
  assert.deepEqual(points(other.body), [["variant:(none)", data.buckets[3].t, "240"]]);
});

Deno.test("savings chart: measured variants and baselines × 2 bars; the table skips a variant against itself", () => {
  const card = savingsChart(sampleDashboardData());
  assert.equal(points(card.body).length, 8);
  assert.deepEqual(points(card.body).filter((p) => p[1] === "baseline:traditional").map((p) => p[2]), [
    "5200",
    "5400",
  ]);
  assert.deepEqual(points(card.body).filter((p) => p[1] === "measured:mcp").map((p) => p[2]), [
    "198.8",
    "530",
  ]);
  const rows = [...card.notes[0].matchAll(/<tr data-variant="([^"]*)" data-baseline="([^"]*)">/g)].map((m) =>
    `${m[1]}/${m[2]}`
  );
  assert.deepEqual(rows, ["mcp/traditional", "traditional/mcp"]);
  assert.match(card.notes[0], /data-value="0.961769">96.2%</);
  assert.match(card.notes[0], /data-value="24350"[^>]*>24.4k</);
  assert.match(card.notes[0], />\$0.23</);
});

Deno.test("rates chart: points only where there were tool calls / requests; fractions drawn as percentages", () => {
  const card = ratesChart(sampleDashboardData(), "24h");
  assert.deepEqual(points(card.body).filter((p) => p[0] === "tool_success").map((p) => p[2]), ["0.75", "1"]);
  assert.deepEqual(points(card.body).filter((p) => p[0] === "error_rate").map((p) => p[2]), ["0", "1", "0"]);
  assert.match(card.body, />100%</);
  assert.match(card.body, />95%</);
  // The tools table marks a tool failing more than 5% of its calls.
  assert.match(
    card.notes[0],
    /<tr class="bad"><td>search<\/td><td class="num">5<\/td><td class="num">1<\/td><td class="num">20.0%<\/td>/,
  );
});

Deno.test("latency chart: p50 and p95 per model", () => {
  const card = latencyChart(sampleDashboardData());
  assert.deepEqual(points(card.body), [
    ["p50", "gpt-4o-mini", "406.4"],
    ["p95", "gpt-4o-mini", "1210.2"],
    ["p50", "claude-sonnet-4-5", "812.7"],
    ["p95", "claude-sonnet-4-5", "1024"],
  ]);
  assert.match(card.body, />1.2 s</);
});

Deno.test("no data: every chart says so instead of drawing", () => {
  const cards = allCharts(emptyDashboardData(), "24h");
  assert.deepEqual(cards.map((c) => c.id), [
    "tokens",
    "cost",
    "billing",
    "system-prompt",
    "savings",
    "rates",
    "latency",
  ]);
  for (const card of cards) {
    assert.equal(points(card.body).length, 0, card.id);
    assert.match(card.body, new RegExp(`^<p class="empty" data-empty="${card.id}">`), card.id);
  }
});

Deno.test("7d and 30d ranges label days, not hours", () => {
  const data = sampleDashboardData();
  // 28 six-hour buckets from Nov 17 12:00; labels at each UTC midnight.
  data.buckets = Array.from(
    { length: 28 },
    (_, i) => ({
      ...data.buckets[0],
      t: new Date(Date.parse("2026-11-17T12:00:00Z") + i * 21600_000).toISOString(),
    }),
  );
  data.window.bucket_seconds = 21600;
  const week = tokensChart(data, "7d");
  assert.equal(week.title, "Tokens per 6 h by type");
  assert.deepEqual([...week.body.matchAll(/text-anchor="middle">([A-Z][a-z]{2} \d+)</g)].map((m) => m[1]), [
    "Wed 18",
    "Thu 19",
    "Fri 20",
    "Sat 21",
    "Sun 22",
    "Mon 23",
    "Tue 24",
  ]);
  assert.equal(count(week.body, "input"), 28);
  // 30 UTC days from Oct 26; a label every 5 days.
  data.buckets = Array.from(
    { length: 30 },
    (_, i) => ({
      ...data.buckets[0],
      t: new Date(Date.parse("2026-10-26T00:00:00Z") + i * 86400_000).toISOString(),
    }),
  );
  data.window.bucket_seconds = 86400;
  const month = tokensChart(data, "30d");
  assert.equal(month.title, "Tokens per day by type");
  assert.deepEqual([...month.body.matchAll(/text-anchor="middle">([A-Z][a-z]{2} \d+)</g)].map((m) => m[1]), [
    "Oct 26",
    "Oct 31",
    "Nov 5",
    "Nov 10",
    "Nov 15",
    "Nov 20",
  ]);
  assert.match(month.body, />tokens \/ day</);
});
