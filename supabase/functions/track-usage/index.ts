/** track-usage: the usage summary of a period against the baselines. Everything else is in shared/tracking/. */
import { db } from "../../../shared/db/client.ts";
import { createTrackUsageHandler } from "../../../shared/tracking/handler.ts";

export default { fetch: createTrackUsageHandler({ sql: db }) };
