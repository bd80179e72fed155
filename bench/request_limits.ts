/**
 * The per-request section of `npm run bench`: CPU time and peak memory of the largest request of each kind
 * that `ingest` accepts, next to hosted Supabase's limits (2,000 ms of CPU, 256 MB of memory per request).
 * Each kind runs in a fresh Deno process (bench/request_probe.ts) that calls the ingest handler directly,
 * so the numbers are one cold request's, without the gateway. Memory is heap + external, as hosted counts
 * it; the process rss (which adds the Deno CLI's own) is printed beside it. Run alone: `deno run -A bench/request_limits.ts`.
 */
import { benchProject } from "./ingest.ts";
import type { ProbeResult } from "./request_probe.ts";

/** Hosted Supabase's per-request limits (docs: functions/limits). */
export const LIMITS = { cpuMs: 2_000, memoryBytes: 256 * 1024 * 1024 } as const;

const KINDS = [
  ["usage", "5,000 events with provider usage, 10 MiB"],
  ["text", "10 MiB of text, 1,000,000 bytes tokenized"],
  ["text-worst", "the same, tokenized part one letter repeated"],
] as const;

async function probe(kind: string, databaseUrl: string | undefined): Promise<ProbeResult> {
  const deno = new URL("../node_modules/.bin/deno", import.meta.url).pathname;
  const output = await new Deno.Command(deno, {
    args: [
      "run",
      "-A",
      "--v8-flags=--expose-gc",
      "--config",
      new URL("../deno.json", import.meta.url).pathname,
      new URL("./request_probe.ts", import.meta.url).pathname,
      kind,
      ...(databaseUrl ? [databaseUrl] : []),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(output.stdout).trim().split("\n").pop() ?? "";
  if (!output.success) throw new Error(`probe ${kind} failed`);
  return JSON.parse(text) as ProbeResult;
}

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(0)} MB`;

/** Runs every kind and prints one line each; returns the results. */
export async function runRequestLimitsSection(
  print: (line: string) => void = console.log,
): Promise<ProbeResult[]> {
  print("");
  print("Tokenwatch per-request limits: one cold ingest request per kind, in a fresh process");
  const databaseUrl = benchProject()?.databaseUrl;
  if (!databaseUrl) print("  (no running project: batches are validated but not stored)");
  const results: ProbeResult[] = [];
  for (const [kind, what] of KINDS) {
    const r = await probe(kind, databaseUrl);
    results.push(r);
    const ok = r.status === 200 && r.cpuMs < LIMITS.cpuMs && r.peakMemoryBytes < LIMITS.memoryBytes;
    print(
      `  ${kind.padEnd(10)} ${what.padEnd(46)} status ${r.status}  CPU ${
        Math.round(r.cpuMs)
      } / ${LIMITS.cpuMs} ms  ` +
        `memory ${mb(r.peakMemoryBytes)} / ${mb(LIMITS.memoryBytes)} (heap ${
          mb(r.peakHeapBytes)
        }; process rss ` +
        `${mb(r.peakRssBytes)}, ${mb(r.baselineRssBytes)} before the request)  ${ok ? "ok" : "OVER"}` +
        (r.stored ? "" : "  (not stored)"),
    );
  }
  return results;
}

if (import.meta.main) await runRequestLimitsSection();
