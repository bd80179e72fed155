/**
 * The ingest benchmark: events per second through the `ingest` Edge Function in batches of 1,000, next to
 * two floors, in one run:
 * - a direct `COPY` of the same events into `monitoring.usage_events` (the same table, its indexes, the same
 *   pricing and rollup-queue triggers; no HTTP, no validation);
 * - the bare floor (issue 17, item 4): `COPY` of the same text into a table of the same shape (columns,
 *   defaults, identity, check constraints: `create table ... (like monitoring.usage_events including
 *   defaults including identity including constraints)`) with no triggers and no indexes, in a scratch
 *   schema dropped afterwards. What storing an event costs at the least on this server.
 *
 * Runs against the project in SUPABASE_URL / SUPABASE_DB_URL / SUPABASE_SECRET_KEY (else
 * `.env.local`, written by `npm start`). The function writes to the project's own database, so the bench
 * does too: its events carry `app = 'tokenwatch-bench'` and sources `bench-ingest-<run>` /
 * `bench-copy-<run>`, and are deleted at the end, together with their rollup-queue rows and any rollup rows
 * of that app: hourly, tool and entity rollups (taken under the rollup lock, so a concurrent rollup run cannot
 * be half-way).
 *
 *   deno run -A bench/ingest.ts [--events=20000] [--batch=1000] [--concurrency=1,4]
 *
 * The events look like real traffic: several priced models, OpenAI Chat and Anthropic usage objects beside
 * canonical token fields, cache reads, latency, tool counts, apps and prompt variants. No text to tokenize
 * (the tokenizer's speed is a property of the tokenizer, measured by its own tests).
 */
import { projectEnv, StackUnavailable } from "../cli/stack_client.ts";
import { postgres, type Sql } from "../shared/deps.ts";
import { validateBatch } from "../shared/usage/validate_batch.ts";
import { type CanonicalEvent, TOKEN_FIELDS } from "../shared/usage/canonical_event.ts";

/** Where the project is and what to send. */
export interface IngestBenchOptions {
  supabaseUrl: string;
  secretKey: string;
  databaseUrl: string;
  /** Events sent through ingest, and copied; default 20,000. */
  events?: number;
  /** Events per request; default 1,000. */
  batchSize?: number;
  /** Requests in flight at once, one measurement each; default [1, 4]. */
  concurrency?: number[];
  log?: (line: string) => void;
}

/** One measured path. */
export interface IngestMeasurement {
  name: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/** What the run measured. */
export interface IngestBenchResult {
  measurements: IngestMeasurement[];
  /** COPY into monitoring.usage_events (its triggers and indexes). */
  copy: IngestMeasurement;
  /** COPY into a bare table of the same shape (no triggers, no indexes). */
  bareCopy: IngestMeasurement;
  /** The fastest ingest measurement. */
  best: IngestMeasurement;
  /** The measurement with one request in flight (one client sending batch after batch), if measured. */
  sequential?: IngestMeasurement;
}

const MODELS = [
  { provider: "openai", model: "gpt-4o-2024-08-06" },
  { provider: "openai", model: "gpt-4o-mini" },
  { provider: "anthropic", model: "claude-sonnet-4-5" },
  { provider: "openai", model: "o3-mini" },
];

/** Deterministic pseudo-random numbers (mulberry32), so every run sends the same traffic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` raw events as apps send them, over the last 24 hours. */
export function benchEvents(n: number, run: string, now: number = Date.now()): Record<string, unknown>[] {
  const rnd = random(42);
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const { provider, model } = MODELS[i % MODELS.length];
    const input = 200 + Math.floor(rnd() * 6000);
    const cached = rnd() < 0.5 ? Math.floor(input * rnd() * 0.8) : 0;
    const output = 20 + Math.floor(rnd() * 800);
    const base: Record<string, unknown> = {
      request_id: `${run}-${i}`,
      occurred_at: new Date(now - Math.floor(rnd() * 86_400_000)).toISOString(),
      provider,
      model,
      latency_ms: 200 + Math.floor(rnd() * 4000),
      app: "tokenwatch-bench",
      environment: "bench",
      prompt_variant: i % 3 === 0 ? "traditional" : "mcp",
      conversation_id: `conv-${i % 500}`,
      user_id: `user-${i % 97}`,
      tool_calls: i % 4,
      tool_failures: i % 20 === 1 ? 1 : 0,
      system_prompt_tokens: Math.min(i % 3 === 0 ? 5200 : 198, input),
    };
    if (i % 3 === 1 && provider === "openai") {
      base.usage = {
        prompt_tokens: input,
        completion_tokens: output,
        total_tokens: input + output,
        prompt_tokens_details: { cached_tokens: cached },
        completion_tokens_details: { reasoning_tokens: 0 },
      };
    } else if (provider === "anthropic") {
      base.usage = {
        input_tokens: input - cached,
        cache_read_input_tokens: cached,
        cache_creation_input_tokens: 0,
        output_tokens: output,
      };
    } else {
      Object.assign(base, { input_tokens: input, cache_read_tokens: cached, output_tokens: output });
    }
    events.push(base);
  }
  return events;
}

