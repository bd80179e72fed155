/**
 * The local stand-in for Supabase's API gateway and Edge Runtime: one HTTP server on
 * 127.0.0.1:<api port> that serves every function at `/functions/v1/<name>`, with what hosted
 * Supabase does in front of a function and around it:
 *
 * - Each function runs in a process of its own (local/function_host.ts), with only its own
 *   environment (the hosted variables and the function secrets), as each hosted function has
 *   its own isolate. A process that dies is started again on the next request.
 * - Keys as hosted accepts them: new-format keys (`sb_publishable_…`, `sb_secret_…`) travel in
 *   `apikey` and are passed through untouched; JWTs travel in `Authorization`. For
 *   `verify_jwt = true` the gateway takes the stricter of hosted's two documented readings: only
 *   a valid JWT in `Authorization` passes, never an API key, so nothing passes here that could
 *   fail there. With legacy keys disabled (TOKENWATCH_LEGACY_KEYS=disabled) the legacy anon and
 *   service_role JWTs are refused as revoked.
 * - The function sees the path `/<name>/…`, as the Edge Runtime gives it.
 * - Limits: CPU time and memory of each request are measured (from /proc, per function process)
 *   and a request past hosted's limits (2 s CPU, 256 MB) is logged with a warning; nothing is
 *   stopped. `GET /_internal/metrics` reports them per function. Requests that overlap in one
 *   function each count the CPU the process spent while they ran (an upper bound).
 * - `html: "plain"` (TOKENWATCH_HTML=plain) rewrites `text/html` answers to GET into
 *   `text/plain`, as hosted does on the default *.supabase.co domain (HTML is served only on a
 *   custom domain).
 */
import { verifyJwt } from "./jwt.ts";
import { PORT_ANNOUNCEMENT } from "./function_host.ts";
import type { FunctionConfig } from "./stack_config.ts";

/** Hosted's per-request limits (Supabase docs, functions/limits). */
export const HOSTED_LIMITS = { cpuMs: 2000, memoryMb: 256 } as const;

/** What the gateway needs to serve. */
export interface GatewayOptions {
  port: number;
  functions: FunctionConfig[];
  jwtSecret: string;
  /** False: the legacy anon / service_role JWTs are refused (a project that disabled them). */
  legacyKeys: boolean;
  html: "render" | "plain";
  /** The environment every function gets: the hosted variables and the function secrets. */
  env: Record<string, string>;
  /** deno.json the functions run with. */
  denoConfig: string;
  /** Where the functions' output and the limit warnings go (default: stderr). */
  log?: (line: string) => void;
}

/** A running gateway. */
export interface Gateway {
  close(): Promise<void>;
}

/** What `/_internal/metrics` reports for one function. */
export interface FunctionMetrics {
  requests: number;
  cpuMsLast: number;
  cpuMsMax: number;
  rssMb: number;
  peakRssMb: number;
  overCpuLimit: number;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

function cpuMs(pid: number): number {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return 0;
  }
}

function memoryMb(pid: number): { rss: number; peak: number } {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const kb = (name: string): number =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/** One function's process: started on demand, restarted when it has died. */
class FunctionProcess {
  #child: Deno.ChildProcess | null = null;
  #port: Promise<number> | null = null;
  #closing = false;
  readonly metrics: FunctionMetrics = {
    requests: 0,
    cpuMsLast: 0,
    cpuMsMax: 0,
    rssMb: 0,
    peakRssMb: 0,
    overCpuLimit: 0,
  };

  constructor(readonly fn: FunctionConfig, private readonly opts: GatewayOptions) {}

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The port the function listens on, starting its process if none runs. */
  port(): Promise<number> {
    if (!this.#port) this.#port = this.#start();
    return this.#port;
  }

  #start(): Promise<number> {
    const base: Record<string, string> = {};
    for (const name of ["PATH", "HOME", "DENO_DIR", "TZ"]) {
      const value = Deno.env.get(name);
      if (value) base[name] = value;
    }
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--config",
        this.opts.denoConfig,
        "--allow-net",
        "--allow-env",
        "--allow-read",
        "--allow-sys",
        "--allow-write=/tmp",
        new URL("./function_host.ts", import.meta.url).pathname,
        this.fn.entrypoint,
      ],
      clearEnv: true,
      env: { ...base, ...this.opts.env, SUPABASE_FUNCTION_SLUG: this.fn.name, NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#child = child;
    const log = this.opts.log ?? ((line: string) => console.error(line));
    let announce: (port: number) => void = () => {};
    const announced = new Promise<number>((resolve) => announce = resolve);
    const pump = async (stream: ReadableStream<Uint8Array>, watch: boolean): Promise<void> => {
      let buffer = "";
      const decoder = new TextDecoder();
      for await (const chunk of stream) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (watch && line.startsWith(PORT_ANNOUNCEMENT)) {
            announce(Number(line.slice(PORT_ANNOUNCEMENT.length)));
          } else log(`[${this.fn.name}] ${line}`);
        }
      }
      if (buffer) log(`[${this.fn.name}] ${buffer}`);
    };
    pump(child.stdout, true);
    pump(child.stderr, false);
    const exited = child.status.then((status) => {
      if (this.#child === child) {
        this.#child = null;
        this.#port = null;
      }
      if (!this.#closing) {
        log(
          `[${this.fn.name}] function process exited (code ${status.code}); it starts again on the next request`,
        );
      }
      throw new Error(`function ${this.fn.name} exited (code ${status.code}) before it listened`);
    });
    const timeout = AbortSignal.timeout(60_000);
    return Promise.race([
      announced,
      exited,
      new Promise<number>((_, reject) =>
        timeout.addEventListener(
          "abort",
          () => reject(new Error(`function ${this.fn.name} did not listen within 60 s`)),
        )
      ),
    ]);
  }

  /** Records one request's CPU time and the process's memory; warns past hosted's limits. */
  account(pid: number, cpuBefore: number): void {
    const used = cpuMs(pid) - cpuBefore;
    const memory = memoryMb(pid);
    const m = this.metrics;
    m.requests += 1;
    m.cpuMsLast = used;
    m.cpuMsMax = Math.max(m.cpuMsMax, used);
    m.rssMb = memory.rss;
    m.peakRssMb = Math.max(m.peakRssMb, memory.peak);
    const log = this.opts.log ?? ((line: string) => console.error(line));
    if (used > HOSTED_LIMITS.cpuMs) {
      m.overCpuLimit += 1;
      log(
        `⚠ [${this.fn.name}] a request used ${used} ms of CPU; hosted stops a request at ${HOSTED_LIMITS.cpuMs} ms (546 WORKER_LIMIT)`,
      );
    }
    if (memory.peak > HOSTED_LIMITS.memoryMb) {
      log(
        `⚠ [${this.fn.name}] the function process reached ${memory.peak} MB of memory; hosted allows ${HOSTED_LIMITS.memoryMb} MB`,
      );
    }
  }

  async close(): Promise<void> {
    this.#closing = true;
    const child = this.#child;
    if (!child) return;
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await child.status;
  }
}

