/**
 * The billing-sync Edge Function's handler: POST only, the project's secret key required, then
 * one sync (sync.ts) answered as JSON: per source what was read and stored, or the error
 * recorded on it. supabase/functions/billing-sync/index.ts serves it; pg_cron calls it hourly.
 */
import { requireCredential } from "../http/credentials.ts";
import type { HandlerDeps } from "../http/handler_deps.ts";
import { methodNotAllowed } from "../http/errors.ts";
import { jsonResponse, withErrors } from "../http/respond.ts";
import type { HttpDeps } from "./provider_http.ts";
import { parseSyncRequest } from "./request.ts";
import { syncBilling } from "./sync.ts";

/** The handler's dependencies: the common ones, and (tests) the HTTP client used for the providers. */
export interface BillingSyncDeps extends HandlerDeps {
  http?: HttpDeps;
}

/** The handler: 405 unless POST, 401 without the secret key, 400 for a bad body, 404 for an unknown source. */
export function createBillingSyncHandler(deps: BillingSyncDeps): (request: Request) => Promise<Response> {
  return withErrors(async (request) => {
    if (request.method !== "POST") throw methodNotAllowed(["POST"]);
    requireCredential(request, { secrets: deps.secrets });
    const now = deps.now?.() ?? new Date();
    const body = parseSyncRequest(await request.text(), now);
    return jsonResponse(await syncBilling(deps.sql(), { ...body, now, http: deps.http }));
  });
}
