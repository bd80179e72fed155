/**
 * What pinning `search_path = ''` costs the usage engine: the same work timed with the engine's
 * functions pinned and not, interleaved round-robin so that the machine's noise hits every
 * variant alike. A function with a SET clause is never inlined into its caller's query and each
 * call saves and restores the setting, so this is measured, not assumed.
 *
 *   node scripts/bootstrap.mjs bench/search_path.ts [--history=300000] [--batch=20000] [--rounds=5] [--url=postgres://...]
 *
 * Like `npm run bench` it works in a scratch database of its own (tokenwatch_bench_search_path,
 * dropped at the end) on the server of SUPABASE_DB_URL / `.env.local` / `--url=`, with the
 * engine's migrations (bench/engine.ts). Variants: every engine function unpinned; every one
 * pinned; as the migration leaves them (LEFT_UNPINNED unpinned); and that plus one more of the
 * functions that are inlined or run per row unpinned, to show pinning it costs nothing.
 * Timed per variant and round: storing `batch` new events (insert, price, queue), rolling them
 * up, and `usage_summary` / `health_metrics` over the week before T (7 calls each).
 */
import { postgres, type Sql } from "../shared/deps.ts";
import { applyEngineMigrations, generateEvents } from "./engine.ts";

function arg(name: string, fallback: number): number {
  const raw = Deno.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (raw === undefined) return fallback;
  const n = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return n;
}

function databaseUrl(): string {
  const given = Deno.args.find((a) => a.startsWith("--url="))?.slice(6) ?? Deno.env.get("SUPABASE_DB_URL");
  if (given) return given;
  const text = Deno.readTextFileSync(new URL("../.env.local", import.meta.url));
  const line = text.split("\n").find((l) => l.startsWith("SUPABASE_DB_URL="));
  if (!line) throw new Error("No database: set SUPABASE_DB_URL, pass --url=, or start the local stack");
  return line.slice("SUPABASE_DB_URL=".length).trim().replace(/^"|"$/g, "");
}

const HISTORY = arg("history", 300_000);
const BATCH = arg("batch", 20_000);
const ROUNDS = arg("rounds", 5);
const DB = "tokenwatch_bench_search_path";
const T = "2026-11-23T00:00:00Z";
const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * What 20261201040000_pin_search_path_engine_functions.sql leaves unpinned, because this
 * measurement showed pinning them costs (a pinned SQL function is not inlined, and its query is
 * then planned without the caller's values): price_for (inlined into event_cost, once per stored
 * event) and usage_window_rows (inlined into usage_summary, health_metrics and the others).
 */
const LEFT_UNPINNED = [
  "monitoring.price_for(text,timestamp with time zone)",
  "monitoring.usage_window_rows(timestamp with time zone,timestamp with time zone,text,text,text,text)",
];

/** The other functions that are inlined or run per row: each also left unpinned, one at a time. */
const SUSPECTS = [
  "monitoring.tools_are_valid(jsonb)",
  "monitoring.event_cost(text,timestamp with time zone,bigint,bigint,bigint,bigint,bigint)",
  "monitoring.usage_events_set_cost()",
  "monitoring.latency_bucket(integer)",
  "monitoring.hist_put(integer[],integer,bigint)",
  "monitoring.hist_add(integer[],integer[])",
  "monitoring.hour_floor(timestamp with time zone)",
  "monitoring.hour_ceil(timestamp with time zone)",
];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function functions(sql: Sql): Promise<string[]> {
  const rows = await sql<{ f: string }[]>`
    select p.oid::regprocedure::text as f from pg_proc p
    where p.pronamespace = 'monitoring'::regnamespace and p.prokind = 'f' order by 1`;
  return rows.map((r) => r.f);
}

/** Pins every engine function except `unpinned`. */
async function setVariant(sql: Sql, all: string[], unpinned: Set<string>): Promise<void> {
  for (const f of all) {
    await sql.unsafe(
      unpinned.has(f) ? `alter function ${f} reset search_path` : `alter function ${f} set search_path = ''`,
    );
  }
}

