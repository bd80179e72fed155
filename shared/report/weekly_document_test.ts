import assert from "node:assert/strict";
import { costText, dayLabel, int, num, pct, pp, usd } from "../document/format.ts";
import { recommend } from "./recommendations.ts";
import { SEEDED_RULE_LIMITS } from "../../tests/fixtures/datasets/seeded_rule_limits.ts";
import type { WeeklyReport } from "./types.ts";
import { renderWeeklyHtml, renderWeeklyMarkdown, SECTION_TITLES } from "./weekly_document.ts";

// Reports that monitoring.weekly_report_data produced for the fixed dataset (2025-W10, see
// tests/fixtures/datasets/fixed_week.ts) and for an empty week.
function load(name: string): WeeklyReport {
  const r = JSON.parse(
    Deno.readTextFileSync(new URL(`../../tests/fixtures/datasets/${name}`, import.meta.url)),
  ) as WeeklyReport;
  r.recommendations = recommend(r, SEEDED_RULE_LIMITS);
  return r;
}
const full = load("fixed_week_report.json");
const empty = load("empty_week_report.json");

/** The markdown of each "## " section, by its heading. */
function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of md.split(/^## /m).slice(1)) out.set(part.slice(0, part.indexOf("\n")), part);
  return out;
}

Deno.test("the markdown has the eight sections, in order", () => {
  const headings = renderWeeklyMarkdown(full).match(/^## .*$/gm)?.map((h) => h.slice(3));
  assert.deepEqual(headings, [...SECTION_TITLES]);
  assert.match(renderWeeklyMarkdown(full), /^# Tokenwatch weekly report 2025-W10 \(h6app\)\n/);
});

Deno.test("each section shows the JSON's numbers", () => {
  const s = sections(renderWeeklyMarkdown(full));
  const has = (section: string, values: string[]) => {
    for (const v of values) assert.ok(s.get(section)!.includes(v), `${section} should show ${v}`);
  };
  const e = full.executive;
  has(SECTION_TITLES[0], [
    int(e.requests),
    int(e.total_tokens),
    usd(e.cost_usd),
    usd(e.monthly_projection_usd),
    pct(e.target_savings_rate, 2),
    usd(e.dollars_saved_usd),
    pct(e.error_rate),
  ]);
  // by hand: $2.502 → $2.50, x 4.3 = $10.7586 → $10.76, 1 - 205.2/5200 = 96.05%, $0.17982 → $0.18
  has(SECTION_TITLES[0], ["$2.50 + 1 unpriced", "$10.76", "96.05%", "$0.18 saved", "Sun 2025-03-09"]);
  const u = full.usage;
  has(SECTION_TITLES[1], [
    int(u.input_tokens),
    int(u.cache_read_tokens),
    int(u.output_tokens),
    int(u.reasoning_tokens),
    num(u.per_request.total_tokens, 2),
    ...full.per_day.map((d) => int(d.total_tokens)),
  ]);
  const sv = full.savings;
  has(SECTION_TITLES[2], [
    num(sv.target_check!.avg_system_prompt_tokens, 2),
    pp(sv.target_check!.savings_rate_delta),
    usd(sv.dollars_saved.usd),
    "met",
  ]);
  const c = full.cost;
  has(SECTION_TITLES[3], [
    usd(c.month_to_date.forecast_usd),
    usd(c.previous_week.cost_usd),
    ...c.by_model.map((m) =>
      costText({ cost: m.cost_usd, requests: m.requests, unpriced: m.unpriced_requests })
    ),
  ]);
  has(SECTION_TITLES[3], ["$8.62", "$1.85", "$0.66", "unpriced"]); // 2.502 x 31 / 9 = 8.618; 1.845; 0.657
  has(SECTION_TITLES[4], [
    pct(full.tools.success_rate),
    ...full.tools.tools.map((t) =>
      `| ${t.tool_name} | ${int(t.requests)} | ${int(t.calls)} | ${int(t.failures)} | ${
        pct(t.failure_rate)
      } |`
    ),
  ]);
  has(SECTION_TITLES[5], [
    pct(full.reliability.error_rate),
    ...full.reliability.by_error_type.map((x) => `| ${x.error_type} | ${int(x.errors)} |`),
    dayLabel(full.reliability.worst_day!.day),
  ]);
  has(SECTION_TITLES[7], full.recommendations!.map((r) => r.text));
});

Deno.test("an empty week reads cleanly: no NaN, null, undefined or Infinity", () => {
  const md = renderWeeklyMarkdown(empty);
  for (const bad of ["NaN", "undefined", "null", "Infinity"]) {
    assert.ok(!md.includes(bad), `markdown contains ${bad}`);
  }
  const s = sections(md);
  assert.ok(s.get(SECTION_TITLES[1])!.includes("No requests this week."));
  assert.ok(s.get(SECTION_TITLES[3])!.includes("**Cost this week**: $0.00"));
  assert.ok(s.get(SECTION_TITLES[2])!.includes("n/a (no mcp requests reported system-prompt tokens)"));
  assert.ok(s.get(SECTION_TITLES[7])!.includes("No requests were recorded this week"));
});

Deno.test("the HTML page has the same sections and numbers", () => {
  const html = renderWeeklyHtml(full);
  const headings = [...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]);
  assert.deepEqual(headings, [...SECTION_TITLES]);
  for (const v of ["$2.50 + 1 unpriced", "$10.76", "$8.62", "205.20"]) assert.ok(html.includes(v), v);
  assert.ok(!html.includes("NaN"));
});
