/**
 * Every third-party module Tokenwatch uses, pinned to an exact version. Other files import
 * from here so that a version changes in one place, and so that Edge Functions deployed to
 * hosted Supabase resolve the same `npm:` specifiers without an import map.
 */
export { default as postgres } from "npm:postgres@3.4.9";
export type { Sql, TransactionSql } from "npm:postgres@3.4.9";
export { z } from "npm:zod@4.6.7";
export { createClient } from "npm:@supabase/supabase-js@2.119.0";
export type { SupabaseClient } from "npm:@supabase/supabase-js@2.119.0";
