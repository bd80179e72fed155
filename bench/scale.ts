/**
 * History at scale (issue 17, items 3 and 5): `npm run bench -- --scale --history=N` (or any
 * `--history` above 10,000,000, e.g. `--history=100000000`).
 *
 * In a scratch database of its own (`tokenwatch_scale`, dropped afterwards unless `--keep`), with the
 * engine's migrations and the retention ones, it writes N events of history at the traffic of an
 * app with 1M requests a day (the example: a month partition holds ~30M events), ending
 * at T. History is generated in SQL (`insert ... select from generate_series`, 1M rows a
 * statement, the idempotency keys in the same statement), with the per-row triggers off (pricing
 * is a per-row price lookup; the generator writes cost_usd itself) and the rollup queue's
 * statement trigger on, each chunk rolled up by the real `refresh_usage_rollups()`. Nothing goes
 * row by row through the client.
 *
 * At each checkpoint (1M, 10M, 100M that fit in N, and N) it times, side by side:
 *   - ours: `usage_summary` / `health_metrics` for the week before T, and a check_budget-style
 *     window (month-to-date cost of one app): median of `repeats`;
 *   - the seed's way: every event of that week fetched to the client (a cursor) and added up in
 *     TypeScript;
 *   - dbdev's way: a materialized view over all events at usage_hourly's grain, refreshed in full;
 *     the week read from it;
 *   - keeping the aggregate current after 1M new events: our incremental `refresh_usage_rollups()`
 *     against the `GROUP BY` floor at usage_hourly's grain over those events and against the full
 *     refresh of the materialized view (the new events go to a month partition of their own, which
 *     is dropped afterwards with their rollup rows, so every checkpoint sees the same history);
 *   - disk per million events (events with their indexes, and the idempotency key table).
 * At the end: retention of the oldest whole month (DROP of its partition, then the key pruning of
 * `apply_retention`), against the batched DELETE an unpartitioned table needs (1M rows timed,
 * per event).
 */
import { postgres, type Sql } from "../shared/deps.ts";
import { applyEngineMigrations, isEngineMigration } from "./engine.ts";

/** What to run and where. */
export interface ScaleBenchOptions {
  /** A database URL on the server to use (the scratch database is created beside it). */
  databaseUrl: string;
  /** Events of history at the last checkpoint. */
  history: number;
  /** Timed repetitions of each window function (the median is reported); default 5. */
  repeats?: number;
  /** Keep the scratch database afterwards; default false. */
  keep?: boolean;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
}

/** One checkpoint's numbers (milliseconds unless named otherwise). */
export interface ScaleCheckpoint {
  history: number;
  usageSummaryWeek: number;
  usageSummaryWeekHours: number;
  healthMetricsWeek: number;
  budgetMonthToDate: number;
  seedWeek: number;
  seedWeekEvents: number;
  mvWeek: number;
  mvRefresh: number;
  rollupNew: number;
  floorNew: number;
  bytesPerMillion: number;
  keyBytesPerMillion: number;
  weekCheck: { ours: number; seed: number; mv: number };
}

/** The retention measurement. */
export interface ScaleRetention {
  partition: string;
  events: number;
  dropMs: number;
  keyPruneMs: number;
  keysPruned: number;
  deletePerMillionMs: number;
}

const MILLION = 1_000_000;
/** End of the history; not on an hour boundary. History runs backwards from here at 1M events a day. */
const T = "2026-12-04T13:37:00Z";
const MS_PER_EVENT = 86_400_000 / MILLION;
/** Where each checkpoint's 1M new events go (a partition of their own, dropped afterwards). */
const NEW_AT = "2027-06-01T00:00:00Z";
const CHUNK = MILLION;

