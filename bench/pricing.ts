/**
 * The pricing benchmark (issue 17, item 4): what pricing costs on the store path, the ways events arrive
 * side by side, in one run, in a scratch database of its own (`tokenwatch_bench_pricing`, dropped after).
 *
 * The scratch database gets the engine's migrations (bench/engine.ts `isEngineMigration`) plus the
 * ingest_events migrations, so it prices exactly as installed. Then N events (default 100,000) are stored
 * in ONE statement each way, every variant inside a transaction that is rolled back, the variants
 * interleaved for `--pricing-rounds` rounds (default 3), medians reported:
 *
 * 1. `ingest_events` (one jsonb array): set-based pricing in the INSERT itself, the path of the ingest
 *    function, the chat importer and every caller of it;
 * 2. the same batch priced as before: per row, by a trigger running LIKE over every pattern (the body of
 *    20261124001100 / 20261124001200, installed for this variant only);
 * 3. the same batch with no pricing at all (what pricing adds is the difference);
 * 4. `insert ... select` through the per-row pricing trigger (the path of COPY and direct inserts);
 * 5. the same through the per-row LIKE trigger of before;
 * 6. the same with the pricing trigger off (the rollup-queue trigger still on);
 * 7. the same into a bare table of the same shape (no triggers, no indexes): the floor.
 *
 * Time is wall-clock and, where the server runs on this machine, the backend's CPU time
 * (/proc/<pid>/stat), which a loaded machine disturbs far less.
 *
 *   deno run -A bench/pricing.ts [--pricing-events=100000] [--pricing-rounds=3] [--url=postgres://...]
 */
import { postgres, type Sql } from "../shared/deps.ts";
import { applyEngineMigrations } from "./engine.ts";

/** One way of storing the events, measured. */
export interface PricingMeasurement {
  name: string;
  /** Median wall-clock milliseconds. */
  ms: number;
  /** Median backend CPU milliseconds, when readable. */
  cpuMs?: number;
}

const SCRATCH = "tokenwatch_bench_pricing";

/** The migrations the scratch database needs beside the engine's: ingest_events and what it uses. */
const isIngestMigration = (name: string) =>
  name === "20261124002000_create_prompt_versions.sql" ||
  name === "20261124002100_create_ingest_events.sql" ||
  /^\d{14}_redefine_ingest_events_for_.*\.sql$/.test(name);

/** The events, generated in SQL: 4 models (3 priced through the cache, 1 unpriced), tiers mixed. */
const EVENTS_SQL = (n: number) => `
  select 'p' || g as request_id, 'bench-pricing' as source,
         timestamptz '2026-11-20 12:00Z' - g * interval '1 second' as occurred_at,
         (array['openai', 'openai', 'anthropic', 'acme'])[1 + g % 4] as provider,
         (array['gpt-4o-2024-08-06', 'gpt-4o-mini', 'claude-sonnet-4-5-20250929', 'acme-local-llm'])[1 + g % 4] as model,
         (array['default', 'default', 'default', 'batch', 'default', 'priority', 'standard', 'default'])[1 + g % 8] as service_tier,
         2000 + g % 5000 as input_tokens, (g % 3) * 500 as cache_read_tokens, 100 + g % 700 as output_tokens,
         'bench-pricing' as app
  from generate_series(1, ${n}) g`;

const COLUMNS =
  "request_id, source, occurred_at, provider, model, service_tier, input_tokens, cache_read_tokens, output_tokens, app";

/** The trigger body before issue 17: per row, LIKE over every pattern (default tier only, as it was). */
const LIKE_TRIGGER = `
  create function tokenwatch_bench.set_cost_like() returns trigger language plpgsql as $f$
  begin
    new.cost_usd := (
      select ((new.input_tokens - new.cache_read_tokens - new.cache_write_tokens) * p.input_per_mtok
            + new.cache_read_tokens * coalesce(p.cache_read_per_mtok, p.input_per_mtok)
            + (new.cache_write_tokens - new.cache_write_1h_tokens) * coalesce(p.cache_write_per_mtok, p.input_per_mtok)
            + new.cache_write_1h_tokens * coalesce(p.cache_write_1h_per_mtok, p.cache_write_per_mtok, p.input_per_mtok)
            + new.output_tokens * p.output_per_mtok) * 0.000001
      from (select p.* from monitoring.model_prices p
            where lower(new.model) like lower(p.model_pattern) and p.service_tier = 'default'
              and p.effective_from <= new.occurred_at
              and (p.effective_to is null or new.occurred_at < p.effective_to)
            order by p.custom desc, p.effective_from desc, length(replace(p.model_pattern, '%', '')) desc, p.id desc
            limit 1) p);
    return new;
  end $f$`;

