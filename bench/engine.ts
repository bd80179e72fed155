/**
 * The usage-engine benchmark behind `npm run bench`.
 *
 * It never touches the project's data: it creates a database of its own on the same server
 * (`tokenwatch_bench` by default), applies the engine's migrations there
 * (supabase/migrations/20261124001*: schema, prices and their seed, events, baselines,
 * rollups, reprice, views, window functions, and the later fixes to them, whose names say
 * `engine`, e.g. 20261201040000_pin_search_path_engine_functions.sql) and drops it at the end. pg_cron lives only in
 * the database named by `cron.database_name`, so the bench database gets a stub
 * `cron.schedule` and the migrations' `create extension pg_cron` is skipped there; nothing
 * runs the rollup behind the bench's back.
 *
 * Measured in one run:
 * 1. history: H events (default 1,000,000) at a steady ~1M events per week, ending at T,
 *    written with set-based `insert ... select from generate_series` (priced and queued by
 *    the real triggers) and rolled up;
 * 2. `usage_summary` and `health_metrics` for the week before T (edges not on hour
 *    boundaries), with 1M events of history and, when H > 1M, again with H;
 * 3. N new events (default 1,000,000) after T; then a plain GROUP BY over exactly those rows
 *    (the floor) and `refresh_usage_rollups()` adding them to the rollups; the ratio;
 * 4. the drained queue (issue 13, item 5): right after that drain, the queue holds N dead rows
 *    (autovacuum is switched off on it for the run, as a crash's lost statistics leave it). An
 *    empty `refresh_usage_rollups()`, `usage_summary` and `health_metrics` for the week before
 *    T are timed then ("before": what stayed until a manual VACUUM), then the command of the
 *    pg_cron job tokenwatch-rollup-queue-vacuum (migration 20261201070000) runs, and they are
 *    timed again ("after": what the queue is back to within a minute); the ratios.
 */
import { postgres, type Sql } from "../shared/deps.ts";

/** What to run and where. */
export interface EngineBenchOptions {
  /** A database URL on the server to use (the bench database is created beside it). */
  databaseUrl: string;
  /** Name of the scratch database; default `tokenwatch_bench`. Dropped first if it exists. */
  benchDatabase?: string;
  /** New events whose rollup is timed; default 1,000,000. */
  events?: number;
  /** Events of history; default 1,000,000. Above 1M, the window functions are timed at 1M and at this size. */
  history?: number;
  /** Timed repetitions of each window-function call (the median is reported); default 7. */
  repeats?: number;
  /** Keep the bench database afterwards (for poking at it); default false. */
  keep?: boolean;
  /** Folder holding the migrations; default `supabase/migrations` of this project. */
  migrationsDir?: string;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
}

/** One measured number. */
export interface BenchMeasurement {
  /** What was measured. */
  name: string;
  /** Events in the history (or processed) when measured. */
  events: number;
  /** Milliseconds: the median of the repetitions for the window functions, else one run. */
  ms: number;
  /** Fastest repetition, where there were repetitions. */
  minMs?: number;
  /** Free text: ratios, targets, rows. */
  note?: string;
}

/** Everything the run measured, plus the comparisons the issue asks for. */
export interface EngineBenchResult {
  measurements: BenchMeasurement[];
  /** Rollup time / the floor (the GROUP BYs of both rollups) for the N new events (target <= 3). */
  rollupVsFloor: number;
  /** Rollup time / the usage_hourly GROUP BY alone (the stricter reading). */
  rollupVsUsageFloor: number;
  /** Window-function time at the largest history / at 1M (flat is ~1). */
  windowGrowth: { usageSummary: number; healthMetrics: number } | null;
  /** Slowest window-function median (target < 100 ms). */
  slowestWindowMs: number;
  /** Share of generated events without a price (the mix includes one unpriced model). */
  unpricedShare: number;
  /** Right after draining N events: time with the dead rows / time after the queue's VACUUM job. */
  drainedQueue: {
    emptyRefresh: number;
    usageSummary: number;
    healthMetrics: number;
    bytesBefore: number;
    bytesAfter: number;
  };
}

const MILLION = 1_000_000;
/** The end of the history and the start of the new events. Not on an hour boundary. */
const T = "2026-11-20T13:37:00Z";
const WEEK_MS = 7 * 24 * 3600 * 1000;
const CHUNK = 250_000;