const COPY_COLUMNS = [
  "request_id",
  "source",
  "occurred_at",
  "provider",
  "model",
  ...TOKEN_FIELDS,
  "system_prompt_tokens",
  "tool_calls",
  "tool_failures",
  "tools",
  "status",
  "error_type",
  "latency_ms",
  "conversation_id",
  "user_id",
  "app",
  "environment",
  "prompt_variant",
  "token_source",
  "service_tier",
  "system_prompt_hash",
  "metadata",
] as const;

/** One COPY text-format line (tab-separated, \N for null, backslash escapes). */
function copyLine(event: CanonicalEvent): string {
  return COPY_COLUMNS.map((column) => {
    const value = (event as unknown as Record<string, unknown>)[column];
    if (value === null || value === undefined) return "\\N";
    const text = typeof value === "object" ? JSON.stringify(value) : String(value);
    return text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
  }).join("\t") + "\n";
}

async function post(
  url: string,
  key: string,
  body: string,
): Promise<{ inserted: number; duplicates: number }> {
  const response = await fetch(`${url}/functions/v1/ingest`, {
    method: "POST",
    headers: { apikey: key, "content-type": "application/json" },
    body,
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`ingest answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/** The scratch schema of the bare floor's table, dropped after each run. */
const BARE_SCHEMA = "tokenwatch_bench_floor";

/**
 * The bare floor: the COPY text into a table shaped like monitoring.usage_events (columns, defaults,
 * identity, check constraints) without triggers or indexes; the schema is dropped afterwards.
 */
async function copyBare(
  sql: Sql,
  run: string,
  text: string,
  n: number,
): Promise<IngestMeasurement> {
  const table = `${BARE_SCHEMA}.usage_events_${run.replace(/[^a-z0-9]/g, "")}`;
  await sql.unsafe(`create schema if not exists ${BARE_SCHEMA}`);
  try {
    await sql.unsafe(
      `create table ${table} (like monitoring.usage_events including defaults including identity including constraints)`,
    );
    const started = performance.now();
    const writable = await sql.unsafe(`copy ${table} (${COPY_COLUMNS.join(", ")}) from stdin`).writable();
    await new Promise<void>((resolve, reject) => {
      writable.on("error", reject);
      writable.on("finish", () => resolve());
      writable.end(text);
    });
    const seconds = (performance.now() - started) / 1000;
    const [{ copied }] = await sql.unsafe<{ copied: number }[]>(
      `select count(*)::int as copied from ${table}`,
    );
    if (copied !== n) throw new Error(`bare COPY stored ${copied} of ${n} events`);
    return {
      name: "COPY into a bare table (no triggers, no indexes)",
      events: n,
      seconds,
      eventsPerSecond: n / seconds,
    };
  } finally {
    await sql.unsafe(`drop schema if exists ${BARE_SCHEMA} cascade`);
  }
}

/** Runs the benchmark and cleans up after itself. */
export async function runIngestBench(opts: IngestBenchOptions): Promise<IngestBenchResult> {
  const n = opts.events ?? 20_000;
  const batchSize = opts.batchSize ?? 1000;
  const levels = opts.concurrency ?? [1, 4];
  const log = opts.log ?? (() => {});
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const sql = postgres(opts.databaseUrl, { prepare: false, onnotice: () => {}, max: 2 });
  const sources: string[] = [];
  const measurements: IngestMeasurement[] = [];
  try {
    // Warm up (untimed): the function's first requests load its modules, open its pool and get compiled.
    const warm = `bench-warmup-${run}`;
    sources.push(warm);
    const warmEvents = benchEvents(3 * batchSize, warm).map((e) => ({ ...e, source: warm }));
    for (let i = 0; i < warmEvents.length; i += batchSize) {
      await post(opts.supabaseUrl, opts.secretKey, JSON.stringify(warmEvents.slice(i, i + batchSize)));
    }

    const raw = benchEvents(n, run);
    for (const concurrency of levels) {
      const source = `bench-ingest-${run}-c${concurrency}`;
      sources.push(source);
      const bodies: string[] = [];
      for (let i = 0; i < n; i += batchSize) {
        bodies.push(JSON.stringify(raw.slice(i, i + batchSize).map((e) => ({ ...e, source }))));
      }
      log(
        `ingest: ${
          n.toLocaleString("en")
        } events in ${bodies.length} requests of ${batchSize}, ${concurrency} in flight`,
      );
      let next = 0;
      let inserted = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          const stored = await post(opts.supabaseUrl, opts.secretKey, body);
          inserted += stored.inserted;
        }
      }));
      const seconds = (performance.now() - started) / 1000;
      if (inserted !== n) throw new Error(`ingest stored ${inserted} of ${n} events`);
      measurements.push({
        name: `ingest, batches of ${batchSize}, ${concurrency} in flight`,
        events: n,
        seconds,
        eventsPerSecond: n / seconds,
      });
    }

    // The floor: the same events, normalised (untimed), copied straight into the table.
    const copySource = `bench-copy-${run}`;
    sources.push(copySource);
    const validated = await validateBatch(raw.map((e) => ({ ...e, source: copySource })));
    if (!validated.ok) {
      throw new Error(`bench events invalid: ${JSON.stringify(validated.errors.slice(0, 3))}`);
    }
    const text = validated.events.map(copyLine).join("");
    log(`copy: ${n.toLocaleString("en")} events (${(text.length / 1e6).toFixed(1)} MB of COPY text)`);
    const started = performance.now();
    const writable = await sql`copy monitoring.usage_events (${
      sql.unsafe(COPY_COLUMNS.join(", "))
    }) from stdin`.writable();
    await new Promise<void>((resolve, reject) => {
      writable.on("error", reject);
      writable.on("finish", () => resolve());
      writable.end(text);
    });
    const seconds = (performance.now() - started) / 1000;
    const [{ copied }] = await sql<{ copied: number }[]>`
      select count(*)::int as copied from monitoring.usage_events where source = ${copySource}`;
    if (copied !== n) throw new Error(`COPY stored ${copied} of ${n} events`);
    const copy = {
      name: "COPY into usage_events (triggers)",
      events: n,
      seconds,
      eventsPerSecond: n / seconds,
    };
    measurements.push(copy);
    const bareCopy = await copyBare(sql, run, text, n);
    measurements.push(bareCopy);
    const ingests = measurements.filter((m) => m !== copy && m !== bareCopy);
    const best = ingests.reduce((a, b) => (b.eventsPerSecond > a.eventsPerSecond ? b : a));
    const sequential = levels.includes(1) ? ingests[levels.indexOf(1)] : undefined;
    return { measurements, copy, bareCopy, best, sequential };
  } finally {
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key())`;
      await tx`delete from monitoring.usage_rollup_queue q using monitoring.usage_events e
               where q.event_id = e.id and e.source = any(${sources})`;
      await tx`delete from monitoring.usage_events where source = any(${sources})`;
      await tx`delete from monitoring.usage_hourly where app = 'tokenwatch-bench'`;
      await tx`delete from monitoring.tool_usage_hourly where app = 'tokenwatch-bench'`;
      await tx`delete from monitoring.usage_entity_15m where app = 'tokenwatch-bench'`;
      await tx`delete from monitoring.usage_entity_daily where app = 'tokenwatch-bench'`;
    }).catch((error) => log(`cleanup failed: ${error.message}`));
    await sql.end();
  }
}