/** For one variant's transaction: no price row matches anything (the set-based lookup finds none). */
const NO_PRICE = `create or replace function monitoring.price_for(
    p_model text, p_at timestamptz, p_service_tier text, p_input_tokens bigint)
  returns setof monitoring.model_prices language sql stable as
  'select * from monitoring.model_prices where false'`;

interface Variant {
  name: string;
  setup: string;
  run: string;
}

function variants(n: number): Variant[] {
  const insert = (table: string) => `insert into ${table} (${COLUMNS}) ${EVENTS_SQL(n)}`;
  return [
    {
      name: "ingest_events (set-based pricing in the INSERT)",
      setup: `create temp table bench_batch on commit drop as
                select jsonb_agg(to_jsonb(e)) as events from (${EVENTS_SQL(n)}) e`,
      run: "select * from monitoring.ingest_events((select events from bench_batch))",
    },
    {
      name: "ingest_events as before (priced per row by LIKE)",
      setup: `create temp table bench_batch on commit drop as
                select jsonb_agg(to_jsonb(e)) as events from (${EVENTS_SQL(n)}) e;
              ${NO_PRICE};
              alter table monitoring.usage_events disable trigger usage_events_set_cost;
              create trigger bench_set_cost_like before insert on monitoring.usage_events
                for each row execute function tokenwatch_bench.set_cost_like()`,
      run: "select * from monitoring.ingest_events((select events from bench_batch))",
    },
    {
      name: "ingest_events without any pricing",
      setup: `create temp table bench_batch on commit drop as
                select jsonb_agg(to_jsonb(e)) as events from (${EVENTS_SQL(n)}) e;
              ${NO_PRICE}`,
      run: "select * from monitoring.ingest_events((select events from bench_batch))",
    },
    {
      name: "insert through the per-row trigger (COPY's path)",
      setup: "",
      run: insert("monitoring.usage_events"),
    },
    {
      name: "insert through the trigger as before (per-row LIKE)",
      setup: `alter table monitoring.usage_events disable trigger usage_events_set_cost;
              create trigger bench_set_cost_like before insert on monitoring.usage_events
                for each row execute function tokenwatch_bench.set_cost_like()`,
      run: insert("monitoring.usage_events"),
    },
    {
      name: "insert, pricing trigger off (queue trigger on)",
      setup: "alter table monitoring.usage_events disable trigger usage_events_set_cost",
      run: insert("monitoring.usage_events"),
    },
    {
      name: "insert into a bare table (no triggers, no indexes)",
      setup: `create table tokenwatch_bench.bare (like monitoring.usage_events
                including defaults including identity including constraints)`,
      run: insert("tokenwatch_bench.bare"),
    },
  ];
}

function cpuReader(pid: number): (() => number) | null {
  try {
    const read = () => {
      const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
    };
    read();
    return read;
  } catch {
    return null;
  }
}

