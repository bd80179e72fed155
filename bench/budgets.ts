/**
 * The budgets benchmark behind `npm run bench` (issue 16): how long `monitoring.check_budget` takes for a
 * user with a month of history while the project carries 1M events a day.
 *
 * Like the engine bench it never touches the project's data: a scratch database of its own
 * (`tokenwatch_bench_budgets`, dropped at the end) gets every migration (bench/scratch_database.ts).
 * The history is written straight into the per-entity rollups with set-based SQL (a
 * month of 1M events a day is 30M events, ~10 GB: more than a shared disk should carry for a benchmark;
 * the rollup rows they would make are what check_budget reads):
 *   - the measured user: active in every 15-minute bucket of the month with 3 models (3 rows per bucket,
 *     ~1,000 requests a day), its conversations' rows beside;
 *   - the other users: 500 active per bucket (1M events a day is ~10,400 per bucket), 20,000 a day;
 *   - a minute of traffic still queued (700 events, 10 of them the user's).
 * Then each call is timed from the client (postgres.js on loopback, one round trip), in order:
 * p50 and p99 over `--budget-calls` calls (default 500) per case.
 *
 * Also what the per-entity rollups add to the drain: the same `--budget-drain-events` events (default
 * 200,000, the engine bench's traffic mix: a user and a conversation on every event) stored in two scratch
 * databases, one with the engine's migrations only and one with every migration, and
 * `refresh_usage_rollups()` timed in each.
 */
import { postgres, type Sql } from "../shared/deps.ts";
import { applyEngineMigrations, generateEvents } from "./engine.ts";
import { createEmptyDatabase, createScratchDatabase } from "./scratch_database.ts";

/** When the checks run: late in the month, so the month so far is 30 days of history. */
const NOW = "2026-12-31T18:07:00Z";

/** One timed case. */
export interface BudgetBenchCase {
  name: string;
  p50: number;
  p99: number;
  rows: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function generateHistory(sql: Sql): Promise<void> {
  // the user: every bucket of December up to NOW, 3 models; conversations of 8 buckets each
  await sql.unsafe(`
    with b as (
      select g as bucket from generate_series('2026-12-01'::timestamptz, '${NOW}'::timestamptz, interval '15 minutes') g
    ), m(model) as (values ('gpt-4o-mini'), ('claude-haiku-4-5'), ('gemini-2.5-flash'))
    insert into monitoring.usage_entity_15m (bucket, entity, user_id, customer_id, conversation_id, app, environment, model,
      prompt_variant, requests, input_tokens, output_tokens, cost_usd)
    select b.bucket, e.entity, 'bench-u1', 'bench-acme',
           case when e.entity = 'conversation' then 'bench-u1-c' || (extract(epoch from b.bucket)::bigint / 7200) end,
           'bench-app', 'production', m.model, 'mcp', 4, 4000, 800, 0.0021
    from b cross join m cross join (values ('user'), ('conversation')) e(entity)`);
  // the others: 500 users a bucket out of 20,000
  await sql.unsafe(`
    insert into monitoring.usage_entity_15m (bucket, entity, user_id, customer_id, conversation_id, app, environment, model,
      prompt_variant, requests, input_tokens, output_tokens, cost_usd)
    select b, 'user', 'bench-o' || ((extract(epoch from b)::bigint / 900 * 500 + u) % 20000), 'bench-c' || (u % 300), null,
           'bench-app', 'production', 'gpt-4o-mini', 'mcp', 20, 20000, 4000, 0.0105
    from generate_series('2026-12-01'::timestamptz, '${NOW}'::timestamptz, interval '15 minutes') b, generate_series(1, 500) u`);
  // the daily rows are the 15-minute rows added up per UTC day, as the drain writes them
  await sql.unsafe(`
    insert into monitoring.usage_entity_daily (day, entity, user_id, customer_id, conversation_id, app, environment, model,
      prompt_variant, requests, input_tokens, output_tokens, cost_usd, unpriced_requests, unpriced_input_tokens,
      unpriced_output_tokens)
    select date_trunc('day', bucket, 'UTC'), entity, user_id, customer_id, conversation_id, app, environment, model,
           prompt_variant, sum(requests), sum(input_tokens), sum(output_tokens), sum(cost_usd), sum(unpriced_requests),
           sum(unpriced_input_tokens), sum(unpriced_output_tokens)
    from monitoring.usage_entity_15m
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9`);
  // a minute of traffic still queued: 700 events, 10 of them the user's
  await sql.unsafe(`
    insert into monitoring.usage_rollup_queue (event_id, hour, provider, model, app, environment, prompt_variant, status,
      tool_calls, tool_failures, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens,
      reasoning_tokens, cost_usd, token_source, occurred_at, user_id, customer_id, conversation_id)
    select g, date_trunc('hour', '${NOW}'::timestamptz), 'openai', 'gpt-4o-mini', 'bench-app', 'production', 'mcp', 'ok',
           0, 0, 1000, 0, 0, 0, 200, 0, 0.0005, 'provider', '${NOW}'::timestamptz - (g % 60) * interval '1 second',
           case when g <= 10 then 'bench-u1' else 'bench-o' || g end, 'bench-acme', 'bench-conv-' || g
    from generate_series(1, 700) g`);
  await sql.unsafe(`vacuum analyze monitoring.usage_entity_15m`);
  await sql.unsafe(`vacuum analyze monitoring.usage_entity_daily`);
  await sql.unsafe(`analyze monitoring.usage_rollup_queue`);
}

async function timeCase(
  sql: Sql,
  name: string,
  scope: Record<string, string>,
  calls: number,
): Promise<BudgetBenchCase> {
  const json = sql.json(scope);
  let rows = 0;
  for (let i = 0; i < 20; i++) {
    await sql`select * from monitoring.check_budget(${json}::jsonb, ${NOW}::timestamptz)`;
  }
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    const result = await sql`select * from monitoring.check_budget(${json}::jsonb, ${NOW}::timestamptz)`;
    times.push(performance.now() - started);
    rows = result.length;
  }
  times.sort((a, b) => a - b);
  return { name, p50: percentile(times, 0.5), p99: percentile(times, 0.99), rows };
}

