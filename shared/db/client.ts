/**
 * The database connection functions share: postgres.js on SUPABASE_DB_URL with `prepare: false`, so it
 * works through Supabase's transaction pooler as well as directly.
 *
 * ONE connection per instance ({@link POOL_OPTIONS}): hosted Supabase runs as many instances of a function
 * as traffic needs, each with its own pool, so connections multiply by instances; one each keeps a burst
 * within the database's connection limit. Queries of one instance queue for it. Nothing may hold it while
 * waiting for another query on the pool: a transaction (`sql.begin`) runs every statement on its `tx`,
 * never on `sql` (which would wait forever for the connection the transaction holds).
 */
import { postgres, type Sql } from "../deps/postgres.ts";

/** The pool's options: one connection, closed after 20 s idle. */
export const POOL_OPTIONS = { prepare: false, max: 1, idle_timeout: 20 } as const;

let shared: Sql | undefined;

/** One pool (of one connection) per process, opened on first use. */
export function db(): Sql {
  if (!shared) {
    const url = Deno.env.get("SUPABASE_DB_URL");
    if (!url) throw new Error("SUPABASE_DB_URL is not set");
    shared = postgres(url, { ...POOL_OPTIONS, onnotice: () => {} });
  }
  return shared;
}
