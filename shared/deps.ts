/**
 * Every third-party module Tokenwatch uses, pinned to an exact version in shared/deps/, one file per
 * package. This barrel re-exports them for the local stack, the CLI and the tests. Code that Edge Functions
 * load imports the one file it needs (`shared/deps/postgres.ts`, `shared/deps/zod.ts`), never this barrel:
 * hosted Supabase's server-side bundler copies every npm package a function's module graph reaches into its
 * bundle, whole (see tests/integration/bundle_size_test.ts).
 */
export { postgres, type Sql, type TransactionSql } from "./deps/postgres.ts";
export { z } from "./deps/zod.ts";
export { createClient, type SupabaseClient } from "./deps/supabase_js.ts";
