// POST usage events: one, a JSON array or NDJSON. See shared/ingest/handler.ts.
import { handleIngest } from "../../../shared/ingest/handler.ts";

Deno.serve(handleIngest);