const admin = postgres(databaseUrl(), { prepare: false, onnotice: () => {}, max: 1 });
await admin.unsafe(`drop database if exists ${DB}`);
await admin.unsafe(`create database ${DB}`);
const url = new URL(databaseUrl());
url.pathname = `/${DB}`;
const sql = postgres(url.toString(), { prepare: false, onnotice: () => {}, max: 1 });
try {
  await applyEngineMigrations(sql, new URL("../supabase/migrations", import.meta.url).pathname, () => {});
  const all = await functions(sql);
  for (let stored = 0; stored < HISTORY; stored += 100_000) {
    const n = Math.min(100_000, HISTORY - stored);
    const toMs = Date.parse(T) - (stored / 1_000_000) * WEEK_MS;
    await generateEvents(sql, {
      prefix: `h${stored}-`,
      n,
      from: new Date(toMs - (n / 1_000_000) * WEEK_MS),
      to: new Date(toMs),
    });
  }
  await sql`select monitoring.refresh_usage_rollups()`;
  await sql`vacuum analyze monitoring.usage_events`;
  await sql`vacuum analyze monitoring.usage_hourly`;

  const short = (f: string) => f.replace(/\(.*/, "").replace("monitoring.", "");
  const variants: { name: string; unpinned: Set<string> }[] = [
    { name: "none pinned", unpinned: new Set(all) },
    { name: "all pinned", unpinned: new Set() },
    { name: "as migrated", unpinned: new Set(LEFT_UNPINNED) },
    ...SUSPECTS.map((f) => ({
      name: `as migrated, ${short(f)} unpinned`,
      unpinned: new Set([...LEFT_UNPINNED, f]),
    })),
  ];
  const times = new Map(
    variants.map((
      v,
    ) => [v.name, {
      insert: [] as number[],
      rollup: [] as number[],
      summary: [] as number[],
      health: [] as number[],
    }]),
  );
  const from = new Date(Date.parse(T) - WEEK_MS).toISOString();
  let batchNo = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    for (const v of variants) {
      await setVariant(sql, all, v.unpinned);
      const t = times.get(v.name)!;
      const at = Date.parse(T) + batchNo * 60_000;
      let started = performance.now();
      await generateEvents(sql, {
        prefix: `n${batchNo++}-`,
        n: BATCH,
        from: new Date(at),
        to: new Date(at + 60_000),
      });
      const insert = performance.now() - started;
      started = performance.now();
      await sql`select monitoring.refresh_usage_rollups()`;
      const rollup = performance.now() - started;
      const summary: number[] = [];
      const health: number[] = [];
      for (let i = 0; i < 7; i++) {
        started = performance.now();
        await sql`select monitoring.usage_summary(${from}, ${T})`;
        summary.push(performance.now() - started);
        started = performance.now();
        await sql`select monitoring.health_metrics(${from}, ${T})`;
        health.push(performance.now() - started);
      }
      if (round === 0) continue; // warm-up round
      t.insert.push(insert);
      t.rollup.push(rollup);
      t.summary.push(median(summary));
      t.health.push(median(health));
    }
  }
  const base = times.get("none pinned")!;
  const cell = (xs: number[], ref: number[]) =>
    `${median(xs).toFixed(1)} (${(median(xs) / median(ref)).toFixed(2)}x)`;
  console.log(
    `history ${HISTORY}, batches of ${BATCH}, ${ROUNDS} rounds; medians in ms (x = against none pinned)`,
  );
  console.log(["variant", `insert ${BATCH}`, "rollup", "usage_summary", "health_metrics"].join(" | "));
  for (const v of variants) {
    const t = times.get(v.name)!;
    console.log(
      [
        v.name,
        cell(t.insert, base.insert),
        cell(t.rollup, base.rollup),
        cell(t.summary, base.summary),
        cell(t.health, base.health),
      ].join(" | "),
    );
  }
} finally {
  await sql.end();
  await admin.unsafe(`drop database if exists ${DB}`);
  await admin.end();
}
