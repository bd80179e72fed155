/**
 * Runs ONE Edge Function in a process of its own, the way the Edge Runtime gives each function
 * its own isolate and environment: `deno run … local/function_host.ts <entrypoint>`. The
 * entrypoint is the function's unchanged index.ts, in either form the Edge Runtime accepts:
 * `export default { fetch }` or a call of `Deno.serve(handler)`. Either way the handler is
 * served on 127.0.0.1 at a port the system picks, announced on stdout as
 * `TOKENWATCH_FUNCTION_PORT=<port>` for the gateway (local/gateway.ts), which proxies to it.
 */
import { onParentExit } from "./parent_watch.ts";

type Handler = (request: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>;

/** The line the gateway waits for. */
export const PORT_ANNOUNCEMENT = "TOKENWATCH_FUNCTION_PORT=";

function handlerOf(args: unknown[]): Handler | undefined {
  const direct = args.find((a) => typeof a === "function") as Handler | undefined;
  if (direct) return direct;
  const options = args.find((a) => typeof a === "object" && a !== null && "handler" in a) as
    | { handler: Handler }
    | undefined;
  return options?.handler;
}

if (import.meta.main) {
  const entrypoint = Deno.args[0];
  if (!entrypoint) throw new Error("usage: function_host.ts <entrypoint>");
  // A function lives only as long as the gateway that started it (even one killed with SIGKILL).
  onParentExit(() => Deno.exit(0));
  const realServe = Deno.serve.bind(Deno);
  let server: Deno.HttpServer | undefined;
  const listen = (handler: Handler): Deno.HttpServer => {
    if (server) throw new Error(`${entrypoint} serves twice`);
    server = realServe({
      hostname: "127.0.0.1",
      port: 0,
      onListen: ({ port }) => console.log(`${PORT_ANNOUNCEMENT}${port}`),
    }, handler);
    return server;
  };
  // deno-lint-ignore no-explicit-any
  (Deno as any).serve = (...args: unknown[]): Deno.HttpServer => {
    const handler = handlerOf(args);
    if (!handler) throw new Error(`${entrypoint}: Deno.serve was called without a handler`);
    return listen(handler);
  };
  const module = await import(new URL(`file://${entrypoint}`).href);
  if (!server) {
    const fetchHandler = module.default?.fetch;
    if (typeof fetchHandler !== "function") {
      throw new Error(`${entrypoint} neither exports default { fetch } nor calls Deno.serve(handler)`);
    }
    listen((request, info) => fetchHandler.call(module.default, request, info));
  }
}