/** Runs the budgets bench against the server of `databaseUrl`; returns the timed cases. */
export async function runBudgetBench(
  databaseUrl: string,
  opts: { calls?: number; log?: (line: string) => void } = {},
): Promise<BudgetBenchCase[]> {
  const log = opts.log ?? (() => {});
  const calls = opts.calls ?? 500;
  const benchDb = "tokenwatch_bench_budgets";
  const admin = postgres(databaseUrl, { prepare: false, onnotice: () => {}, max: 1 });
  let sql: Sql | undefined;
  try {
    sql = await createScratchDatabase(databaseUrl, benchDb, log);
    const started = performance.now();
    await generateHistory(sql);
    const [{ r15, rd }] = await sql`
      select (select count(*) from monitoring.usage_entity_15m)::int as r15, (select count(*) from monitoring.usage_entity_daily)::int as rd`;
    log(
      `history: ${r15.toLocaleString("en")} 15-minute and ${rd.toLocaleString("en")} daily rows in ${
        ((performance.now() - started) / 1000).toFixed(0)
      } s`,
    );
    await sql.unsafe(`
      insert into monitoring.budgets (name, scope, period, time_zone, limit_usd, limit_tokens) values
        ('bench-per-user-monthly', '{"user_id": "*"}', 'month', 'UTC', 100, null),
        ('bench-per-user-monthly-ny', '{"user_id": "*", "app": "bench-app"}', 'month', 'America/New_York', 100, 50000000),
        ('bench-per-user-daily-kolkata', '{"user_id": "*"}', 'day', 'Asia/Kolkata', 5, null),
        ('bench-per-conversation', '{"conversation_id": "*"}', 'day', 'UTC', null, 100000)`);
    const cases: BudgetBenchCase[] = [];
    cases.push(
      await timeCase(sql, "user, 3 budgets (month UTC, month New York, day Kolkata)", {
        user_id: "bench-u1",
        app: "bench-app",
      }, calls),
    );
    await sql`update monitoring.budgets set enabled = (name = 'bench-per-user-monthly')`;
    cases.push(await timeCase(sql, "user, 1 budget (month UTC)", { user_id: "bench-u1" }, calls));
    await sql`update monitoring.budgets set enabled = (name = 'bench-per-user-monthly-ny')`;
    cases.push(
      await timeCase(sql, "user, 1 budget (month New York: 15-minute edges)", {
        user_id: "bench-u1",
        app: "bench-app",
      }, calls),
    );
    await sql`update monitoring.budgets set enabled = (name = 'bench-per-conversation')`;
    cases.push(
      await timeCase(
        sql,
        "conversation, 1 budget (day, tokens)",
        { conversation_id: "bench-u1-c2334950" },
        calls,
      ),
    );
    return cases;
  } finally {
    await sql?.end();
    await admin.unsafe(`drop database if exists ${benchDb} with (force)`).catch(() => {});
    await admin.end();
  }
}

async function scratch(databaseUrl: string, name: string, everything: boolean): Promise<Sql> {
  if (everything) return await createScratchDatabase(databaseUrl, name);
  const sql = await createEmptyDatabase(databaseUrl, name);
  await applyEngineMigrations(sql, new URL("../supabase/migrations", import.meta.url).pathname, () => {});
  return sql;
}

