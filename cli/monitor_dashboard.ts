/**
 * `npm run monitor:dashboard -- [--app=…]`: prints each analytics view's answer for the last
 * day (hourly views: the last 24 hours; daily views: the UTC days those hours touch) as a
 * table, then the dashboard URL. Reads the views with SQL on SUPABASE_DB_URL (the sums are
 * done by Postgres). The views read the hourly rollup, which lags the events by up to a minute.
 * Exit status: 0 done, 3 no stack.
 */
import { parseArgs } from "node:util";
import { postgres, type Sql } from "../shared/deps.ts";
import { type Column, number, text } from "../shared/document/document.ts";
import { dayLabel, int, num, pct, usd, usdFine, utcMinute } from "../shared/document/format.ts";
import { renderTable } from "./format/table.ts";
import { connectProject, runCli, StackUnavailable } from "./stack_client.ts";

/** One view's answer, ready to print. */
export interface ViewAnswer {
  view: string;
  question: string;
  columns: Column[];
  rows: string[][];
}

type Row = Record<string, unknown>;
const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const s = (
  v: unknown,
): string => (v === null || v === undefined ? "(none)" : v instanceof Date ? v.toISOString() : String(v));

interface ViewSpec {
  view: string;
  question: string;
  columns: Column[];
  query: (sql: Sql, since: Date, app: string | null) => Promise<Row[]>;
  row: (r: Row) => string[];
}

