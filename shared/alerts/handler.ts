/**
 * The check-alerts Edge Function's handler: POST only, the service role key required, then one
 * health check (run_check.ts) answered as JSON. supabase/functions/check-alerts/index.ts serves it.
 */
import { db } from "../db/client.ts";
import { requireCredential } from "../http/credentials.ts";
import { methodNotAllowed } from "../http/errors.ts";
import { jsonResponse, withErrors } from "../http/respond.ts";
import { parseCheckRequest } from "./request.ts";
import { runHealthCheck } from "./run_check.ts";

/** Handles one request: 405 unless POST, 401 without the service role key, 400 for a bad body, 413 for a huge one. */
export const checkAlertsHandler: (request: Request) => Promise<Response> = withErrors(async (request) => {
  if (request.method !== "POST") throw methodNotAllowed(["POST"]);
  requireCredential(request);
  const options = parseCheckRequest(await request.text());
  return jsonResponse(await runHealthCheck(db(), options));
});