/** Runs the benchmark and returns what it measured. */
export async function runEngineBench(opts: EngineBenchOptions): Promise<EngineBenchResult> {
  const log = opts.log ?? (() => {});
  const events = opts.events ?? MILLION;
  const history = opts.history ?? MILLION;
  const repeats = opts.repeats ?? 7;
  const benchDb = opts.benchDatabase ?? "tokenwatch_bench";
  if (!/^[a-z_][a-z0-9_]*$/.test(benchDb)) throw new Error(`bad bench database name: ${benchDb}`);
  const migrationsDir = opts.migrationsDir ?? new URL("../supabase/migrations", import.meta.url).pathname;

  const admin = postgres(opts.databaseUrl, { prepare: false, onnotice: () => {}, max: 1 });
  const benchUrl = new URL(opts.databaseUrl);
  benchUrl.pathname = `/${benchDb}`;
  let sql: Sql | undefined;
  try {
    log(`creating database ${benchDb}`);
    await admin.unsafe(`drop database if exists ${benchDb} with (force)`);
    await admin.unsafe(`create database ${benchDb}`);
    sql = postgres(benchUrl.toString(), { prepare: false, onnotice: () => {}, max: 1, idle_timeout: 0 });
    await applyEngineMigrations(sql, migrationsDir, log);

    const measurements: BenchMeasurement[] = [];
    const windowAt = new Map<number, { summary: number; health: number }>();
    const checkpoints = history > MILLION ? [MILLION, history] : [history];
    let stored = 0;
    for (const target of checkpoints) {
      const started = performance.now();
      while (stored < target) {
        const n = Math.min(CHUNK, target - stored);
        // History runs backwards from T at ~1M events per week: the week before T always holds
        // the same traffic, older weeks are added as the history grows.
        const toMs = Date.parse(T) - (stored / MILLION) * WEEK_MS;
        const fromMs = toMs - (n / MILLION) * WEEK_MS;
        await generateEvents(sql, { prefix: `h${stored}-`, n, from: new Date(fromMs), to: new Date(toMs) });
        stored += n;
        log(`history: ${stored.toLocaleString("en")} / ${target.toLocaleString("en")} events stored`);
      }
      const insertMs = performance.now() - started;
      const rollStarted = performance.now();
      await sql`select monitoring.refresh_usage_rollups()`;
      const rollMs = performance.now() - rollStarted;
      log(`history rolled up in ${fmt(rollMs)} ms`);
      await sql`vacuum analyze monitoring.usage_events`;
      await sql`vacuum analyze monitoring.usage_hourly`;
      await sql`vacuum analyze monitoring.usage_rollup_queue`;
      await settle(sql);
      measurements.push({
        name: "store history (insert, price, queue)",
        events: target,
        ms: insertMs,
        note: `${
          fmt((target - (checkpoints.indexOf(target) > 0 ? checkpoints[0] : 0)) / (insertMs / 1000))
        } events/s`,
      });

      const from = new Date(Date.parse(T) - WEEK_MS).toISOString();
      const [summary, health, filtered] = await timeInterleaved(repeats, [
        () => sql!`select monitoring.usage_summary(${from}, ${T})`,
        () => sql!`select monitoring.health_metrics(${from}, ${T})`,
        () => sql!`select monitoring.usage_summary(${from}, ${T}, 'support-bot', 'production', null, 'mcp')`,
      ]);
      windowAt.set(target, { summary: summary.median, health: health.median });
      measurements.push(
        { name: "usage_summary, 1 week", events: target, ms: summary.median, minMs: summary.min },
        { name: "health_metrics, 1 week", events: target, ms: health.median, minMs: health.min },
        {
          name: "usage_summary, 1 week, app+env+variant",
          events: target,
          ms: filtered.median,
          minMs: filtered.min,
        },
      );
    }

    // N new events after T, then the floor and the rollup over exactly those rows.
    const [{ maxId }] = await sql<
      { maxId: string }[]
    >`select coalesce(max(id), 0)::text as "maxId" from monitoring.usage_events`;
    const ingestStarted = performance.now();
    for (let done = 0; done < events; done += CHUNK) {
      const n = Math.min(CHUNK, events - done);
      const fromMs = Date.parse(T) + (done / MILLION) * WEEK_MS;
      await generateEvents(sql, {
        prefix: `n${done}-`,
        n,
        from: new Date(fromMs),
        to: new Date(fromMs + (n / MILLION) * WEEK_MS),
      });
      log(`new events: ${(done + n).toLocaleString("en")} / ${events.toLocaleString("en")} stored`);
    }
    const ingestMs = performance.now() - ingestStarted;
    await sql`analyze monitoring.usage_rollup_queue`;
    // Nothing may clean the queue behind the bench's back before step 4 measures the dead rows.
    await sql`alter table monitoring.usage_rollup_queue set (autovacuum_enabled = false)`;
    measurements.push({
      name: "store new events (insert, price, queue)",
      events,
      ms: ingestMs,
      note: `${fmt(events / (ingestMs / 1000))} events/s`,
    });

    // The floors: plain GROUP BYs over exactly the new rows, warmed once and timed three
    // times (median). The rollup builds usage_hourly AND tool_usage_hourly, so the fair floor
    // is both GROUP BYs; the usage_hourly one alone is reported too.
    await settle(sql);
    const usageFloor = await timeRepeated(3, () => sql!.unsafe(usageFloorQuery(maxId)));
    const toolFloor = await timeRepeated(3, () => sql!.unsafe(toolFloorQuery(maxId)));
    const floorMs = usageFloor.median + toolFloor.median;
    const [{ groups }] = await sql.unsafe(
      `select count(*)::int as groups from (${usageFloorQuery(maxId)}) x`,
    );
    const rollupStarted = performance.now();
    const [{ result }] = await sql<{ result: { events: number; hourly_rows: number; tool_rows: number } }[]>`
      select monitoring.refresh_usage_rollups() as result`;
    const rollupMs = performance.now() - rollupStarted;
    const ratio = rollupMs / floorMs;
    measurements.push(
      {
        name: "floor: GROUP BY at usage_hourly's grain",
        events,
        ms: usageFloor.median,
        minMs: usageFloor.min,
        note: `${Number(groups).toLocaleString("en")} groups`,
      },
      {
        name: "floor: + GROUP BY at tool_usage_hourly's grain",
        events,
        ms: floorMs,
        note: `usage ${fmt(usageFloor.median)} ms + tools ${fmt(toolFloor.median)} ms`,
      },
      {
        name: "refresh_usage_rollups() for the new events",
        events: Number(result.events),
        ms: rollupMs,
        note: `${fmt(ratio, 2)}x both floors, ${fmt(rollupMs / usageFloor.median, 2)}x the usage floor; ` +
          `${result.hourly_rows} hourly + ${result.tool_rows} tool rows upserted`,
      },
    );

    // 4. The drained queue: timed with its N dead rows, then after the queue's VACUUM job.
    const from = new Date(Date.parse(T) - WEEK_MS).toISOString();
    const queueBytes = async (): Promise<number> => {
      const [{ bytes }] = await sql!<{ bytes: string }[]>`
        select pg_relation_size('monitoring.usage_rollup_queue')::text as bytes`;
      return Number(bytes);
    };
    const drainedCalls = [
      () => sql!`select monitoring.refresh_usage_rollups()`,
      () => sql!`select monitoring.usage_summary(${from}, ${T})`,
      () => sql!`select monitoring.health_metrics(${from}, ${T})`,
    ];
    const bytesBefore = await queueBytes();
    const [dirtyRefresh, dirtySummary, dirtyHealth] = await timeInterleaved(repeats, drainedCalls);
    const [{ command }] = await sql<{ command: string }[]>`
      select command from cron.job where jobname = 'tokenwatch-rollup-queue-vacuum'`;
    const vacuumStarted = performance.now();
    await sql.unsafe(command);
    const vacuumMs = performance.now() - vacuumStarted;
    const bytesAfter = await queueBytes();
    const [cleanRefresh, cleanSummary, cleanHealth] = await timeInterleaved(repeats, drainedCalls);
    const mb = (b: number) => `${fmt(b / 1048576, 1)} MB`;
    measurements.push(
      {
        name: "drained queue: empty refresh_usage_rollups(), dead rows",
        events,
        ms: dirtyRefresh.median,
        minMs: dirtyRefresh.min,
        note: `queue file ${mb(bytesBefore)}`,
      },
      {
        name: "drained queue: usage_summary, 1 week, dead rows",
        events,
        ms: dirtySummary.median,
        minMs: dirtySummary.min,
      },
      {
        name: "drained queue: health_metrics, 1 week, dead rows",
        events,
        ms: dirtyHealth.median,
        minMs: dirtyHealth.min,
      },
      {
        name: "drained queue: the minute job's VACUUM",
        events,
        ms: vacuumMs,
        note: `${command}; queue file ${mb(bytesBefore)} -> ${mb(bytesAfter)}`,
      },
      {
        name: "drained queue: empty refresh_usage_rollups(), vacuumed",
        events,
        ms: cleanRefresh.median,
        minMs: cleanRefresh.min,
        note: `${fmt(dirtyRefresh.median / cleanRefresh.median, 1)}x faster`,
      },
      {
        name: "drained queue: usage_summary, 1 week, vacuumed",
        events,
        ms: cleanSummary.median,
        minMs: cleanSummary.min,
        note: `${fmt(dirtySummary.median / cleanSummary.median, 1)}x faster`,
      },
      {
        name: "drained queue: health_metrics, 1 week, vacuumed",
        events,
        ms: cleanHealth.median,
        minMs: cleanHealth.min,
        note: `${fmt(dirtyHealth.median / cleanHealth.median, 1)}x faster`,
      },
    );

    const [{ unpriced }] = await sql<{ unpriced: number }[]>`
      select (sum(unpriced_requests)::float8 / nullif(sum(requests), 0)) as unpriced from monitoring.usage_hourly`;

    const first = windowAt.get(checkpoints[0])!;
    const last = windowAt.get(checkpoints[checkpoints.length - 1])!;
    const slowest = Math.max(...[...windowAt.values()].flatMap((w) => [w.summary, w.health]));
    return {
      measurements,
      rollupVsFloor: ratio,
      rollupVsUsageFloor: rollupMs / usageFloor.median,
      windowGrowth: checkpoints.length > 1
        ? { usageSummary: last.summary / first.summary, healthMetrics: last.health / first.health }
        : null,
      slowestWindowMs: slowest,
      unpricedShare: Number(unpriced ?? 0),
      drainedQueue: {
        emptyRefresh: dirtyRefresh.median / cleanRefresh.median,
        usageSummary: dirtySummary.median / cleanSummary.median,
        healthMetrics: dirtyHealth.median / cleanHealth.median,
        bytesBefore,
        bytesAfter,
      },
    };
  } finally {
    await sql?.end();
    if (!opts.keep) {
      log(`dropping database ${benchDb}`);
      await admin.unsafe(`drop database if exists ${benchDb} with (force)`).catch(() => {});
    }
    await admin.end();
  }
}

