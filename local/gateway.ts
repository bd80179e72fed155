/**
 * The local stand-in for Supabase's API gateway and Edge Runtime: one HTTP server on
 * 127.0.0.1:<api port> that serves every function at `/functions/v1/<name>`, refusing
 * requests without a valid JWT where config.toml says `verify_jwt` (as Kong does on hosted
 * Supabase), and hands the function the request with the path `/<name>/…` as the Edge
 * Runtime does.
 *
 * Each function's index.ts is unchanged from what `supabase functions deploy` ships: it calls
 * `Deno.serve(handler)`. The gateway loads every index.ts once, capturing the handler that
 * call passes instead of opening a port, so all functions run in this one process with the
 * hosted environment variables set.
 */
import { verifyJwt } from "../shared/auth/jwt.ts";
import type { FunctionConfig } from "./stack_config.ts";

type Handler = (request: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>;

/** What the gateway needs to serve. */
export interface GatewayOptions {
  port: number;
  functions: FunctionConfig[];
  jwtSecret: string;
}

/** A running gateway. */
export interface Gateway {
  close(): Promise<void>;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** Handlers already captured, by entrypoint: a module runs its top level only once per process. */
const captured = new Map<string, Handler>();

/** Imports a function's entrypoint and returns the handler it passed to Deno.serve. */
async function captureHandler(fn: FunctionConfig): Promise<Handler> {
  const known = captured.get(fn.entrypoint);
  if (known) return known;
  const realServe = Deno.serve;
  let handler: Handler | undefined;
  // deno-lint-ignore no-explicit-any
  (Deno as any).serve = (...args: unknown[]) => {
    handler = args.find((a) => typeof a === "function") as Handler | undefined ??
      (args.find((a) => typeof a === "object" && a !== null && "handler" in a) as { handler: Handler } | undefined)
        ?.handler;
    return { finished: Promise.resolve(), shutdown: () => Promise.resolve(), ref() {}, unref() {}, addr: {} };
  };
  try {
    await import(`file://${fn.entrypoint}`);
  } finally {
    // deno-lint-ignore no-explicit-any
    (Deno as any).serve = realServe;
  }
  if (!handler) throw new Error(`function ${fn.name}: ${fn.entrypoint} did not call Deno.serve(handler)`);
  captured.set(fn.entrypoint, handler);
  return handler;
}

async function authorize(request: Request, jwtSecret: string): Promise<Response | null> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) return json(401, { code: 401, message: "Missing authorization header" });
  const check = await verifyJwt(match[1].trim(), jwtSecret);
  return check.ok ? null : json(401, { code: 401, message: `Invalid JWT: ${check.reason}` });
}

/** Loads every function and starts serving them. */
export async function startGateway(opts: GatewayOptions): Promise<Gateway> {
  const handlers = new Map<string, { fn: FunctionConfig; handler: Handler }>();
  for (const fn of opts.functions) handlers.set(fn.name, { fn, handler: await captureHandler(fn) });

  const server = Deno.serve({ hostname: "127.0.0.1", port: opts.port, onListen: () => {} }, async (request, info) => {
    const url = new URL(request.url);
    const match = /^\/functions\/v1\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const entry = match ? handlers.get(match[1]) : undefined;
    if (!match || !entry) return json(404, { code: 404, message: "Function not found" });
    if (entry.fn.verifyJwt && request.method !== "OPTIONS") {
      const refusal = await authorize(request, opts.jwtSecret);
      if (refusal) return refusal;
    }
    const inner = new URL(`/${match[1]}${match[2] ?? ""}${url.search}`, url.origin);
    try {
      return await entry.handler(new Request(inner, request), info);
    } catch (error) {
      console.error(`function ${entry.fn.name} threw:`, error);
      return json(500, { code: 500, message: "Function failed" });
    }
  });
  return { close: () => server.shutdown() };
}
