/**
 * What `npm start` does once the stack is up: on an empty database it loads the demo traffic,
 * runs the rollup and a first health check (check-alerts), builds the weekly report of the
 * last complete week, and says where the report and the dashboard are.
 */
import type { Sql } from "../../shared/deps/postgres.ts";
import type { SupabaseClient } from "../../shared/deps/supabase_js.ts";
import { costText, int, num } from "../../shared/document/format.ts";
import { type DemoLoadResult, hasUsage, loadDemoTraffic } from "./load.ts";
import { demoPlan } from "./plan.ts";

/** What the first run needs. */
export interface FirstRunOptions {
  sql: Sql;
  supabase: SupabaseClient;
  /** The project URL (SUPABASE_URL). */
  url: string;
  /** Names of the functions the gateway serves. */
  functions: string[];
  /** Where to write reports/WEEKLY_REPORT_{week}.md. */
  root: string;
  now?: Date;
  log?: (line: string) => void;
}

/** What the first run did. */
export interface FirstRunResult {
  demo: DemoLoadResult | null;
  rolledUp: number;
  health: string[];
  report: { week: string; path: string; url: string } | null;
  dashboardUrl: string;
}

/** One line per check: the score first, then each failing check, then how many passed. */
export function describeHealth(result: unknown): string[] {
  const r = (result ?? {}) as { score?: unknown; status?: unknown; checks?: unknown };
  const lines = [
    `Health: ${typeof r.score === "number" ? `${r.score}/100` : "n/a"} (${
      typeof r.status === "string" ? r.status : "unknown"
    })`,
  ];
  const checks = Array.isArray(r.checks) ? r.checks as Record<string, unknown>[] : [];
  let passed = 0;
  let unjudged = 0;
  for (const c of checks) {
    if (c.judged === false) unjudged++;
    else if (c.passed === true || c.severity === "INFO") passed++;
    else {lines.push(
        `  ${String(c.severity ?? "?").padEnd(8)} ${String(c.rule ?? "?")}: ${String(c.message ?? "")}`,
      );}
  }
  if (checks.length > 0) {
    lines.push(`  ${passed} passed${unjudged > 0 ? `, ${unjudged} not judged (too few requests)` : ""}`);
  }
  return lines;
}

/** Adds every queued event to the hourly rollup (waiting while the cron job holds the lock). */
export async function rollUpNow(sql: Sql): Promise<number> {
  let added = 0;
  for (let attempt = 0; attempt < 60; attempt++) {
    const [{ r }] = await sql<
      { r: { ran: boolean; events?: number } }[]
    >`select monitoring.refresh_usage_rollups() as r`;
    if (r.ran) {
      added += r.events ?? 0;
      const [{ pending }] = await sql<
        { pending: boolean }[]
      >`select exists (select 1 from monitoring.usage_rollup_queue) as pending`;
      if (!pending) return added;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return added;
}

/** Runs the first-run steps; each failure is logged and the next step still runs. */
export async function firstRun(opts: FirstRunOptions): Promise<FirstRunResult> {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? new Date();
  const result: FirstRunResult = {
    demo: null,
    rolledUp: 0,
    health: [],
    report: null,
    dashboardUrl: `${opts.url}/functions/v1/dashboard`,
  };

  if (!(await hasUsage(opts.sql))) {
    const plan = demoPlan(now);
    result.demo = await loadDemoTraffic(opts.sql, plan);
    log(
      `Loaded ${int(result.demo.inserted)} demo requests, ${plan.days[0].day} to now (apps ${
        plan.apps.map((a) => a.name).join(", ")
      }; source 'demo')`,
    );
  }
  result.rolledUp = await rollUpNow(opts.sql);
  log(`Rollup: ${int(result.rolledUp)} events added to monitoring.usage_hourly`);

  if (opts.functions.includes("check-alerts")) {
    const { data, error } = await opts.supabase.functions.invoke("check-alerts", {
      method: "POST",
      body: {},
    });
    result.health = error ? [`Health: the first check failed (${error.message})`] : describeHealth(data);
  } else {
    result.health = ["Health: check-alerts is not installed, so there is no health check yet"];
  }

  const query = new URLSearchParams({ format: "md", trigger: "start" });
  const { data, error, response } = await opts.supabase.functions.invoke(`weekly-report?${query}`, {
    method: result.demo ? "POST" : "GET",
  });
  const week = response?.headers.get("x-tokenwatch-week");
  if (error || !week) {
    log(`Weekly report: could not be built (${error?.message ?? "no week in the answer"})`);
  } else {
    const path = `reports/WEEKLY_REPORT_${week}.md`;
    await Deno.mkdir(`${opts.root}/reports`, { recursive: true });
    await Deno.writeTextFile(`${opts.root}/${path}`, String(data));
    result.report = { week, path, url: `${opts.url}/functions/v1/weekly-report?week=${week}&format=html` };
  }
  return result;
}

/** A short line about the last 24 hours from track-usage, or null when it cannot be read. */
export async function lastDayLine(supabase: SupabaseClient): Promise<string | null> {
  const { data, error } = await supabase.functions.invoke("track-usage?period=day", { method: "GET" });
  if (error || !data) return null;
  const d = data as {
    requests: number;
    total_tokens: number;
    cost_usd: number;
    unpriced_requests: number;
    baselines?: { target_check?: { avg_system_prompt_tokens: number | null } };
  };
  return `Last 24 hours: ${int(d.requests)} requests, ${int(d.total_tokens)} tokens, ${
    costText({ cost: d.cost_usd, requests: d.requests, unpriced: d.unpriced_requests })
  }; mcp system prompt ${
    num(d.baselines?.target_check?.avg_system_prompt_tokens ?? null, 1)
  } tokens on average`;
}
