/**
 * The track-usage function: `GET ?period=day|week|month` or `?from=…&to=…`, with the filters
 * app, environment, model, prompt_variant; answers the usage summary JSON. Service role key only.
 */
import type { Sql } from "../deps/postgres.ts";
import { methodNotAllowed } from "../http/errors.ts";
import { requireCredential, type SecretSource } from "../http/credentials.ts";
import { withErrors } from "../http/respond.ts";
import { parseUsageQuery } from "./params.ts";
import { readTrackUsage } from "./query.ts";

/** What the handler needs. */
export interface TrackUsageDeps {
  /** The database (called per request, so a pool opens on first use). */
  sql: () => Sql;
  now?: () => Date;
  secrets?: SecretSource;
}

/** The handler `supabase/functions/track-usage/index.ts` serves. */
export function trackUsageHandler(deps: TrackUsageDeps): (request: Request) => Promise<Response> {
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