const GENERATOR = `
create function public.bench_scale_events(p_first bigint, p_n integer, p_end timestamptz, p_prefix text, p_base bigint)
returns bigint language sql as $fn$
  with src as (
    select g, p_end - ((g - p_base) * ${MS_PER_EVENT}::float8) * interval '1 millisecond' as at,
           (g % 10) < 7 as mcp, (g % 6)::int as pick, (g % 50 = 0) as failed, (g % 3)::int as calls
    from generate_series(p_first, p_first + p_n - 1) g
  ), ev as (
    insert into monitoring.usage_events
      (request_id, source, occurred_at, provider, model, input_tokens, cache_read_tokens, output_tokens,
       system_prompt_tokens, tool_calls, tool_failures, tools, status, error_type, latency_ms, conversation_id,
       user_id, app, environment, prompt_variant, token_source, cost_usd)
    select p_prefix || s.g, 'bench', s.at,
           (array['openai', 'openai', 'anthropic', 'anthropic', 'google', 'openai'])[1 + s.pick],
           (array['gpt-4o-2024-08-06', 'gpt-4o-mini', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001',
                  'gemini-2.5-flash', 'gpt-4.1-mini'])[1 + s.pick],
           x.input, case when s.g % 4 = 0 then x.sp * 9 / 10 else 0 end, 20 + (s.g % 300)::int,
           x.sp, s.calls, case when s.calls > 0 and s.g % 97 = 0 then 1 else 0 end,
           case when s.calls > 0 and s.g % 5 = 0 then jsonb_build_array(jsonb_build_object(
             'name', (array['search_docs', 'query_db', 'get_ticket'])[1 + (s.g % 3)::int], 'calls', s.calls,
             'failures', case when s.g % 97 = 0 then 1 else 0 end)) end,
           case when s.failed then 'error' else 'ok' end, case when s.failed then 'rate_limit' end,
           100 + (s.g % 3000)::int, 'c' || (s.g / 8), 'u' || (s.g % 5000),
           (array['support-bot', 'support-bot', 'docs-assistant', 'sales-agent'])[1 + (s.g % 4)::int],
           case when s.g % 10 = 9 then 'staging' else 'production' end,
           case when s.mcp then 'mcp' else 'traditional' end, 'provider',
           round((x.input * 2.5 + (20 + s.g % 300) * 10.0) / 1000000, 10)
    from src s cross join lateral (
      select case when s.mcp then 198 else 5200 end as sp,
             case when s.mcp then 198 else 5200 end + 150 + (s.g % 500)::int as input) x
    returning source, request_id, occurred_at
  ), k as (
    insert into monitoring.usage_event_keys (source, request_id, occurred_at)
    select source, request_id, occurred_at from ev
    returning 1
  )
  select count(*) from k
$fn$`;

/** The dbdev way: every event grouped at usage_hourly's grain, refreshed in full. */
const PEER_VIEW = `
create materialized view public.bench_peer_hourly as
select date_trunc('hour', occurred_at, 'UTC') as hour, provider, model, app, environment, prompt_variant, status, error_type,
       count(*) as requests, count(*) filter (where status = 'error') as errors, sum(input_tokens) as input_tokens,
       sum(output_tokens) as output_tokens, sum(cost_usd) as cost_usd, sum(tool_calls) as tool_calls,
       sum(tool_failures) as tool_failures, sum(latency_ms) as latency_ms_sum
from monitoring.usage_events
group by 1, 2, 3, 4, 5, 6, 7, 8`;