/** The engine's migrations: the first ones (20261124001000 .. 20261124001999) and later fixes named `*_engine_*`. */
export function isEngineMigration(name: string): boolean {
  return /^20261124001\d{3}_.*\.sql$/.test(name) || /^\d{14}_.*_engine_.*\.sql$/.test(name) ||
    name === "20261201070000_vacuum_usage_rollup_queue.sql";
}

/**
 * Applies the engine's migrations ({@link isEngineMigration}) in order, each as one
 * multi-statement query, after a stub `cron.schedule`: pg_cron cannot be created outside the
 * database named by `cron.database_name`.
 */
export async function applyEngineMigrations(
  sql: Sql,
  dir: string,
  log: (line: string) => void,
): Promise<void> {
  await sql.unsafe(`
    create schema cron;
    create table cron.job (jobid bigserial primary key, jobname text unique, schedule text, command text);
    create function cron.schedule(p_name text, p_schedule text, p_command text) returns bigint
    language sql as $$
      insert into cron.job (jobname, schedule, command) values (p_name, p_schedule, p_command)
      on conflict (jobname) do update set schedule = excluded.schedule, command = excluded.command
      returning jobid
    $$;
    do $$ begin
      if not exists (select from pg_roles where rolname = 'anon') then create role anon nologin; end if;
      if not exists (select from pg_roles where rolname = 'authenticated') then create role authenticated nologin; end if;
      if not exists (select from pg_roles where rolname = 'service_role') then create role service_role nologin bypassrls; end if;
    end $$;`);
  const files = [...Deno.readDirSync(dir)]
    .map((entry) => entry.name)
    .filter(isEngineMigration)
    .sort();
  for (const name of files) {
    const text = Deno.readTextFileSync(`${dir}/${name}`)
      .replace(/^\s*create extension if not exists pg_cron[^;]*;/gim, "-- (bench: pg_cron stubbed)");
    await sql.unsafe(text);
    log(`applied ${name}`);
  }
}

