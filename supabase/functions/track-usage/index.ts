/** track-usage: the usage summary of a period against the baselines. Everything else is in shared/tracking/. */
import { db } from "../../../shared/db/client.ts";
import { trackUsageHandler } from "../../../shared/tracking/handler.ts";

/** The handler, exported so tests can call it without a server. */
export const handler = trackUsageHandler({ sql: db });

Deno.serve(handler);
