// POST usage events: one, a JSON array or NDJSON. See shared/ingest/handler.ts.
import { db } from "../../../shared/db/client.ts";
import { createIngestHandler } from "../../../shared/ingest/handler.ts";

export default { fetch: createIngestHandler({ sql: db }) };
