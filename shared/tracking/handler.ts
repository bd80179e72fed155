/**
 * The track-usage function: `GET ?period=day|week|month` or `?from=…&to=…`, with the filters
 * app, environment, model, prompt_variant; answers the usage summary JSON. Service role key only.
 */
import { methodNotAllowed } from "../http/errors.ts";
import { requireCredential } from "../http/credentials.ts";
import type { HandlerDeps } from "../http/handler_deps.ts";
import { withErrors } from "../http/respond.ts";
import { parseUsageQuery } from "./params.ts";
import { readTrackUsage } from "./query.ts";

/** The handler `supabase/functions/track-usage/index.ts` serves. */
export function createTrackUsageHandler(deps: HandlerDeps): (request: Request) => Promise<Response> {
  const now = deps.now ?? (() => new Date());
  return withErrors(async (request) => {
    requireCredential(request, { secrets: deps.secrets });
    if (request.method !== "GET") throw methodNotAllowed(["GET"]);
    const query = parseUsageQuery(new URL(request.url).searchParams, now());
    const json = await readTrackUsage(deps.sql(), query);
    return new Response(json, {
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    });
  });
}
