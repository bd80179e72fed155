/** supabase-js, pinned: for the CLI and the local stack only (about 8 MB of npm packages; no function imports it). */
export { createClient } from "npm:@supabase/supabase-js@2.119.0";
export type { SupabaseClient } from "npm:@supabase/supabase-js@2.119.0";