/** Options of one batch of generated traffic. */
export interface GenerateOptions {
  prefix: string;
  n: number;
  from: Date;
  to: Date;
}

/**
 * Stores `n` events spread evenly over [from, to) in one set-based statement, through the
 * real triggers (pricing, rollup queue). The mix: 3 apps, production and staging, 70% mcp /
 * 30% traditional prompts, 9 models of OpenAI, Anthropic and Google plus 1% of an unpriced
 * model, prompt caching, reasoning models, tool calls with ~4% failures, ~2% errors,
 * log-normal-ish latencies, and a few tokenizer-counted and estimated requests.
 */
export async function generateEvents(sql: Sql, o: GenerateOptions): Promise<void> {
  await sql`
    insert into monitoring.usage_events
      (request_id, source, occurred_at, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
       cache_write_1h_tokens, output_tokens, reasoning_tokens, system_prompt_tokens, tool_calls, tool_failures,
       status, error_type, latency_ms, conversation_id, user_id, app, environment, prompt_variant, token_source,
       tools)
    select ${o.prefix} || e.g, 'bench',
           ${o.from.toISOString()}::timestamptz
             + (${o.to.getTime() - o.from.getTime()}::float8 * (e.g - 1) / ${o.n}) * interval '1 millisecond',
           case when e.r9 < 0.01 then 'acme' else m.provider end,
           case when e.r9 < 0.01 then 'acme-local-llm' else m.model end,
           e.input, e.cache_read, e.cache_write,
           case when e.cache_write > 0 and e.r4 < 0.3 then e.cache_write / 2 else 0 end,
           e.output, case when m.reasoning then floor(e.output * (0.3 + 0.4 * e.r3))::int else 0 end,
           e.system_prompt, e.tool_calls, e.tool_failures,
           case when e.r5 < 0.02 then 'error' else 'ok' end,
           case when e.r5 < 0.01 then 'rate_limit' when e.r5 < 0.016 then 'timeout'
                when e.r5 < 0.02 then 'server_error' end,
           case when e.r5 >= 0.01 and e.r5 < 0.016 then 30000 + floor(e.r6 * 30000)::int
                else floor(exp(5.5 + 2.5 * e.r6 * e.r6 + case when m.reasoning then 1 else 0 end))::int end,
           's' || (e.g / 8), 'u' || (e.g % 5000),
           (array['support-bot', 'support-bot', 'support-bot', 'docs-assistant', 'docs-assistant', 'sales-agent'])[1 + e.g % 6],
           case when e.r7 < 0.9 then 'production' else 'staging' end,
           case when e.mcp then 'mcp' else 'traditional' end,
           case when e.r8 < 0.95 then 'provider' when e.r8 < 0.99 then 'tokenizer' else 'heuristic' end,
           case when e.tool_calls = 0 then null
                else jsonb_build_array(jsonb_build_object(
                       'name', (array['search_docs', 'query_db', 'get_ticket', 'fetch_url', 'send_email'])[1 + e.g % 5],
                       'calls', e.tool_calls, 'failures', e.tool_failures)) end
    from (
      select c.*,
             -- Anthropic: cache reads of the system prompt on 90% of requests, writes on the rest;
             -- OpenAI / Google: automatic cache reads on long prompts (traditional) 60% of the time
             case when c.anthropic and c.r2 >= 0.1 then floor(c.system_prompt * 0.9)::int
                  when not c.anthropic and c.input >= 1024 and c.r2 < 0.6 then floor(c.system_prompt * 0.9)::int
                  else 0 end as cache_read,
             case when c.anthropic and c.r2 < 0.1 then c.system_prompt else 0 end as cache_write,
             case when c.tool_calls > 0 and c.r10 < 0.04 then 1 else 0 end as tool_failures
      from (
        select b.*,
               b.system_prompt + 150 + floor(b.r1 * case when b.mcp then 450 else 800 end)::int as input,
               case when b.mcp then 60 + floor(b.r3 * 240)::int else 100 + floor(b.r3 * 300)::int end as output,
               case when b.mcp then floor(b.r4 * 3.5)::int else floor(b.r4 * 1.5)::int end as tool_calls,
               b.pick between 9 and 14 as anthropic
        from (
          select g, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5,
                 random() as r6, random() as r7, random() as r8, random() as r9, random() as r10,
                 (g % 10) < 7 as mcp,
                 1 + (g * 7 + g / 10) % 20 as pick,
                 case when (g % 10) < 7
                      then 190 + floor(random() * 20)::int + case when random() < 0.02 then 40 else 0 end
                      else 5150 + floor(random() * 100)::int end as system_prompt
          from generate_series(1, ${o.n}::int) g
        ) b
      ) c
    ) e
    join (values
      (1, 'openai', 'gpt-4o-2024-08-06', false), (2, 'openai', 'gpt-4o-2024-08-06', false),
      (3, 'openai', 'gpt-4o-mini', false), (4, 'openai', 'gpt-4o-mini', false), (5, 'openai', 'gpt-4o-mini', false),
      (6, 'openai', 'gpt-4.1-mini', false), (7, 'openai', 'o3-mini', true), (8, 'openai', 'gpt-5-mini', true),
      (9, 'anthropic', 'claude-sonnet-4-5-20250929', false), (10, 'anthropic', 'claude-sonnet-4-5-20250929', false),
      (11, 'anthropic', 'claude-sonnet-4-5-20250929', false), (12, 'anthropic', 'claude-haiku-4-5-20251001', false),
      (13, 'anthropic', 'claude-haiku-4-5-20251001', false), (14, 'anthropic', 'claude-opus-4-1-20250805', true),
      (15, 'google', 'gemini-2.5-flash', false), (16, 'google', 'gemini-2.5-flash', false),
      (17, 'google', 'gemini-2.5-pro', true), (18, 'openai', 'gpt-4o-mini', false),
      (19, 'google', 'gemini-2.5-flash', false), (20, 'openai', 'gpt-4o-2024-08-06', false)
    ) m(pick, provider, model, reasoning) on m.pick = e.pick`;
}

