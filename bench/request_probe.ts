/**
 * One measured request, in a process of its own (bench/request_limits.ts starts it): builds the largest
 * batch ingest allows of one kind, calls the ingest handler directly (no HTTP, no gateway) and prints one
 * JSON line: the CPU time of the request (node:process cpuUsage() delta around it: user + system, every
 * thread of the process) and the peak memory seen while it ran (Deno.memoryUsage(), sampled every 2 ms and
 * once at the end): heapUsed + external, which is what hosted's edge runtime holds against the 256 MB
 * (supabase/edge-runtime crates/base/src/worker/supervisor: used_heap_size + external_memory), and rss,
 * which adds the Deno CLI's own ~80 MB. A fresh process means a cold isolate: the tokenizer and the
 * schemas load inside the measured request, as on a function's first request.
 *
 *   deno run -A bench/request_probe.ts usage|text|text-worst [database url]
 *
 * Kinds: `usage`, 5,000 events (the most a request takes) with provider usage objects, padded with metadata
 * to just under the 10 MiB body limit; `text`, events whose output text fills the body, of which the first
 * 1,000,000 bytes are tokenized and the rest estimated; `text-worst`, the same with the slowest text to
 * tokenize that we know (one letter repeated: a single BPE piece of a megabyte). With a database URL the
 * batch is stored there (source `tokenwatch-bench-limits`); without one the store is skipped.
 */
import process from "node:process";
import { postgres } from "../shared/deps/postgres.ts";
import { createIngestHandler } from "../shared/ingest/handler.ts";
import { storeEvents } from "../shared/ingest/store_events.ts";
import { MAX_BODY_BYTES, MAX_EVENTS } from "../shared/usage/parse_body.ts";
import { MAX_TOKENIZED_BYTES } from "../shared/usage/token_counter.ts";

/** What one probe prints. */
export interface ProbeResult {
  kind: string;
  events: number;
  bodyBytes: number;
  status: number;
  cpuMs: number;
  peakRssBytes: number;
  peakHeapBytes: number;
  /** heapUsed + external at its peak: the memory hosted counts. */
  peakMemoryBytes: number;
  /** rss and heap just before the request (runtime, modules, the body bytes). */
  baselineRssBytes: number;
  baselineHeapBytes: number;
  stored: boolean;
}

const TARGET = MAX_BODY_BYTES - 64 * 1024;

function usageBatch(run: string): unknown[] {
  const make = (i: number, pad: string) => ({
    request_id: `${run}-${i}`,
    source: "tokenwatch-bench-limits",
    model: i % 2 ? "gpt-4o-mini" : "claude-sonnet-4-5",
    provider: i % 2 ? "openai" : "anthropic",
    usage: i % 2
      ? { prompt_tokens: 2000 + i, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1024 } }
      : {
        input_tokens: 500,
        cache_read_input_tokens: 1500,
        cache_creation_input_tokens: 100,
        output_tokens: 250,
      },
    latency_ms: 800,
    app: "bench",
    tools: [{ name: "search", calls: 2, failures: i % 10 === 0 ? 1 : 0 }],
    metadata: { pad },
  });
  const bare = JSON.stringify(Array.from({ length: MAX_EVENTS }, (_, i) => make(i, ""))).length;
  const pad = "x".repeat(Math.floor((TARGET - bare) / MAX_EVENTS));
  return Array.from({ length: MAX_EVENTS }, (_, i) => make(i, pad));
}

function textBatch(run: string, worst: boolean): unknown[] {
  // Texts of 1,000,000 bytes: the first is tokenized whole (the budget), the others estimated.
  const one = worst ? "a".repeat(MAX_TOKENIZED_BYTES) : "hi" + " hi".repeat((MAX_TOKENIZED_BYTES - 2) / 3);
  const n = Math.floor(TARGET / (one.length + 200));
  return Array.from({ length: n }, (_, i) => ({
    request_id: `${run}-${i}`,
    source: "tokenwatch-bench-limits",
    model: "gpt-4o",
    input_tokens: 100,
    output_text: one,
  }));
}

if (import.meta.main) {
  const [kind, databaseUrl] = Deno.args;
  const run = `limits-${kind}-${Date.now()}`;
  let events: unknown[] | null = kind === "usage" ? usageBatch(run) : textBatch(run, kind === "text-worst");
  const count = events.length;
  // The body as the function receives it (bytes); the objects that built it are dropped and collected.
  const body = new TextEncoder().encode(JSON.stringify(events));
  events = null;
  (globalThis as { gc?: () => void }).gc?.();
  const sql = databaseUrl ? postgres(databaseUrl, { prepare: false, onnotice: () => {}, max: 1 }) : null;
  const handler = createIngestHandler({
    sql: () => {
      if (!sql) throw new Error("no database: the probe stores through `store`");
      return sql;
    },
    secrets: (
      name,
    ) => (name === "SUPABASE_SECRET_KEYS" ? JSON.stringify({ default: "sb_secret_bench" }) : undefined),
    store: (batch, opts) =>
      sql ? storeEvents(sql, batch, opts) : Promise.resolve({ inserted: batch.length, duplicates: 0 }),
  });
  const request = new Request("http://localhost/functions/v1/ingest", {
    method: "POST",
    headers: { apikey: "sb_secret_bench", "content-type": "application/json" },
    body,
  });
  const baseline = Deno.memoryUsage();
  let peakRss = 0;
  let peakHeap = 0;
  let peakMemory = 0;
  const sample = () => {
    const m = Deno.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakMemory = Math.max(peakMemory, m.heapUsed + m.external);
  };
  sample();
  const timer = setInterval(sample, 2);
  const before = process.cpuUsage();
  const response = await handler(request);
  await response.text();
  const cpu = process.cpuUsage(before);
  sample();
  clearInterval(timer);
  await sql?.end();
  const result: ProbeResult = {
    kind,
    events: count,
    bodyBytes: body.length,
    status: response.status,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssBytes: peakRss,
    peakHeapBytes: peakHeap,
    peakMemoryBytes: peakMemory,
    baselineRssBytes: baseline.rss,
    baselineHeapBytes: baseline.heapUsed,
    stored: sql !== null,
  };
  console.log(JSON.stringify(result));
}