/** Runs the scale benchmark, printing its table; returns what it measured. */
export async function runScaleBench(
  opts: ScaleBenchOptions,
): Promise<{ checkpoints: ScaleCheckpoint[]; retention: ScaleRetention | null }> {
  const log = opts.log ?? (() => {});
  const repeats = opts.repeats ?? 5;
  const checkpoints = [...new Set([MILLION, 10 * MILLION, 100 * MILLION, opts.history])]
    .filter((c) => c <= opts.history).sort((a, b) => a - b);
  const admin = postgres(opts.databaseUrl, { prepare: false, onnotice: () => {}, max: 1 });
  const dbName = "tokenwatch_scale";
  const url = new URL(opts.databaseUrl);
  url.pathname = `/${dbName}`;
  let sql: Sql | undefined;
  const results: ScaleCheckpoint[] = [];
  let retention: ScaleRetention | null = null;
  try {
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.unsafe(`create database ${dbName}`);
    sql = postgres(url.toString(), { prepare: false, onnotice: () => {}, max: 1, idle_timeout: 0 });
    const dir = new URL("../supabase/migrations", import.meta.url).pathname;
    await applyEngineMigrations(sql, dir, log);
    for (
      const name of [...Deno.readDirSync(dir)].map((e) => e.name)
        .filter((n) => n.endsWith(".sql") && n.includes("retention") && !isEngineMigration(n)).sort()
    ) {
      await sql.unsafe(Deno.readTextFileSync(`${dir}/${name}`));
      log(`applied ${name}`);
    }
    await sql.unsafe(GENERATOR);
    const span = opts.history * MS_PER_EVENT;
    for (
      let at = Date.parse(T) - span - 86_400_000;
      at < Date.parse(T) + 86_400_000 * 31;
      at += 86_400_000 * 28
    ) {
      await sql`select monitoring.create_month_partition('monitoring.usage_events', ${
        new Date(at).toISOString()
      })`;
    }
    await sql`select monitoring.create_month_partition('monitoring.usage_events', ${NEW_AT})`;
    // Per-row triggers off for generated traffic (the statement trigger that queues for the rollup stays on).
    const rowTriggers = await sql<{ tgname: string }[]>`
      select tgname from pg_trigger
      where tgrelid = 'monitoring.usage_events'::regclass and not tgisinternal and (tgtype & 1) = 1`;
    for (const t of rowTriggers) {
      await sql.unsafe(`alter table monitoring.usage_events disable trigger "${t.tgname}"`);
    }

    let stored = 0;
    let mvMade = false;
    for (const target of checkpoints) {
      const started = performance.now();
      let insertMs = 0;
      while (stored < target) {
        const n = Math.min(CHUNK, target - stored);
        const chunkStarted = performance.now();
        await sql`select public.bench_scale_events(${stored}, ${n}, ${T}, 'h', 0)`;
        insertMs += performance.now() - chunkStarted;
        await sql`select monitoring.refresh_usage_rollups()`;
        await sql`vacuum monitoring.usage_rollup_queue`;
        stored += n;
        if (stored % (5 * MILLION) === 0 || stored === target) {
          log(`history: ${fmt(stored)} events (inserting ${fmt(insertMs / 1000)} s so far)`);
        }
      }
      log(`history to ${fmt(target)} in ${fmt((performance.now() - started) / 1000)} s`);
      await sql`analyze monitoring.usage_events`;
      await sql`vacuum analyze monitoring.usage_hourly`;
      await sql`checkpoint`.catch(() => {});

      const weekFrom = new Date(Date.parse(T) - 7 * 86_400_000).toISOString();
      const monthFrom = new Date(Date.UTC(2026, 11, 1)).toISOString();
      const hourEnd = new Date(Math.floor(Date.parse(T) / 3_600_000) * 3_600_000);
      const hourFrom = new Date(hourEnd.getTime() - 7 * 86_400_000).toISOString();
      const [summary, health, budget, summaryHours] = await timeInterleaved(repeats, [
        () => sql!`select monitoring.usage_summary(${weekFrom}, ${T})`,
        () => sql!`select monitoring.health_metrics(${weekFrom}, ${T})`,
        () => sql!`select monitoring.usage_summary(${monthFrom}, ${T}, 'support-bot') ->> 'cost_usd'`,
        () => sql!`select monitoring.usage_summary(${hourFrom}, ${hourEnd.toISOString()})`,
      ]);
      const ours = await sql<{ input: string }[]>`
        select monitoring.usage_summary(${weekFrom}, ${T}) ->> 'input_tokens' as input`;

      // The seed's way: every event of the week to the client, added up here.
      let seedEvents = 0;
      let seedInput = 0;
      let seedCost = 0;
      const seedStarted = performance.now();
      await sql.unsafe(
        `select input_tokens, output_tokens, cost_usd, status from monitoring.usage_events
         where occurred_at >= $1 and occurred_at < $2`,
        [weekFrom, T],
      ).cursor(20_000, (rows) => {
        for (const r of rows) {
          seedEvents++;
          seedInput += Number(r.input_tokens);
          seedCost += Number(r.cost_usd ?? 0);
        }
      });
      const seedMs = performance.now() - seedStarted;
      void seedCost;

      // dbdev's way: a materialized view of everything, refreshed in full.
      if (!mvMade) {
        await sql.unsafe(PEER_VIEW);
        mvMade = true;
      }
      const mvStarted = performance.now();
      await sql`refresh materialized view public.bench_peer_hourly`;
      log(`materialized view built / refreshed in ${fmt(performance.now() - mvStarted)} ms`);
      await sql`analyze public.bench_peer_hourly`;
      // (the view has hours only: the week is read at hour grain, edges included whole)
      const [mvWeek] = await timeInterleaved(repeats, [
        () =>
          sql!`select sum(input_tokens), sum(cost_usd), sum(requests) from public.bench_peer_hourly
               where hour >= date_trunc('hour', ${weekFrom}::timestamptz) and hour < ${T}`,
      ]);
      const mvInput = await sql<{ input: string }[]>`
        select sum(input_tokens)::text as input from public.bench_peer_hourly
        where hour >= date_trunc('hour', ${weekFrom}::timestamptz) and hour < ${T}`;

      // Keeping the aggregate current after 1M new events.
      const newFirst = 10_000 * MILLION;
      await sql`select public.bench_scale_events(${newFirst}, ${MILLION}, ${
        new Date(Date.parse(NEW_AT) + 86_400_000).toISOString()
      }, 'n', ${newFirst})`;
      const floorStarted = performance.now();
      await sql.unsafe(`
        select date_trunc('hour', occurred_at, 'UTC'), provider, model, app, environment, prompt_variant, status, error_type,
               count(*), count(*) filter (where status = 'error'), sum(tool_calls), sum(tool_failures),
               sum(input_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(cache_write_1h_tokens),
               sum(output_tokens), sum(reasoning_tokens), sum(system_prompt_tokens), count(system_prompt_tokens),
               sum(cost_usd), count(*) filter (where cost_usd is null), sum(latency_ms), count(latency_ms),
               count(*) filter (where token_source = 'provider'), count(*) filter (where token_source = 'tokenizer'),
               count(*) filter (where token_source = 'heuristic')
        from monitoring.usage_events where occurred_at >= '${NEW_AT}'
        group by 1, 2, 3, 4, 5, 6, 7, 8`);
      const floorMs = performance.now() - floorStarted;
      const rollStarted = performance.now();
      await sql`select monitoring.refresh_usage_rollups()`;
      const rollMs = performance.now() - rollStarted;
      const mvNewStarted = performance.now();
      await sql`refresh materialized view public.bench_peer_hourly`;
      const mvNew = performance.now() - mvNewStarted;
      // put everything back as it was: the new events' partition, keys and rollup rows go
      await sql.unsafe(`
        drop table monitoring_partitions.usage_events_p202706;
        delete from monitoring.usage_event_keys where occurred_at >= '${NEW_AT}';
        delete from monitoring.usage_hourly where hour >= '${NEW_AT}';
        delete from monitoring.tool_usage_hourly where hour >= '${NEW_AT}';`);
      await sql`vacuum monitoring.usage_rollup_queue`;
      await sql`select monitoring.create_month_partition('monitoring.usage_events', ${NEW_AT})`;
      for (const t of rowTriggers) {
        await sql.unsafe(`alter table monitoring.usage_events disable trigger "${t.tgname}"`);
      }

      const sizes = await sql<{ events: string; keys: string }[]>`
        select (select sum(pg_total_relation_size(i.inhrelid)) from pg_inherits i
                 where i.inhparent = 'monitoring.usage_events'::regclass)::text as events,
               pg_total_relation_size('monitoring.usage_event_keys')::text as keys`;
      const row: ScaleCheckpoint = {
        history: target,
        usageSummaryWeek: summary.median,
        usageSummaryWeekHours: summaryHours.median,
        healthMetricsWeek: health.median,
        budgetMonthToDate: budget.median,
        seedWeek: seedMs,
        seedWeekEvents: seedEvents,
        mvWeek: mvWeek.median,
        mvRefresh: mvNew,
        rollupNew: rollMs,
        floorNew: floorMs,
        bytesPerMillion: Number(sizes[0].events) / (target / MILLION),
        keyBytesPerMillion: Number(sizes[0].keys) / (target / MILLION),
        weekCheck: { ours: Number(ours[0].input), seed: seedInput, mv: Number(mvInput[0].input) },
      };
      results.push(row);
      log(
        `checkpoint ${fmt(target)}: usage_summary ${fmt(row.usageSummaryWeek, 1)} ms, seed ${
          fmt(row.seedWeek)
        } ms, mv refresh ${fmt(row.mvRefresh)} ms, rollup ${fmt(row.rollupNew)} / floor ${
          fmt(row.floorNew)
        } ms`,
      );
    }

    // Retention: the oldest whole month, dropped; then the keys pruned.
    const parts = await sql<{ part: string; lo: string; hi: string }[]>`
      select c.oid::regclass::text as part,
             (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1] as lo,
             (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1] as hi
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'monitoring.usage_events'::regclass and pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
      order by 2`;
    const firstFull = parts.find((p) =>
      Date.parse(p.lo) >= Date.parse(T) - opts.history * MS_PER_EVENT && Date.parse(p.hi) <= Date.parse(T)
    ) ?? parts.find((p) =>
      Date.parse(p.lo) < Date.parse(T)
    );
    if (firstFull) {
      const [{ n }] = await sql.unsafe<{ n: string }[]>(`select count(*)::text as n from ${firstFull.part}`);
      // The peer: an unpartitioned table removes old rows with batched DELETEs; 1M of them, timed.
      const delStarted = performance.now();
      const deleteBatch =
        `delete from monitoring.usage_events where (id, occurred_at) in (select e.id, e.occurred_at from ${firstFull.part} e where e.occurred_at < %L limit %s)`;
      const deleted = await sql<{ n: string }[]>`
        select monitoring.retention_delete_batches(${deleteBatch}, ${firstFull.hi}::timestamptz, 50000, 20)::text as n`;
      const delMs = performance.now() - delStarted;
      const delRows = Math.abs(Number(deleted[0].n));
      const [{ left }] = await sql.unsafe<{ left: string }[]>(
        `select count(*)::text as left from ${firstFull.part}`,
      );
      const dropStarted = performance.now();
      await sql.unsafe(`drop table ${firstFull.part}`);
      const dropMs = performance.now() - dropStarted;
      await sql`update monitoring.retention_settings set keep = interval '90 days' where kind = 'usage_events'`;
      const pruneStarted = performance.now();
      const pruned = await sql<{ r: { usage_events?: { keys_deleted: number } } }[]>`
        select monitoring.apply_retention(${firstFull.hi}::timestamptz + interval '90 days', 50000, 100000) as r`;
      const pruneMs = performance.now() - pruneStarted;
      retention = {
        partition: `${firstFull.part} (${firstFull.lo.slice(0, 10)} .. ${firstFull.hi.slice(0, 10)}, ${
          fmt(Number(n))
        } events)`,
        events: Number(left),
        dropMs,
        keyPruneMs: pruneMs,
        keysPruned: Number(pruned[0].r.usage_events?.keys_deleted ?? 0),
        deletePerMillionMs: delRows > 0 ? delMs / (delRows / MILLION) : 0,
      };
      log(`retention: ${fmt(Number(left))} events dropped with the partition in ${fmt(dropMs)} ms`);
    }
  } finally {
    if (sql) await sql.end();
    if (!opts.keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
  }
  printScale(results, retention);
  return { checkpoints: results, retention };
}

function printScale(rows: ScaleCheckpoint[], retention: ScaleRetention | null): void {
  const head = ["history", ...rows.map((r) => fmt(r.history))];
  const line = (name: string, f: (r: ScaleCheckpoint) => string) => [name, ...rows.map(f)];
  const table = [
    head,
    line("usage_summary, week ending at T (edge hours raw) (ms)", (r) => fmt(r.usageSummaryWeek, 1)),
    line("usage_summary, week of whole hours (ms)", (r) => fmt(r.usageSummaryWeekHours, 1)),
    line("health_metrics, week ending at T (ms)", (r) => fmt(r.healthMetricsWeek, 1)),
    line("budget: month-to-date cost of one app (ms)", (r) => fmt(r.budgetMonthToDate, 1)),
    line(
      "seed: the week's events summed in TypeScript (ms)",
      (r) => `${fmt(r.seedWeek)} (${fmt(r.seedWeekEvents)} ev)`,
    ),
    line("  seed / usage_summary", (r) => `${fmt(r.seedWeek / r.usageSummaryWeek)}x`),
    line("dbdev: week from the materialized view (ms)", (r) => fmt(r.mvWeek, 1)),
    line("1M new events: refresh_usage_rollups (ms)", (r) => fmt(r.rollupNew)),
    line("  GROUP BY floor at usage_hourly's grain (ms)", (r) => fmt(r.floorNew)),
    line("  rollup / floor (target <= 2x)", (r) => `${(r.rollupNew / r.floorNew).toFixed(2)}x`),
    line("  dbdev: full refresh of the view (ms)", (r) => fmt(r.mvRefresh)),
    line("  full refresh / our rollup", (r) => `${(r.mvRefresh / r.rollupNew).toFixed(1)}x`),
    line("disk per 1M events, with indexes (MB)", (r) => fmt(r.bytesPerMillion / 1048576, 1)),
    line("  + idempotency keys per 1M events (MB)", (r) => fmt(r.keyBytesPerMillion / 1048576, 1)),
    line(
      "week input tokens: ours = seed = view?",
      (r) =>
        r.weekCheck.ours === r.weekCheck.seed
          ? `yes (view ${r.weekCheck.mv >= r.weekCheck.ours ? "+edges" : "?"})`
          : "NO",
    ),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  console.log("");
  console.log("History at scale (bench/scale.ts), 1M events a day:");
  for (const r of table) {
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  "));
  }
  if (retention) {
    console.log(
      `retention of ${retention.partition}: after 1M of them were DELETEd in batches, DROP of the partition with ${
        fmt(retention.events)
      } events ${fmt(retention.dropMs)} ms; ` +
        `apply_retention's key pruning ${fmt(retention.keysPruned)} keys in ${
          fmt(retention.keyPruneMs)
        } ms; ` +
        `an unpartitioned table's batched DELETE: ${fmt(retention.deletePerMillionMs)} ms per 1M events (${
          fmt(retention.deletePerMillionMs * retention.events / MILLION / 1000)
        } s for this month)`,
    );
  }
}

/** Times several calls round-robin (after one warm-up each); median and minimum in ms. */
async function timeInterleaved(
  n: number,
  fns: (() => Promise<unknown>)[],
): Promise<{ median: number; min: number }[]> {
  for (const fn of fns) await fn();
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < n; i++) {
    for (const [k, fn] of fns.entries()) {
      const started = performance.now();
      await fn();
      times[k].push(performance.now() - started);
    }
  }
  return times.map((t) => {
    t.sort((a, b) => a - b);
    return { median: t[Math.floor(t.length / 2)], min: t[0] };
  });
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
