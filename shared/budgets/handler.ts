/**
 * The check-budget Edge Function's handler (supabase/functions/check-budget/index.ts serves it).
 *
 * `POST /functions/v1/check-budget` with `{"scope": {"user_id": "u1", "app": "shop"}}` answers
 * `{"budgets": [<row>, ...]}`: every enabled budget that applies to the scope, with its limit, spend,
 * state and forecast (row.ts; the contract the TypeScript client reads). Credentials as ingest: the
 * project's secret key or the ingest key (TOKENWATCH_INGEST_KEY), so an app that sends usage can check
 * before it spends. 400 naming the field for a bad scope, 401 without credentials, 405 unless POST.
 */
import { requireCredential } from "../http/credentials.ts";
import { methodNotAllowed } from "../http/errors.ts";
import type { HandlerDeps } from "../http/handler_deps.ts";
import { jsonResponse, withErrors } from "../http/respond.ts";
import { INGEST_KEY_SECRET } from "../http/ingest_key.ts";
import { checkBudget } from "./check.ts";
import { parseCheckBudgetRequest } from "./request.ts";

/** Builds the check-budget handler. */
export function createCheckBudgetHandler(deps: HandlerDeps): (request: Request) => Promise<Response> {
  return withErrors(async (request) => {
    requireCredential(request, { extraKeySecrets: [INGEST_KEY_SECRET], secrets: deps.secrets });
    if (request.method !== "POST") throw methodNotAllowed(["POST"]);
    const scope = parseCheckBudgetRequest(await request.text());
    return jsonResponse({ budgets: await checkBudget(deps.sql(), scope, { now: deps.now?.() }) });
  });
}