const VIEWS: ViewSpec[] = [
  {
    view: "v_hourly_token_usage",
    question: "Tokens per hour",
    columns: [
      text("Hour (UTC)"),
      number("Requests"),
      number("Input"),
      number("Cached"),
      number("Output"),
      number("Total"),
      number("System prompt avg"),
      number("Cost"),
    ],
    query: (sql, since, app) =>
      sql`
      select hour, sum(requests) as requests, sum(input_tokens) as input, sum(cache_read_tokens) as cached,
             sum(output_tokens) as output, sum(total_tokens) as total,
             round(sum(system_prompt_tokens)::numeric / nullif(sum(system_prompt_requests), 0), 2) as sys_avg,
             sum(cost_usd) as cost, sum(unpriced_requests) as unpriced
      from monitoring.v_hourly_token_usage
      where hour >= date_trunc('hour', ${since}::timestamptz) and (${app}::text is null or app = ${app}::text)
      group by hour order by hour`,
    row: (
      r,
    ) => [
      utcMinute(s(r.hour)).slice(0, 16),
      int(n(r.requests)),
      int(n(r.input)),
      int(n(r.cached)),
      int(n(r.output)),
      int(n(r.total)),
      num(n(r.sys_avg), 2),
      usd(n(r.cost)),
    ],
  },
  {
    view: "v_daily_usage_cost",
    question: "Tokens and cost per day, with the 7-day average",
    columns: [
      text("Day"),
      number("Requests"),
      number("Tokens"),
      number("Cost"),
      number("Cost 7d avg"),
      number("Unpriced"),
    ],
    query: (sql, since, app) =>
      sql`
      select day, sum(requests) as requests, sum(total_tokens) as tokens, sum(cost_usd) as cost,
             sum(cost_usd_7d_avg) as cost_7d, sum(unpriced_requests) as unpriced
      from monitoring.v_daily_usage_cost
      where day >= (${since}::timestamptz at time zone 'UTC')::date and (${app}::text is null or app = ${app}::text)
      group by day order by day`,
    row: (
      r,
    ) => [
      dayLabel(s(r.day instanceof Date ? r.day.toISOString() : r.day)),
      int(n(r.requests)),
      int(n(r.tokens)),
      usd(n(r.cost)),
      usd(n(r.cost_7d)),
      int(n(r.unpriced)),
    ],
  },
  {
    view: "v_cost_by_model",
    question: "Cost by model (all apps)",
    columns: [
      text("Provider"),
      text("Model"),
      number("Requests"),
      number("Tokens"),
      number("Cost"),
      number("Per request"),
      number("Share"),
      number("Unpriced"),
    ],
    query: (sql, since) =>
      sql`
      select provider, model, sum(requests) as requests, sum(total_tokens) as tokens, sum(cost_usd) as cost,
             round(sum(cost_usd) / nullif(sum(priced_requests), 0), 6) as per_request,
             round(sum(cost_usd) / nullif(sum(sum(cost_usd)) over (), 0), 6) as share,
             sum(unpriced_requests) as unpriced
      from monitoring.v_cost_by_model
      where day >= (${since}::timestamptz at time zone 'UTC')::date
      group by provider, model order by sum(cost_usd) desc, sum(requests) desc, model`,
    row: (
      r,
    ) => [
      s(r.provider),
      s(r.model),
      int(n(r.requests)),
      int(n(r.tokens)),
      Number(r.requests) > 0 && Number(r.unpriced) >= Number(r.requests) ? "unpriced" : usd(n(r.cost)),
      usdFine(n(r.per_request)),
      pct(n(r.share)),
      int(n(r.unpriced)),
    ],
  },
  {
    view: "v_tool_execution_distribution",
    question: "Which tools run how often",
    columns: [
      text("Tool"),
      number("Requests"),
      number("Calls"),
      number("Calls/request"),
      number("Share of calls"),
    ],
    query: (sql, since, app) =>
      sql`
      select tool_name, sum(requests) as requests, sum(calls) as calls,
             round(sum(calls)::numeric / nullif(sum(requests), 0), 2) as per_request,
             round(sum(calls)::numeric / nullif(sum(sum(calls)) over (), 0), 6) as share
      from monitoring.v_tool_execution_distribution
      where day >= (${since}::timestamptz at time zone 'UTC')::date and (${app}::text is null or app = ${app}::text)
      group by tool_name order by sum(calls) desc, tool_name`,
    row: (
      r,
    ) => [s(r.tool_name), int(n(r.requests)), int(n(r.calls)), num(n(r.per_request), 2), pct(n(r.share))],
  },
  {
    view: "v_tool_failure_rate",
    question: "How often tool calls fail",
    columns: [
      text("Tool"),
      number("Calls"),
      number("Failures"),
      number("Failure rate"),
      number("Success rate"),
    ],
    query: (sql, since, app) =>
      sql`
      select tool_name, sum(calls) as calls, sum(failures) as failures,
             round(sum(failures)::numeric / nullif(sum(calls), 0), 6) as failure_rate,
             round(1 - sum(failures)::numeric / nullif(sum(calls), 0), 6) as success_rate
      from monitoring.v_tool_failure_rate
      where day >= (${since}::timestamptz at time zone 'UTC')::date and (${app}::text is null or app = ${app}::text)
      group by tool_name order by tool_name = '(all tools)' desc, sum(failures) desc, tool_name`,
    row: (
      r,
    ) => [
      s(r.tool_name),
      int(n(r.calls)),
      int(n(r.failures)),
      pct(n(r.failure_rate)),
      pct(n(r.success_rate)),
    ],
  },
  {
    view: "v_error_patterns",
    question: "Which errors happen, where",
    columns: [
      text("Error type"),
      text("Model"),
      number("Errors"),
      number("Requests"),
      number("Error rate"),
      text("Last seen (hour end)"),
    ],
    query: (sql, since, app) =>
      sql`
      select error_type, model, sum(errors) as errors, sum(requests) as requests,
             round(sum(errors)::numeric / nullif(sum(requests), 0), 6) as error_rate, max(last_hour_end) as last_seen
      from monitoring.v_error_patterns
      where day >= (${since}::timestamptz at time zone 'UTC')::date and (${app}::text is null or app = ${app}::text)
      group by error_type, model order by sum(errors) desc, error_type nulls last, model`,
    row: (
      r,
    ) => [
      s(r.error_type),
      s(r.model),
      int(n(r.errors)),
      int(n(r.requests)),
      pct(n(r.error_rate)),
      utcMinute(s(r.last_seen)),
    ],
  },
  {
    view: "v_savings_by_day",
    question: "Savings against each baseline",
    columns: [
      text("Prompt variant"),
      text("Baseline"),
      number("Requests"),
      number("System prompt avg"),
      number("System-prompt savings"),
      number("Tokens saved"),
      number("Cost saved (est.)"),
    ],
    query: (sql, since, app) =>
      sql`
      select prompt_variant, baseline, sum(requests) as requests,
             round(sum(avg_system_prompt_tokens * requests) / nullif(sum(requests) filter (where avg_system_prompt_tokens is not null), 0), 2) as sys_avg,
             round(1 - (sum(avg_system_prompt_tokens * requests) / nullif(sum(requests) filter (where avg_system_prompt_tokens is not null), 0))
                       / nullif(max(baseline_system_prompt_tokens), 0), 6) as sys_savings,
             sum(tokens_saved) as tokens_saved, sum(cost_saved_usd_est) as cost_saved
      from monitoring.v_savings_by_day
      where day >= (${since}::timestamptz at time zone 'UTC')::date and (${app}::text is null or app = ${app}::text)
      group by prompt_variant, baseline order by prompt_variant nulls last, baseline`,
    row: (
      r,
    ) => [
      s(r.prompt_variant),
      s(r.baseline),
      int(n(r.requests)),
      num(n(r.sys_avg), 2),
      pct(n(r.sys_savings), 2),
      int(n(r.tokens_saved)),
      usd(n(r.cost_saved)),
    ],
  },
  {
    view: "v_system_prompt_band",
    question: "Is the system prompt within the band",
    columns: [
      text("Prompt variant"),
      number("Hours"),
      number("In band"),
      number("Above"),
      number("Below"),
      number("Highest hourly avg"),
      text("Band"),
    ],
    query: (sql, since, app) =>
      sql`
      with h as (
        select hour, prompt_variant,
               sum(avg_system_prompt_tokens * requests_reporting) / sum(requests_reporting) as avg_tokens,
               min(band_low) as band_low, max(band_high) as band_high
        from monitoring.v_system_prompt_band
        where hour >= date_trunc('hour', ${since}::timestamptz) and (${app}::text is null or app = ${app}::text)
        group by hour, prompt_variant
      )
      select prompt_variant, count(*) as hours,
             count(*) filter (where avg_tokens between band_low and band_high) as in_band,
             count(*) filter (where avg_tokens > band_high) as above,
             count(*) filter (where avg_tokens < band_low) as below,
             round(max(avg_tokens), 2) as highest, min(band_low) as band_low, max(band_high) as band_high
      from h group by prompt_variant order by prompt_variant nulls last`,
    row: (
      r,
    ) => [
      s(r.prompt_variant),
      int(n(r.hours)),
      int(n(r.in_band)),
      int(n(r.above)),
      int(n(r.below)),
      num(n(r.highest), 2),
      r.band_low === null ? "n/a" : `${int(n(r.band_low))}-${int(n(r.band_high))}`,
    ],
  },
  {
    view: "v_latency_percentiles",
    question: "Latency by model (all apps)",
    columns: [
      text("Day"),
      text("Model"),
      number("Requests"),
      number("p50 ms"),
      number("p95 ms"),
      number("p99 ms"),
      number("Avg ms"),
    ],
    query: (sql, since) =>
      sql`
      select day, model, requests, p50_ms, p95_ms, p99_ms, avg_ms
      from monitoring.v_latency_percentiles
      where day >= (${since}::timestamptz at time zone 'UTC')::date
      order by day, requests desc, model`,
    row: (
      r,
    ) => [
      dayLabel(s(r.day instanceof Date ? r.day.toISOString() : r.day)),
      s(r.model),
      int(n(r.requests)),
      num(n(r.p50_ms), 0),
      num(n(r.p95_ms), 0),
      num(n(r.p99_ms), 0),
      num(n(r.avg_ms), 0),
    ],
  },
  {
    view: "v_top_conversations",
    question: "The conversations that cost most (top 5 a day)",
    columns: [
      text("Day"),
      text("Conversation"),
      text("App"),
      number("Requests"),
      number("Tokens"),
      number("Cost"),
    ],
    query: (sql, since, app) =>
      sql`
      select day, conversation_id, app, requests, total_tokens, cost_usd, unpriced_requests
      from monitoring.v_top_conversations
      where day >= (${since}::timestamptz at time zone 'UTC')::date and rank_by_cost <= 5
        and (${app}::text is null or app = ${app}::text)
      order by day, rank_by_cost, conversation_id`,
    row: (
      r,
    ) => [
      dayLabel(s(r.day instanceof Date ? r.day.toISOString() : r.day)),
      s(r.conversation_id),
      s(r.app),
      int(n(r.requests)),
      int(n(r.total_tokens)),
      Number(r.unpriced_requests) >= Number(r.requests) ? "unpriced" : usd(n(r.cost_usd)),
    ],
  },
  {
    view: "v_unpriced_usage",
    question: "Which models have no price",
    columns: [
      text("Provider"),
      text("Model"),
      number("Unpriced requests"),
      number("Input tokens"),
      number("Output tokens"),
      number("Share"),
    ],
    query: (sql, since, app) =>
      sql`
      select provider, model, sum(unpriced_requests) as unpriced, sum(unpriced_input_tokens) as input,
             sum(unpriced_output_tokens) as output, round(sum(unpriced_requests)::numeric / nullif(sum(requests), 0), 6) as share
      from monitoring.v_unpriced_usage
      where day >= (${since}::timestamptz at time zone 'UTC')::date and (${app}::text is null or app = ${app}::text)
      group by provider, model order by sum(unpriced_requests) desc, model`,
    row: (
      r,
    ) => [s(r.provider), s(r.model), int(n(r.unpriced)), int(n(r.input)), int(n(r.output)), pct(n(r.share))],
  },
];

