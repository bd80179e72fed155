/**
 * zod, pinned. 3.23.8 rather than 4.x: a function deployed by Supabase's server-side bundler carries each
 * npm package's folder whole, and zod 4.6.7's is 6.3 MB (over the 5 MB bundle limit on its own) where
 * 3.23.8's is 0.7 MB (tests/integration/bundle_size_test.ts).
 */
export { z } from "npm:zod@3.23.8";
