// OTLP/HTTP trace receiver: POST /functions/v1/otlp/v1/traces. See shared/otlp/handler.ts.
import { db } from "../../../shared/db/client.ts";
import { createOtlpHandler } from "../../../shared/otlp/handler.ts";

export default { fetch: createOtlpHandler({ sql: db }) };