const median = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs the benchmark in a scratch database beside `databaseUrl`; drops it afterwards. */
export async function runPricingBench(opts: {
  databaseUrl: string;
  events?: number;
  rounds?: number;
  log?: (line: string) => void;
}): Promise<PricingMeasurement[]> {
  const n = opts.events ?? 100_000;
  const rounds = opts.rounds ?? 3;
  const log = opts.log ?? (() => {});
  const dir = new URL("../supabase/migrations", import.meta.url).pathname;
  const admin = postgres(opts.databaseUrl, { prepare: false, onnotice: () => {}, max: 1 });
  const url = new URL(opts.databaseUrl);
  url.pathname = `/${SCRATCH}`;
  let sql: Sql | undefined;
  try {
    await admin.unsafe(`drop database if exists ${SCRATCH} with (force)`);
    await admin.unsafe(`create database ${SCRATCH}`);
    sql = postgres(url.toString(), { prepare: false, onnotice: () => {}, max: 1, idle_timeout: 0 });
    await applyEngineMigrations(sql, dir, () => {});
    for (const name of [...Deno.readDirSync(dir)].map((e) => e.name).filter(isIngestMigration).sort()) {
      await sql.unsafe(Deno.readTextFileSync(`${dir}/${name}`));
    }
    await sql.unsafe(`create schema tokenwatch_bench; ${LIKE_TRIGGER}`);
    log(`pricing: scratch database ${SCRATCH} migrated; ${n.toLocaleString("en")} events per statement`);
    const [{ pid }] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const cpu = cpuReader(pid);
    const all = variants(n);
    const wall: number[][] = all.map(() => []);
    const cpus: number[][] = all.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [i, v] of all.entries()) {
        await sql.unsafe("begin");
        try {
          if (v.setup) await sql.unsafe(v.setup);
          const c0 = cpu?.() ?? 0;
          const t0 = performance.now();
          await sql.unsafe(v.run);
          wall[i].push(performance.now() - t0);
          if (cpu) cpus[i].push(cpu() - c0);
        } finally {
          await sql.unsafe("rollback");
        }
        log(`pricing round ${round + 1}: ${v.name}: ${wall[i].at(-1)!.toFixed(0)} ms`);
      }
    }
    return all.map((v, i) => ({
      name: v.name,
      ms: median(wall[i]),
      cpuMs: cpu ? median(cpus[i]) : undefined,
    }));
  } finally {
    await sql?.end();
    await admin.unsafe(`drop database if exists ${SCRATCH} with (force)`).catch(() => {});
    await admin.end();
  }
}

/** Prints the table and the ratios to the bare floor. */
export function printPricingBench(
  results: PricingMeasurement[],
  events: number,
  print: (line: string) => void = console.log,
): void {
  const bare = results[results.length - 1];
  const rows = results.map((r) => [
    r.name,
    r.ms.toLocaleString("en", { maximumFractionDigits: 0 }),
    r.cpuMs === undefined ? "" : r.cpuMs.toLocaleString("en"),
    `${(r.ms / bare.ms).toFixed(2)}x`,
    r.cpuMs === undefined || !bare.cpuMs ? "" : `${(r.cpuMs / bare.cpuMs).toFixed(2)}x`,
  ]);
  const head = [
    `${events.toLocaleString("en")} events in one statement`,
    "ms",
    "cpu ms",
    "/ bare",
    "cpu / bare",
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  print(line(head));
  print(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) print(line(r));
  const [setBased, ingestBefore, ingestBare, trigger, triggerBefore] = results;
  const ratio = (a: PricingMeasurement, b: PricingMeasurement) =>
    `${(a.ms / b.ms).toFixed(2)}x` + (a.cpuMs && b.cpuMs ? ` (cpu ${(a.cpuMs / b.cpuMs).toFixed(2)}x)` : "");
  const cost = (a: PricingMeasurement, b: PricingMeasurement) =>
    `${((a.ms - b.ms) / events * 1000).toFixed(1)} us/event` +
    (a.cpuMs !== undefined && b.cpuMs !== undefined
      ? ` (cpu ${((a.cpuMs - b.cpuMs) / events * 1000).toFixed(1)})`
      : "");
  print(`ingest_events, before / now: ${ratio(ingestBefore, setBased)}`);
  print(`per-row trigger, before / now: ${ratio(triggerBefore, trigger)}`);
  print(
    `what pricing adds to ingest_events: before ${cost(ingestBefore, ingestBare)}, now ${
      cost(setBased, ingestBare)
    }`,
  );
}

/** The pricing section of `npm run bench`, and `deno run -A bench/pricing.ts`. */
export async function runPricingBenchSection(
  databaseUrl: string,
  args: string[],
  print: (line: string) => void = console.log,
): Promise<void> {
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const events = Number((flag("pricing-events") ?? "100000").replaceAll("_", ""));
  const rounds = Number(flag("pricing-rounds") ?? "3");
  print("");
  print(
    "Tokenwatch pricing bench: storing events with their price, each way events arrive, beside the bare floor",
  );
  const results = await runPricingBench({ databaseUrl, events, rounds, log: (line) => print(`  · ${line}`) });
  print("");
  printPricingBench(results, events, print);
}

if (import.meta.main) {
  const url = Deno.args.find((a) => a.startsWith("--url="))?.slice(6) ?? Deno.env.get("SUPABASE_DB_URL");
  if (!url) {
    console.error("Set SUPABASE_DB_URL or pass --url=");
    Deno.exit(3);
  }
  await runPricingBenchSection(url, Deno.args);
}
