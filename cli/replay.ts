/**
 * `npm run replay -- <trace.csv|trace.jsonl> [--model=gpt-4o] [--provider=openai] [--source=replay] [--batch=1000]`
 *
 * Replays a trace of (timestamp, input tokens, output tokens) rows through the `ingest` Edge Function
 * (supabase-js `functions.invoke`, service role key), as if the traffic had just happened: timestamps are
 * shifted so that the trace's last request is now, every row becomes one event of the chosen model, and
 * batches are sent in order (a failed batch is retried as is: the request ids make it idempotent). Prints
 * the totals it sent and what ingest stored.
 *
 * Trace formats (column / key names case-insensitive):
 * - CSV with a header: a timestamp column (`TIMESTAMP`, `timestamp`, `time`, `occurred_at`), an input column
 *   (`ContextTokens`, `input_tokens`, `prompt_tokens`, `context_tokens`) and an output column
 *   (`GeneratedTokens`, `output_tokens`, `completion_tokens`, `generated_tokens`), as in the Azure LLM
 *   inference traces;
 * - JSON Lines: one object per line with the same names.
 * Timestamps without a zone are UTC; numbers are Unix seconds (or milliseconds when that large).
 *
 * Each event's request_id is `<file name>#<line>`, so replaying the same file into the same source again
 * stores nothing new (the output says so); use another `--source` to load it again.
 */
import { connectProject, runCli } from "./stack_client.ts";
import type { IncomingEvent } from "../shared/usage/event_schema.ts";

/** One request of a trace. */
export interface TraceRow {
  /** Line of the file it came from (1-based). */
  line: number;
  /** When it happened, in ms since the epoch. */
  at: number;
  input: number;
  output: number;
}

/** A trace that cannot be read; the message names the line and the problem. */
export class TraceError extends Error {}

const TIME_KEYS = ["timestamp", "time", "occurred_at", "ts"];
const INPUT_KEYS = ["contexttokens", "context_tokens", "input_tokens", "prompt_tokens", "input"];
const OUTPUT_KEYS = ["generatedtokens", "generated_tokens", "output_tokens", "completion_tokens", "output"];

/** Parses a trace timestamp: ISO-like text (UTC unless it says otherwise) or Unix seconds / milliseconds. */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== "string" || value.trim() === "") return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return parseTimestamp(Number(text));
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    text,
  );
  if (!m) return null;
  const fraction = m[3] ? `.${m[3].slice(0, 3).padEnd(3, "0")}` : "";
  const zone = m[4]
    ? (m[4].toUpperCase() === "Z" ? "Z" : m[4].replace(/^([+-]\d{2})(\d{2})$/, "$1:$2"))
    : "Z";
  const ms = Date.parse(`${m[1]}T${m[2].length === 5 ? `${m[2]}:00` : m[2]}${fraction}${zone}`);
  return Number.isNaN(ms) ? null : ms;
}

function tokenCount(value: unknown, line: number, what: string): number {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw new TraceError(`line ${line}: ${what} ${JSON.stringify(value)} is not a whole number of tokens`);
  }
  return n;
}

function pick(keys: string[], candidates: string[], what: string): string {
  const found = keys.find((key) => candidates.includes(key.toLowerCase()));
  if (!found) {
    throw new TraceError(
      `no ${what} column: expected one of ${candidates.join(", ")} (got ${keys.join(", ")})`,
    );
  }
  return found;
}

function row(
  record: Record<string, unknown>,
  names: { time: string; input: string; output: string },
  line: number,
): TraceRow {
  const at = parseTimestamp(record[names.time]);
  if (at === null) {
    throw new TraceError(`line ${line}: timestamp ${JSON.stringify(record[names.time])} is not a date`);
  }
  return {
    line,
    at,
    input: tokenCount(record[names.input], line, names.input),
    output: tokenCount(record[names.output], line, names.output),
  };
}

