/**
 * `npm run bench`: the usage-engine benchmark (bench/engine.ts) against the database in
 * SUPABASE_DB_URL (else `.env.local` written by `npm start`, else `--url=`), in a scratch
 * database of its own that it drops afterwards.
 *
 *   npm run bench -- [--events=1000000] [--history=1000000] [--repeats=7] [--keep] [--url=postgres://...]
 *
 * `--history=10000000` also times the window functions with 10M events of history (slower to
 * generate: several minutes). Then the ingest throughput (bench/ingest.ts), check_budget's latency
 * (bench/budgets.ts, `--budget-calls=500`) and the CPU time and peak memory of the largest ingest
 * request of each kind (bench/request_limits.ts). Between them, the pricing bench (bench/pricing.ts:
 * `--pricing-events=100000`, `--pricing-rounds=3`).
 *
 * `--scale` (implied by a `--history` above 10,000,000, e.g. `--history=100000000`) adds the history
 * at scale (bench/scale.ts): 1M / 10M / 100M checkpoints up to `--history`, the peers side by side,
 * retention by partition; the engine part then keeps its 1M of history. `--only=scale` runs just that.
 */
import { runEngineBench } from "./engine.ts";

function arg(name: string): string | undefined {
  const prefix = `--${name}=`;
  return Deno.args.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

function count(name: string, fallback: number): number {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return n;
}

function databaseUrl(): string | undefined {
  const fromArg = arg("url") ?? Deno.env.get("SUPABASE_DB_URL");
  if (fromArg) return fromArg;
  try {
    const text = Deno.readTextFileSync(new URL("../.env.local", import.meta.url));
    const line = text.split("\n").find((l) => l.startsWith("SUPABASE_DB_URL="));
    return line?.slice("SUPABASE_DB_URL=".length).trim().replace(/^"|"$/g, "");
  } catch {
    return undefined;
  }
}

const url = databaseUrl();
if (!url) {
  console.error("No database: set SUPABASE_DB_URL, pass --url=, or start the local stack with `npm start`.");
  Deno.exit(3);
}

const events = count("events", 1_000_000);
const requestedHistory = count("history", 1_000_000);
const scale = Deno.args.includes("--scale") || requestedHistory > 10_000_000;
const history = scale ? 1_000_000 : requestedHistory;
const started = performance.now();
if (scale) {
  // History at scale (bench/scale.ts): its own database, generated in SQL.
  await (await import("./scale.ts")).runScaleBench({
    databaseUrl: url,
    history: requestedHistory,
    keep: Deno.args.includes("--keep"),
    log: (line) => console.log(`  · ${line}`),
  });
  if (arg("only") === "scale") Deno.exit(0);
}
console.log(
  `Tokenwatch engine bench: ${events.toLocaleString("en")} new events, ${
    history.toLocaleString("en")
  } of history`,
);
const result = await runEngineBench({
  databaseUrl: url,
  events,
  history,
  repeats: count("repeats", 7),
  keep: Deno.args.includes("--keep"),
  log: (line) => console.log(`  · ${line}`),
});

const rows = result.measurements.map((m) => [
  m.name,
  m.events.toLocaleString("en"),
  m.ms.toLocaleString("en", { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
  m.minMs === undefined
    ? ""
    : m.minMs.toLocaleString("en", { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
  m.note ?? "",
]);
const head = ["measurement", "events", "ms (median)", "min ms", "note"];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log("");
console.log(line(head));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const r of rows) console.log(line(r));
console.log("");
const verdict = (ok: boolean) => (ok ? "ok" : "MISSED");
console.log(
  `rollup / floor:                ${result.rollupVsFloor.toFixed(2)}x  (target <= 3x: ${
    verdict(result.rollupVsFloor <= 3)
  }); against the usage_hourly GROUP BY alone: ${result.rollupVsUsageFloor.toFixed(2)}x`,
);
console.log(
  `slowest window function:       ${result.slowestWindowMs.toFixed(1)} ms  (target < 100 ms: ${
    verdict(result.slowestWindowMs < 100)
  })`,
);
if (result.windowGrowth) {
  console.log(
    `window time, ${history.toLocaleString("en")} vs 1,000,000 history: usage_summary ${
      result.windowGrowth.usageSummary.toFixed(2)
    }x, ` +
      `health_metrics ${result.windowGrowth.healthMetrics.toFixed(2)}x  (flat is ~1x)`,
  );
} else {
  console.log("window time vs history: run with --history=10000000 to compare 1M and 10M");
}
const dq = result.drainedQueue;
console.log(
  `drained queue (${events.toLocaleString("en")} dead rows, ${(dq.bytesBefore / 1048576).toFixed(1)} MB -> ${
    (dq.bytesAfter / 1048576).toFixed(1)
  } MB after the minute job's VACUUM): dead rows / vacuumed = empty refresh ${
    dq.emptyRefresh.toFixed(1)
  }x, ` +
    `usage_summary ${dq.usageSummary.toFixed(1)}x, health_metrics ${dq.healthMetrics.toFixed(1)}x`,
);
console.log(`unpriced share of generated traffic: ${(result.unpricedShare * 100).toFixed(2)}%`);
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);

// Pricing (bench/pricing.ts): storing events with their price, each way events arrive, beside the bare floor.
try {
  await (await import("./pricing.ts")).runPricingBenchSection(url, Deno.args);
} catch (error) {
  console.log(`  pricing bench failed: ${error instanceof Error ? error.message : String(error)}`);
}

// Ingest (bench/ingest.ts): events/s through the ingest function of the running project, next to COPY.
try {
  await (await import("./ingest.ts")).runIngestBenchSection(Deno.args);
} catch (error) {
  console.log(`  ingest bench failed: ${error instanceof Error ? error.message : String(error)}`);
}

// OTLP (bench/otlp.ts): spans/s through the otlp function beside events/s through ingest.
try {
  await (await import("./otlp.ts")).runOtlpBenchSection(Deno.args);
} catch (error) {
  console.log(`  otlp bench failed: ${error instanceof Error ? error.message : String(error)}`);
}

// Budgets (bench/budgets.ts): check_budget p50 / p99 for a user with a month of history at 1M events a day.
try {
  await (await import("./budgets.ts")).runBudgetBenchSection(url, Deno.args);
} catch (error) {
  console.log(`  budgets bench failed: ${error instanceof Error ? error.message : String(error)}`);
}

// Per request (bench/request_limits.ts): CPU ms and peak memory of the largest batch of each kind.
try {
  await (await import("./request_limits.ts")).runRequestLimitsSection();
} catch (error) {
  console.log(`  per-request bench failed: ${error instanceof Error ? error.message : String(error)}`);
}
