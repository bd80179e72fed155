/**
 * The demo traffic `npm start` loads into an empty database: what it contains, day by day.
 * Pure data; local/demo/load.ts expands it into events with one set-based SQL statement.
 *
 * The demo covers the last complete ISO week (what the first weekly report shows) and the
 * current week up to now (what the first health check and the dashboard's 24 hours show):
 * two apps, two prompt designs (mcp: a 198-token system prompt; traditional: 5,200 tokens,
 * about 15% of requests), five models (four with published prices, one self-hosted model with
 * no price), tool calls with a few failures, and about 1.2% errors. One day breaks the
 * thresholds: on the Thursday of the reported week a prompt change ("v4") grows the mcp system
 * prompt to 262 tokens (above the 178-218 band) and breaks the fetch_url tool, whose calls fail
 * 45% of the time that day (about 12% of all tool calls); the next day it is rolled back.
 */
import { lastCompleteWeek } from "../../shared/report/iso_week.ts";

/** A model the demo sends requests to, with its share of them. */
export interface DemoModel {
  provider: string;
  model: string;
  weight: number;
  /** Typical latency before output, ms. */
  latency_ms: number;
}

/** One UTC day of demo traffic. */
export interface DemoDay {
  /** YYYY-MM-DD. */
  day: string;
  start: string;
  /** Events fall in [start, end); end is now for the current day. */
  end: string;
  /** Requests of the whole day; those that would fall after `end` are not loaded. */
  requests: number;
  mcp_system_prompt_tokens: number;
  mcp_prompt_version: string;
  /** Chance that one call of a tool fails. */
  tool_failure_rate: number;
  /** A tool that fails more than the others that day (null: none). */
  failing_tool: string | null;
  failing_tool_rate: number;
  error_rate: number;
  note: string | null;
}

/** Everything the loader needs. */
export interface DemoPlan {
  source: string;
  environment: string;
  apps: { name: string; weight: number }[];
  models: DemoModel[];
  tools: string[];
  traditional_share: number;
  traditional_system_prompt_tokens: number;
  days: DemoDay[];
}

const DAY_MS = 86_400_000;

/** The demo models: four priced by the seed prices, one self-hosted without a price. */
export const DEMO_MODELS: DemoModel[] = [
  { provider: "openai", model: "gpt-4.1-mini-2025-04-14", weight: 0.36, latency_ms: 700 },
  { provider: "openai", model: "gpt-4o-2024-08-06", weight: 0.24, latency_ms: 1300 },
  { provider: "anthropic", model: "claude-sonnet-4-5-20250929", weight: 0.21, latency_ms: 1700 },
  { provider: "google", model: "gemini-2.5-flash", weight: 0.18, latency_ms: 600 },
  { provider: "self-hosted", model: "llama-3.3-70b-instruct", weight: 0.01, latency_ms: 900 },
];

/** The demo plan for a database started at `now`. */
export function demoPlan(now: Date): DemoPlan {
  const week = lastCompleteWeek(now);
  const badDay = new Date(week.start.getTime() + 3 * DAY_MS); // Thursday of the reported week
  const days: DemoDay[] = [];
  for (let t = week.start.getTime(); t < now.getTime(); t += DAY_MS) {
    const start = new Date(t);
    const end = new Date(Math.min(t + DAY_MS, now.getTime()));
    const weekend = start.getUTCDay() === 0 || start.getUTCDay() === 6;
    const full = weekend ? 600 : 1400;
    const bad = t === badDay.getTime();
    days.push({
      day: start.toISOString().slice(0, 10),
      start: start.toISOString(),
      end: end.toISOString(),
      requests: full,
      mcp_system_prompt_tokens: bad ? 262 : 198,
      mcp_prompt_version: bad ? "v4" : "v3",
      tool_failure_rate: 0.02,
      failing_tool: bad ? "fetch_url" : null,
      failing_tool_rate: bad ? 0.45 : 0.02,
      error_rate: 0.012,
      note: bad
        ? "prompt v4 deployed: system prompt 262 tokens, fetch_url failing; rolled back the next day"
        : null,
    });
  }
  return {
    source: "demo",
    environment: "production",
    apps: [{ name: "support-bot", weight: 0.6 }, { name: "docs-assistant", weight: 0.4 }],
    models: DEMO_MODELS,
    tools: ["search_docs", "get_order_status", "create_ticket", "fetch_url"],
    traditional_share: 0.15,
    traditional_system_prompt_tokens: 5200,
    days,
  };
}