/** Prints the measurements as a table, and the verdicts against the targets. */
export function printIngestBench(
  result: IngestBenchResult,
  print: (line: string) => void = console.log,
): void {
  const rows = result.measurements.map((m) => [
    m.name,
    m.events.toLocaleString("en"),
    (m.seconds * 1000).toLocaleString("en", { maximumFractionDigits: 0 }),
    Math.round(m.eventsPerSecond).toLocaleString("en"),
  ]);
  const head = ["measurement", "events", "ms", "events/s"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  print(line(head));
  print(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) print(line(r));
  const ok = (pass: boolean) => (pass ? "ok" : "MISSED");
  for (const m of [result.sequential, result.best].filter((m, i, all) => m && all.indexOf(m) === i)) {
    const ratio = result.copy.eventsPerSecond / m!.eventsPerSecond;
    const bare = result.bareCopy.eventsPerSecond / m!.eventsPerSecond;
    print(
      `${m!.name}: ${Math.round(m!.eventsPerSecond).toLocaleString("en")} events/s (target >= 10,000: ${
        ok(m!.eventsPerSecond >= 10_000)
      }); ingest / COPY-with-triggers time ${ratio.toFixed(2)}x (target <= 4x: ${ok(ratio <= 4)}); ` +
        `ingest / bare COPY time ${bare.toFixed(2)}x${
          m === result.sequential ? ` (target <= 3x with one request in flight: ${ok(bare <= 3)})` : ""
        }`,
    );
  }
  print(
    `COPY with triggers / bare COPY time: ${
      (result.bareCopy.eventsPerSecond / result.copy.eventsPerSecond).toFixed(2)
    }x (what the triggers and indexes cost)`,
  );
}

/**
 * The project's coordinates, read as the commands read them (cli/stack_client.ts: environment,
 * else `.env.local`; the secret key, else the legacy service_role key); null when incomplete.
 */
export function benchProject(): { supabaseUrl: string; secretKey: string; databaseUrl: string } | null {
  try {
    const env = projectEnv();
    return { supabaseUrl: env.SUPABASE_URL, secretKey: env.secretKey, databaseUrl: env.SUPABASE_DB_URL };
  } catch (error) {
    if (error instanceof StackUnavailable) return null;
    throw error;
  }
}

/**
 * The ingest section of `npm run bench` (appended to bench/main.ts), and `deno run -A bench/ingest.ts`:
 * flags `--ingest-events=20000`, `--ingest-batch=1000`, `--ingest-concurrency=1,4`. Prints a note and
 * returns false when no project is reachable (SUPABASE_URL, SUPABASE_DB_URL, SUPABASE_SECRET_KEY).
 */
export async function runIngestBenchSection(
  args: string[],
  print: (line: string) => void = console.log,
): Promise<boolean> {
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const number = (
    name: string,
  ) => (flag(name) === undefined ? undefined : Number(flag(name)!.replaceAll("_", "")));
  print("");
  print(
    "Tokenwatch ingest bench: events/s through the ingest function, next to COPY with triggers and the bare COPY floor",
  );
  const project = benchProject();
  if (!project) {
    print(
      "  skipped: set SUPABASE_URL, SUPABASE_DB_URL and SUPABASE_SECRET_KEY, or run `npm start` (.env.local)",
    );
    return false;
  }
  const result = await runIngestBench({
    ...project,
    events: number("ingest-events"),
    batchSize: number("ingest-batch"),
    concurrency: flag("ingest-concurrency")?.split(",").map(Number),
    log: (line) => print(`  · ${line}`),
  });
  print("");
  printIngestBench(result, print);
  return true;
}

if (import.meta.main) {
  if (!(await runIngestBenchSection(Deno.args))) Deno.exit(3);
}