/** Reads a CSV (with header) or JSON Lines trace; `format` by default from the content. */
export function parseTrace(text: string, format?: "csv" | "jsonl"): TraceRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const kind = format ?? (lines.find((l) => l.trim() !== "")?.trim().startsWith("{") ? "jsonl" : "csv");
  const rows: TraceRow[] = [];
  if (kind === "jsonl") {
    let names: { time: string; input: string; output: string } | undefined;
    lines.forEach((textLine, i) => {
      if (textLine.trim() === "") return;
      let record: unknown;
      try {
        record = JSON.parse(textLine);
      } catch (error) {
        throw new TraceError(`line ${i + 1}: invalid JSON (${(error as Error).message})`);
      }
      if (typeof record !== "object" || record === null || Array.isArray(record)) {
        throw new TraceError(`line ${i + 1}: expected a JSON object`);
      }
      const keys = Object.keys(record);
      names ??= {
        time: pick(keys, TIME_KEYS, "timestamp"),
        input: pick(keys, INPUT_KEYS, "input tokens"),
        output: pick(keys, OUTPUT_KEYS, "output tokens"),
      };
      rows.push(row(record as Record<string, unknown>, names, i + 1));
    });
  } else {
    const headerAt = lines.findIndex((l) => l.trim() !== "");
    if (headerAt < 0) throw new TraceError("the trace is empty");
    const header = lines[headerAt].split(",").map((h) => h.trim().replace(/^"(.*)"$/, "$1"));
    const names = {
      time: pick(header, TIME_KEYS, "timestamp"),
      input: pick(header, INPUT_KEYS, "input tokens"),
      output: pick(header, OUTPUT_KEYS, "output tokens"),
    };
    for (let i = headerAt + 1; i < lines.length; i++) {
      if (lines[i].trim() === "") continue;
      const cells = lines[i].split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
      if (cells.length !== header.length) {
        throw new TraceError(`line ${i + 1}: ${cells.length} columns, the header has ${header.length}`);
      }
      rows.push(row(Object.fromEntries(header.map((h, j) => [h, cells[j]])), names, i + 1));
    }
  }
  if (rows.length === 0) throw new TraceError("the trace has no rows");
  return rows;
}

/** Options for {@link traceEvents}. */
export interface TraceEventsOptions {
  model: string;
  provider?: string;
  source: string;
  /** Prefix of each request_id (`<name>#<line>`): the trace's file name. */
  name: string;
  /** The instant the trace's last request is moved to; now by default. */
  now?: number;
}

/** The events of a trace, shifted so that its latest request happened at `now`. */
export function traceEvents(rows: readonly TraceRow[], opts: TraceEventsOptions): IncomingEvent[] {
  const latest = rows.reduce((max, r) => Math.max(max, r.at), -Infinity);
  const shift = (opts.now ?? Date.now()) - latest;
  return rows.map((r) => ({
    request_id: `${opts.name}#${r.line}`,
    source: opts.source,
    occurred_at: new Date(r.at + shift).toISOString(),
    model: opts.model,
    ...(opts.provider ? { provider: opts.provider } : {}),
    input_tokens: r.input,
    output_tokens: r.output,
    metadata: { replay: opts.name },
  }));
}

/** The part of a SupabaseClient replay uses. */
export interface Invoker {
  functions: {
    invoke(
      name: string,
      options: { body: IncomingEvent[] },
    ): Promise<{ data: unknown; error: unknown; response?: Response }>;
  };
}

/** What a replay sent and what ingest stored. */
export interface ReplayResult {
  events: number;
  batches: number;
  inputTokens: number;
  outputTokens: number;
  inserted: number;
  duplicates: number;
}

/** Options for {@link replayEvents}. */
export interface ReplayOptions {
  batchSize?: number;
  /** Attempts per batch; default 4. */
  attempts?: number;
  onBatch?: (done: number, total: number) => void;
}

async function failureOf(
  error: unknown,
  response: Response | undefined,
): Promise<{ message: string; retry: boolean }> {
  const status = response?.status;
  let body = "";
  try {
    body = response && !response.bodyUsed ? await response.text() : "";
  } catch {
    // the body is gone; the status says enough
  }
  const retry = status === undefined || status === 429 || status >= 500;
  return { message: `${status ?? "no response"}: ${body.slice(0, 2000) || String(error)}`, retry };
}

