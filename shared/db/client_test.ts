import assert from "node:assert/strict";
import { db, POOL_OPTIONS } from "./client.ts";

Deno.test("each function instance's pool is one connection", async () => {
  const previous = Deno.env.get("SUPABASE_DB_URL");
  // postgres.js connects on the first query, so an unreachable URL is fine for reading the options.
  Deno.env.set("SUPABASE_DB_URL", "postgres://nobody:secret@127.0.0.1:1/none");
  try {
    const sql = db();
    assert.equal(POOL_OPTIONS.max, 1);
    assert.equal(sql.options.max, 1);
    assert.equal(sql.options.prepare, false);
    assert.equal(db(), sql, "one pool per process");
    await sql.end();
  } finally {
    if (previous === undefined) Deno.env.delete("SUPABASE_DB_URL");
    else Deno.env.set("SUPABASE_DB_URL", previous);
  }
});
