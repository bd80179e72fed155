/**
 * The check-alerts Edge Function's handler: POST only, the project's secret key required, then one
 * health check (run_check.ts) answered as JSON. supabase/functions/check-alerts/index.ts serves it.
 */
import { requireCredential } from "../http/credentials.ts";
import type { HandlerDeps } from "../http/handler_deps.ts";
import { methodNotAllowed } from "../http/errors.ts";
import { jsonResponse, withErrors } from "../http/respond.ts";
import { parseCheckRequest } from "./request.ts";
import { runHealthCheck } from "./run_check.ts";

/** The handler: 405 unless POST, 401 without the secret key, 400 for a bad body, 413 for a huge one. */
export function createCheckAlertsHandler(deps: HandlerDeps): (request: Request) => Promise<Response> {
  return withErrors(async (request) => {
    if (request.method !== "POST") throw methodNotAllowed(["POST"]);
    requireCredential(request, { secrets: deps.secrets });
    const options = parseCheckRequest(await request.text());
    return jsonResponse(await runHealthCheck(deps.sql(), { ...options, now: deps.now?.() }));
  });
}