/** Floor 1: a plain GROUP BY over the new rows at usage_hourly's grain and sums, no histogram, no writes. */
function usageFloorQuery(maxId: string): string {
  return `
    select date_trunc('hour', occurred_at, 'UTC'), provider, model, app, environment, prompt_variant, status, error_type,
           count(*), count(*) filter (where status = 'error'), sum(tool_calls), sum(tool_failures),
           sum(input_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(cache_write_1h_tokens),
           sum(output_tokens), sum(reasoning_tokens), sum(system_prompt_tokens), count(system_prompt_tokens),
           sum(cost_usd), count(*) filter (where cost_usd is null), sum(latency_ms), count(latency_ms),
           count(*) filter (where token_source = 'provider'), count(*) filter (where token_source = 'tokenizer'),
           count(*) filter (where token_source = 'heuristic')
    from monitoring.usage_events
    where id > ${BigInt(maxId)}
    group by 1, 2, 3, 4, 5, 6, 7, 8`;
}

/** Floor 2: a plain GROUP BY over the new rows' tools at tool_usage_hourly's grain. */
function toolFloorQuery(maxId: string): string {
  return `
    select date_trunc('hour', e.occurred_at, 'UTC'), x.tool ->> 'name', e.app, e.environment, e.model, e.prompt_variant,
           count(*), sum((x.tool ->> 'calls')::bigint), sum(coalesce((x.tool ->> 'failures')::bigint, 0))
    from monitoring.usage_events e
    cross join lateral jsonb_array_elements(e.tools) x(tool)
    where e.id > ${BigInt(maxId)} and e.tools is not null
    group by 1, 2, 3, 4, 5, 6`;
}

/** Lets background writes finish before timing: a checkpoint where allowed (superuser / pg_checkpoint). */
async function settle(sql: Sql): Promise<void> {
  await sql`checkpoint`.catch(() => {});
}

/** Times several calls round-robin (after one warm-up each), so background noise hits all alike. */
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

/** Runs `fn` once to warm up, then `n` timed times; median and minimum in ms. */
async function timeRepeated(n: number, fn: () => Promise<unknown>): Promise<{ median: number; min: number }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