/** Every view's answer for the day before `now`, in one read-only snapshot. */
export async function readViews(sql: Sql, opts: { now: Date; app: string | null }): Promise<ViewAnswer[]> {
  const since = new Date(opts.now.getTime() - 86_400_000);
  return await sql.begin("isolation level repeatable read read only", async (tx) => {
    const answers: ViewAnswer[] = [];
    for (const spec of VIEWS) {
      const rows = await spec.query(tx as unknown as Sql, since, opts.app);
      answers.push({
        view: spec.view,
        question: spec.question,
        columns: spec.columns,
        rows: rows.map(spec.row),
      });
    }
    return answers;
  });
}

/** The printed form of the answers. */
export function renderViews(answers: ViewAnswer[]): string {
  return answers.map((a) =>
    `monitoring.${a.view}: ${a.question}\n${
      a.rows.length > 0 ? renderTable(a.columns, a.rows) : "  (no rows in the last day)"
    }`
  ).join("\n\n");
}

/** The command, for `runCli` and for tests. */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, strict: true, options: { app: { type: "string" } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: npm run monitor:dashboard -- [--app=<app>]`);
    return 2;
  }
  const { env } = await connectProject();
  const sql = postgres(env.SUPABASE_DB_URL, {
    prepare: false,
    onnotice: () => {},
    max: 1,
    connect_timeout: 5,
  });
  try {
    const now = new Date();
    const answers = await readViews(sql, { now, app: values.app ?? null }).catch((error) => {
      if ((error as { code?: string }).code === "ECONNREFUSED") {
        throw new StackUnavailable(
          `Cannot reach the database at ${env.SUPABASE_DB_URL}. Is the stack running? Start it with \`npm start\`.`,
        );
      }
      throw error;
    });
    console.log(
      `Analytics views, ${utcMinute(new Date(now.getTime() - 86_400_000))} to ${utcMinute(now)}${
        values.app ? `, app ${values.app}` : ""
      }\n`,
    );
    console.log(renderViews(answers));
    console.log(`\nDashboard: ${env.SUPABASE_URL}/functions/v1/dashboard`);
    return 0;
  } finally {
    await sql.end();
  }
}

if (import.meta.main) await runCli(() => main(Deno.args));
