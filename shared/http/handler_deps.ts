/**
 * What every function's handler is built from. Each `supabase/functions/<name>/index.ts` is
 * `export default { fetch: createXHandler({ sql: db }) }`; tests build the same handler with a
 * database, secrets and a clock of their own instead of changing `Deno.env` or waiting.
 */
import type { Sql } from "../deps/postgres.ts";
import type { SecretSource } from "./credentials.ts";

/** A handler's dependencies; every one but the database has a production default. */
export interface HandlerDeps {
  /** The database (called per request, so the pool opens on first use). */
  sql: () => Sql;
  /** Where keys and function secrets are read (default: the function's environment). */
  secrets?: SecretSource;
  /** The clock (default: the system clock). */
  now?: () => Date;
}
