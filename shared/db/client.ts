/**
 * The database connection functions and commands share: postgres.js on SUPABASE_DB_URL with
 * `prepare: false`, so it works through Supabase's transaction pooler as well as directly.
 */
import { postgres, type Sql } from "../deps/postgres.ts";

let shared: Sql | undefined;

/** One pool per process, opened on first use. */
export function db(): Sql {
  if (!shared) {
    const url = Deno.env.get("SUPABASE_DB_URL");
    if (!url) throw new Error("SUPABASE_DB_URL is not set");
    shared = postgres(url, { prepare: false, onnotice: () => {}, max: 5, idle_timeout: 20 });
  }
  return shared;
}
