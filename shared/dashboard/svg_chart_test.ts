import assert from "node:assert/strict";
import { barChart, timeChart } from "./svg_chart.ts";

/** The attributes of every point element (class="pt") in the SVG, in document order. */
function points(svg: string): Record<string, string>[] {
  return [...svg.matchAll(/<(?:circle|rect) class="pt"([^>]*)>/g)].map((m) =>
    Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]))
  );
}

const hours = ["2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z", "2026-11-24T12:00:00Z"];

Deno.test("timeChart: one marker per non-null value, carrying series, x and the exact value", () => {
  const svg = timeChart({
    id: "tokens",
    title: "Tokens per hour",
    categories: hours,
    categoryLabel: (i) => `${10 + i}:00`,
    series: [
      { id: "input", label: "input", color: "#00f", values: [1200, 0, 3456.5] },
      { id: "output", label: "output", color: "#f00", values: [null, 40, null] },
    ],
    yFormat: String,
    yTitle: "tokens / h",
  });
  const pts = points(svg);
  assert.equal(pts.length, 4);
  assert.deepEqual(pts.map((p) => [p["data-series"], p["data-x"], p["data-value"]]), [
    ["input", hours[0], "1200"],
    ["input", hours[1], "0"],
    ["input", hours[2], "3456.5"],
    ["output", hours[1], "40"],
  ]);
  assert.match(svg, /^<svg class="chart" data-chart="tokens" viewBox="0 0 420 220"/);
  assert.match(svg, />tokens \/ h<\/text>/);
  // Max 3456.5 → step 1000 → ticks 0..4000, each labelled.
  for (const t of ["0", "1000", "2000", "3000", "4000"]) {
    assert.match(svg, new RegExp(`text-anchor="end">${t}</text>`));
  }
  // A null breaks the line: output's path is a single M with no L.
  assert.match(svg, /stroke="#f00" fill="#f00"><path d="M[\d.]+ [\d.]+" /);
});

Deno.test("timeChart: markers sit on the scale (value 0 on the x axis, the top tick at the top)", () => {
  const svg = timeChart({
    id: "c",
    title: "t",
    categories: ["a", "b"],
    categoryLabel: (i) => String(i),
    series: [{ id: "s", label: "s", color: "#000", values: [0, 100] }],
    yFormat: String,
    yTitle: "%",
    yMax: 100,
  });
  const [zero, hundred] = points(svg);
  // height 220, margins top 22 bottom 24 → plot from y=22 to y=196.
  assert.equal(zero.cy, "196");
  assert.equal(hundred.cy, "22");
  // width 420, left 50, right 10 → slot 180; centres at 140 and 320.
  assert.equal(zero.cx, "140");
  assert.equal(hundred.cx, "320");
});

Deno.test("timeChart: bars, a band and reference lines; labels are escaped", () => {
  const svg = timeChart({
    id: "cost",
    title: "Cost",
    categories: ["2026-11-23", "2026-11-24"],
    categoryLabel: () => "<day>",
    series: [
      { id: "cost", label: "cost", color: "#0a0", kind: "bar", values: [1.5, 2] },
      { id: "avg7", label: "7-day average", color: "#555", dashed: true, values: [1.5, 1.75] },
    ],
    yFormat: (v) => `$${v}`,
    yTitle: "USD / day",
    band: { low: 1, high: 1.8, label: "band & more" },
    lines: [{ value: 2.2, label: "limit" }],
  });
  const pts = points(svg);
  assert.deepEqual(pts.map((p) => p["data-series"]), ["cost", "cost", "avg7", "avg7"]);
  assert.equal(pts[1]["data-value"], "2");
  assert.match(svg, /<rect class="band"[^>]*><title>band &amp; more<\/title>/);
  assert.match(svg, /class="ref"[^>]*><title>limit<\/title>/);
  assert.ok(!svg.includes("<day>"));
  assert.ok(svg.includes("&lt;day&gt;"));
  assert.match(svg, /stroke-dasharray="5 3"/);
});

Deno.test("timeChart: no series values → an axis and no points", () => {
  const svg = timeChart({
    id: "e",
    title: "e",
    categories: [],
    categoryLabel: String,
    series: [{ id: "s", label: "s", color: "#000", values: [] }],
    yFormat: String,
    yTitle: "x",
  });
  assert.equal(points(svg).length, 0);
  assert.match(svg, /<\/svg>$/);
});

Deno.test("barChart: one bar per group and series with its value printed; widths to scale", () => {
  const svg = barChart({
    id: "latency",
    title: "Latency",
    series: [{ id: "p50", label: "p50", color: "#00f" }, { id: "p95", label: "p95", color: "#f00" }],
    groups: [
      { label: "gpt-<4o>", key: "gpt-4o", values: [400, 800] },
      { label: "claude", key: "claude", values: [200, null] },
    ],
    format: (v) => `${v} ms`,
    xTitle: "milliseconds",
  });
  const pts = points(svg);
  assert.deepEqual(pts.map((p) => [p["data-series"], p["data-x"], p["data-value"]]), [
    ["p50", "gpt-4o", "400"],
    ["p95", "gpt-4o", "800"],
    ["p50", "claude", "200"],
  ]);
  // axis 0..800 (step 200) over 420 - 8 - 58 = 354 px: 400 ms → 177 px, 800 → 354.
  assert.deepEqual(pts.map((p) => p.width), ["177", "354", "88.5"]);
  assert.match(svg, />800 ms<\/text>/);
  assert.match(svg, />gpt-&lt;4o&gt;<\/text>/);
  assert.match(svg, />milliseconds<\/text>/);
});