/** Sends events through ingest in batches, in order; rejects on the first batch that fails for good. */
export async function replayEvents(
  supabase: Invoker,
  events: readonly IncomingEvent[],
  opts: ReplayOptions = {},
): Promise<ReplayResult> {
  const batchSize = opts.batchSize ?? 1000;
  const result: ReplayResult = {
    events: 0,
    batches: 0,
    inputTokens: 0,
    outputTokens: 0,
    inserted: 0,
    duplicates: 0,
  };
  for (let i = 0; i < events.length; i += batchSize) {
    const batch = events.slice(i, i + batchSize);
    for (let attempt = 1;; attempt++) {
      const { data, error, response } = await supabase.functions.invoke("ingest", { body: batch });
      if (!error) {
        const stored = data as { inserted: number; duplicates: number };
        result.inserted += stored.inserted;
        result.duplicates += stored.duplicates;
        break;
      }
      const failure = await failureOf(error, response);
      if (!failure.retry || attempt >= (opts.attempts ?? 4)) {
        throw new Error(
          `batch ${result.batches + 1} (events ${i + 1}-${i + batch.length}) failed: ${failure.message}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** (attempt - 1)));
    }
    result.batches += 1;
    result.events += batch.length;
    for (const event of batch) {
      result.inputTokens += event.input_tokens ?? 0;
      result.outputTokens += event.output_tokens ?? 0;
    }
    opts.onBatch?.(result.events, events.length);
  }
  return result;
}

function flag(args: string[], name: string): string | undefined {
  return args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const USAGE =
  "usage: npm run replay -- <trace.csv|trace.jsonl> [--model=gpt-4o] [--provider=openai] [--source=replay] [--batch=1000]";

/** The command: returns its exit status (0 replayed, 1 ingest refused, 2 bad arguments or trace). */
export async function main(args: string[] = Deno.args): Promise<number> {
  const files = args.filter((a) => !a.startsWith("--"));
  const known = ["model", "provider", "source", "batch"];
  const unknown = args.filter((a) => a.startsWith("--") && !known.includes(a.slice(2).split("=")[0]));
  if (files.length !== 1 || unknown.length > 0) {
    console.error(unknown.length > 0 ? `unknown option ${unknown[0]}\n${USAGE}` : USAGE);
    return 2;
  }
  const batchSize = Number(flag(args, "batch") ?? 1000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
    console.error(`--batch must be a whole number from 1 to 5000\n${USAGE}`);
    return 2;
  }
  const base = Deno.env.get("INIT_CWD") ?? Deno.cwd(); // npm runs scripts in the project root
  const path = files[0].startsWith("/") ? files[0] : `${base}/${files[0]}`;
  let rows: TraceRow[];
  try {
    rows = parseTrace(
      await Deno.readTextFile(path),
      /\.jsonl?$/i.test(path) ? "jsonl" : /\.csv$/i.test(path) ? "csv" : undefined,
    );
  } catch (error) {
    if (error instanceof TraceError || error instanceof Deno.errors.NotFound) {
      console.error(`cannot replay ${path}: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const model = flag(args, "model") ?? "gpt-4o";
  const source = flag(args, "source") ?? "replay";
  const name = path.split("/").pop()!;
  const events = traceEvents(rows, { model, provider: flag(args, "provider"), source, name });
  const { supabase } = await connectProject();
  console.log(
    `Replaying ${name}: ${
      events.length.toLocaleString("en")
    } requests as ${model}, source "${source}", batches of ${batchSize}`,
  );
  const times = events.map((e) => e.occurred_at as string).sort();
  console.log(`  time span ${times[0]} .. ${times[times.length - 1]} (shifted to end now)`);
  let result: ReplayResult;
  try {
    result = await replayEvents(supabase, events, {
      batchSize,
      onBatch: (done, total) =>
        Deno.stdout.isTerminal() &&
        Deno.stdout.writeSync(new TextEncoder().encode(`\r  sent ${done}/${total}`)),
    });
  } catch (error) {
    console.error(`\n${(error as Error).message}`);
    return 1;
  }
  if (Deno.stdout.isTerminal()) console.log("");
  console.log(`Sent ${result.events.toLocaleString("en")} events in ${result.batches} batches`);
  console.log(`  input_tokens  ${result.inputTokens.toLocaleString("en")}`);
  console.log(`  output_tokens ${result.outputTokens.toLocaleString("en")}`);
  console.log(
    `Stored: ${result.inserted.toLocaleString("en")} new, ${
      result.duplicates.toLocaleString("en")
    } duplicates`,
  );
  console.log(
    `SENT events=${result.events} input_tokens=${result.inputTokens} output_tokens=${result.outputTokens} inserted=${result.inserted} duplicates=${result.duplicates}`,
  );
  return 0;
}

if (import.meta.main) {
  await runCli(() => main());
}