/** The drain with and without the per-entity rollups, for the same `events` (ms each). */
export async function runDrainCost(
  databaseUrl: string,
  events: number,
): Promise<{ base: number; budgets: number; entityRows: number; entityBytes: number; eventBytes: number }> {
  const admin = postgres(databaseUrl, { prepare: false, onnotice: () => {}, max: 1 });
  const names = ["tokenwatch_bench_drain_base", "tokenwatch_bench_drain_budgets"];
  const result = { base: 0, budgets: 0, entityRows: 0, entityBytes: 0, eventBytes: 0 };
  try {
    for (const [i, name] of names.entries()) {
      const sql = await scratch(databaseUrl, name, i === 1);
      try {
        await generateEvents(sql, {
          prefix: "d",
          n: events,
          from: new Date("2026-12-01T00:00:00Z"),
          to: new Date("2026-12-02T00:00:00Z"),
        });
        await sql`analyze monitoring.usage_rollup_queue`;
        const started = performance.now();
        await sql`select monitoring.refresh_usage_rollups()`;
        result[i === 0 ? "base" : "budgets"] = performance.now() - started;
        if (i === 1) {
          // what the per-entity rollups take on disk beside the events themselves (with their indexes)
          const [size] = await sql<{ rows: string; entity: string; events: string }[]>`
            select ((select count(*) from monitoring.usage_entity_15m) + (select count(*) from monitoring.usage_entity_daily))::text as rows,
                   (pg_total_relation_size('monitoring.usage_entity_15m') + pg_total_relation_size('monitoring.usage_entity_daily'))::text as entity,
                   (select sum(pg_total_relation_size(c.oid)) from pg_class c
                    where c.oid = 'monitoring.usage_event_keys'::regclass
                       or c.oid in (select inhrelid from pg_inherits where inhparent = 'monitoring.usage_events'::regclass))::text as events`;
          result.entityRows = Number(size.rows);
          result.entityBytes = Number(size.entity);
          result.eventBytes = Number(size.events);
        }
      } finally {
        await sql.end();
        await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      }
    }
    return result;
  } finally {
    await admin.end();
  }
}

/** The `npm run bench` section: prints p50 / p99 per case against the 5 ms target. */
export async function runBudgetBenchSection(databaseUrl: string, args: string[]): Promise<void> {
  const raw = args.find((a) => a.startsWith("--budget-calls="))?.slice("--budget-calls=".length);
  const calls = raw === undefined ? 500 : Number(raw);
  if (!Number.isInteger(calls) || calls <= 0) {
    throw new Error(`--budget-calls must be a positive integer, got ${raw}`);
  }
  console.log(`\nBudgets: monitoring.check_budget, ${calls} calls per case, client round trip`);
  const cases = await runBudgetBench(databaseUrl, { calls, log: (line) => console.log(`  · ${line}`) });
  for (const c of cases) {
    console.log(
      `  ${c.name.padEnd(58)} p50 ${c.p50.toFixed(2)} ms  p99 ${
        c.p99.toFixed(2)
      } ms  (${c.rows} rows; target < 5 ms: ${
        c.p99 < 5 ? "ok" : c.p50 < 5 ? "p50 ok, p99 MISSED" : "MISSED"
      })`,
    );
  }
  const rawDrain = args.find((a) => a.startsWith("--budget-drain-events="))?.slice(
    "--budget-drain-events=".length,
  );
  const drainEvents = rawDrain === undefined ? 200_000 : Number(rawDrain);
  if (!Number.isInteger(drainEvents) || drainEvents <= 0) {
    throw new Error(`--budget-drain-events must be a positive integer, got ${rawDrain}`);
  }
  const drain = await runDrainCost(databaseUrl, drainEvents);
  console.log(
    `  refresh_usage_rollups() for ${drainEvents.toLocaleString("en")} events: ${
      drain.base.toFixed(0)
    } ms engine only, ${drain.budgets.toFixed(0)} ms with the per-entity rollups (${
      (drain.budgets / drain.base).toFixed(2)
    }x)`,
  );
  const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
  console.log(
    `  per-entity rollups after them: ${drain.entityRows.toLocaleString("en")} rows (${
      (drain.entityRows / drainEvents).toFixed(2)
    } per event), ${mb(drain.entityBytes)} MB beside ${mb(drain.eventBytes)} MB of events and keys (${
      (drain.entityBytes / drain.eventBytes).toFixed(2)
    }x)`,
  );
}

if (import.meta.main) {
  const url = Deno.args.find((a) => a.startsWith("--url="))?.slice(6) ?? Deno.env.get("SUPABASE_DB_URL");
  if (!url) throw new Error("pass --url= or set SUPABASE_DB_URL");
  await runBudgetBenchSection(url, Deno.args);
}