async function authorize(request: Request, opts: GatewayOptions): Promise<Response | null> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) return json(401, { code: 401, message: "Missing authorization header" });
  const check = await verifyJwt(match[1].trim(), opts.jwtSecret);
  if (!check.ok) return json(401, { code: 401, message: `Invalid JWT: ${check.reason}` });
  if (!opts.legacyKeys && (check.claims.role === "anon" || check.claims.role === "service_role")) {
    return json(401, { code: 401, message: "Invalid JWT: legacy API keys are disabled" });
  }
  return null;
}

function plainText(response: Response): Response {
  const type = response.headers.get("content-type") ?? "";
  if (!/^text\/html\b/i.test(type)) return response;
  const headers = new Headers(response.headers);
  headers.set("content-type", type.replace(/^text\/html/i, "text/plain"));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Starts every function's process and serves them. */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const processes = new Map(opts.functions.map((fn) => [fn.name, new FunctionProcess(fn, opts)]));
  const started = await Promise.allSettled([...processes.values()].map((p) => p.port()));
  const failed = started.flatMap((s) => s.status === "rejected" ? [String(s.reason)] : []);
  if (failed.length > 0) {
    await Promise.all([...processes.values()].map((p) => p.close()));
    throw new Error(`functions did not start:\n${failed.join("\n")}`);
  }

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: opts.port, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      if (url.pathname === "/_internal/metrics") {
        return json(200, Object.fromEntries([...processes].map(([name, p]) => [name, p.metrics])));
      }
      const match = /^\/functions\/v1\/([^/]+)(\/.*)?$/.exec(url.pathname);
      const fn = match ? processes.get(match[1]) : undefined;
      if (!match || !fn) return json(404, { code: 404, message: "Function not found" });
      if (fn.fn.verifyJwt && request.method !== "OPTIONS") {
        const refusal = await authorize(request, opts);
        if (refusal) return refusal;
      }
      let port: number;
      try {
        port = await fn.port();
      } catch (error) {
        console.error(String(error));
        return json(503, { code: "BOOT_ERROR", message: "Function failed to start (please check logs)" });
      }
      const pid = fn.pid ?? 0;
      const cpuBefore = cpuMs(pid);
      let upstream: Response;
      try {
        // A body with a declared length is passed on whole, with its Content-Length (as Kong's
        // nginx buffers it); a chunked body is streamed through.
        const body = request.body && request.headers.has("content-length")
          ? await request.arrayBuffer()
          : request.body;
        upstream = await fetch(`http://127.0.0.1:${port}/${match[1]}${match[2] ?? ""}${url.search}`, {
          method: request.method,
          headers: request.headers,
          body,
          redirect: "manual",
        });
      } catch (error) {
        console.error(`function ${fn.fn.name} failed:`, error);
        fn.account(pid, cpuBefore);
        return json(502, { code: 502, message: "Function failed" });
      }
      const answer = opts.html === "plain" && request.method === "GET" ? plainText(upstream) : upstream;
      if (!answer.body) {
        fn.account(pid, cpuBefore);
        return answer;
      }
      const measured = answer.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({ flush: () => fn.account(pid, cpuBefore) }),
      );
      return new Response(measured, {
        status: answer.status,
        statusText: answer.statusText,
        headers: answer.headers,
      });
    },
  );
  return {
    async close() {
      await server.shutdown();
      await Promise.all([...processes.values()].map((p) => p.close()));
    },
  };
}
