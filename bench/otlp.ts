/**
 * The OTLP benchmark: spans per second through the `otlp` Edge Function (OTLP/HTTP protobuf, 500 GenAI spans
 * a request, each an LLM call) beside events per second through `ingest` (the same calls as JSON events,
 * 500 a request), in one run, one request of each in turn, against the project `npm start` runs (cli/stack_client.ts `projectEnv`). Both
 * store through the same validation and `monitoring.ingest_events`; the difference is decoding and mapping.
 * Its events carry `app = 'tokenwatch-bench-otlp'` and are deleted at the end with their rollup rows.
 *
 *   deno run -A bench/otlp.ts [--otlp-spans=10000]
 */
import { PbfWriter } from "../shared/deps/pbf.ts";
import { postgres } from "../shared/deps.ts";
import { writeExportTraceServiceRequest } from "../shared/otlp/proto/trace_pb.js";
import { benchProject } from "./ingest.ts";

const APP = "tokenwatch-bench-otlp";
const BATCH = 500;

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
const bytes = (text: string) => Uint8Array.from(text.match(/../g)!.map((h) => parseInt(h, 16)));

/** One request's protobuf body: spans `from` to `from + BATCH - 1` of trace `run`. */
function otlpBody(run: string, from: number, now: number): Uint8Array {
  const kv = (key: string, value: Record<string, unknown>) => ({ key, value });
  const spans = Array.from({ length: BATCH }, (_, k) => {
    const i = from + k;
    return {
      trace_id: bytes(`${run}${hex(i, 24)}`),
      span_id: bytes(hex(i + 1, 16)),
      name: "chat gpt-4o",
      start_time_unix_nano: (now - 1000) * 1e6,
      end_time_unix_nano: now * 1e6,
      attributes: [
        kv("gen_ai.request.model", { value: "string_value", string_value: "gpt-4o" }),
        kv("gen_ai.provider.name", { value: "string_value", string_value: "openai" }),
        kv("gen_ai.usage.input_tokens", { value: "int_value", int_value: 1000 + (i % 100) }),
        kv("gen_ai.usage.cache_read.input_tokens", { value: "int_value", int_value: 512 }),
        kv("gen_ai.usage.output_tokens", { value: "int_value", int_value: 100 }),
      ],
    };
  });
  const writer = new PbfWriter();
  writeExportTraceServiceRequest({
    resource_spans: [{
      resource: { attributes: [kv("service.name", { value: "string_value", string_value: APP })] },
      scope_spans: [{ scope: { name: "bench" }, spans }],
    }],
  }, writer);
  return writer.finish();
}

function ingestBody(run: string, from: number, now: number): string {
  return JSON.stringify(Array.from({ length: BATCH }, (_, k) => {
    const i = from + k;
    return {
      request_id: `${run}-${i}`,
      source: `bench-otlp-ingest-${run}`,
      app: APP,
      occurred_at: new Date(now - 1000).toISOString(),
      latency_ms: 1000,
      model: "gpt-4o",
      provider: "openai",
      usage: { "gen_ai.usage.input_tokens": 1000 + (i % 100), "gen_ai.usage.output_tokens": 100 },
    };
  }));
}

/** Measures both paths and prints one line each plus their ratio; false when no project is reachable. */
export async function runOtlpBenchSection(args: string[], print: (line: string) => void = console.log) {
  const flag = args.find((a) => a.startsWith("--otlp-spans="))?.slice("--otlp-spans=".length);
  const total = Math.max(BATCH, Math.round(Number(flag ?? 10_000) / BATCH) * BATCH);
  print("");
  print(
    `Tokenwatch OTLP bench: spans/s through otlp beside events/s through ingest (${total} each, ${BATCH} a request)`,
  );
  const project = benchProject();
  if (!project) {
    print(
      "  skipped: set SUPABASE_URL, SUPABASE_DB_URL and SUPABASE_SECRET_KEY, or run `npm start` (.env.local)",
    );
    return false;
  }
  const run = crypto.randomUUID().replaceAll("-", "").slice(0, 8);
  const now = Date.now();
  const sql = postgres(project.databaseUrl, { prepare: false, onnotice: () => {}, max: 1 });
  const send = async (path: string, type: string, body: BodyInit) => {
    const response = await fetch(`${project.supabaseUrl}/functions/v1/${path}`, {
      method: "POST",
      headers: { apikey: project.secretKey, "content-type": type },
      body,
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${text.slice(0, 200)}`);
  };
  try {
    // One request each first, not timed: a function's first request also starts its process.
    await send(
      "otlp/v1/traces",
      "application/x-protobuf",
      otlpBody(`${run.slice(0, 7)}f`, 0, now) as BodyInit,
    );
    await send("ingest", "application/json", ingestBody(`${run}-warm`, 0, now));
    // Interleaved, one request of each in turn, so that load from elsewhere on the machine hits both alike.
    let otlpSeconds = 0;
    let ingestSeconds = 0;
    const timed = async (request: () => Promise<void>) => {
      const started = performance.now();
      await request();
      return (performance.now() - started) / 1000;
    };
    for (let from = 0; from < total; from += BATCH) {
      const otlp = otlpBody(run, from, now);
      const ingest = ingestBody(run, from, now);
      otlpSeconds += await timed(() => send("otlp/v1/traces", "application/x-protobuf", otlp as BodyInit));
      ingestSeconds += await timed(() => send("ingest", "application/json", ingest));
    }
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from monitoring.usage_events
      where app = ${APP} and source = 'otlp' and request_id like ${run + "%"}`;
    const spansPerSecond = total / otlpSeconds;
    const eventsPerSecond = total / ingestSeconds;
    print(`  otlp (protobuf):   ${Math.round(spansPerSecond).toLocaleString("en")} spans/s (${n} stored)`);
    print(`  ingest (JSON):     ${Math.round(eventsPerSecond).toLocaleString("en")} events/s`);
    print(`  otlp / ingest:     ${(spansPerSecond / eventsPerSecond).toFixed(2)}x`);
    return true;
  } finally {
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key())`;
      await tx`delete from monitoring.usage_rollup_queue q using monitoring.usage_events e
               where q.event_id = e.id and e.app = ${APP}`;
      await tx`delete from monitoring.usage_events where app = ${APP}`;
      await tx`delete from monitoring.usage_hourly where app = ${APP}`;
      await tx`delete from monitoring.tool_usage_hourly where app = ${APP}`;
    }).catch((error) => print(`  cleanup failed: ${error.message}`));
    await sql.end();
  }
}

if (import.meta.main) await runOtlpBenchSection(Deno.args);
