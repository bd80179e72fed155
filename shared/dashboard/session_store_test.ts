import assert from "node:assert/strict";
import type { Sql } from "../deps.ts";
import { databaseSessionGenerations } from "./session_store.ts";

/** A stand-in for postgres.js that records each query and answers with the next of `answers`. */
function fakeSql(answers: unknown[][]): { sql: Sql; seen: string[] } {
  const seen: string[] = [];
  const sql = ((strings: TemplateStringsArray) => {
    seen.push(strings.join("$").replace(/\s+/g, " ").trim());
    return Promise.resolve(answers.shift() ?? []);
  }) as unknown as Sql;
  return { sql, seen };
}

Deno.test("databaseSessionGenerations: one select to read, one atomic update to end (bigint text becomes a number)", async () => {
  const { sql, seen } = fakeSql([[{ generation: "41" }], [{ generation: "42" }]]);
  const generations = databaseSessionGenerations(() => sql);
  assert.equal(await generations.current(), 41);
  assert.equal(await generations.end(), 42);
  assert.deepEqual(seen, [
    "select generation from monitoring.dashboard_sessions",
    "update monitoring.dashboard_sessions set generation = generation + 1, ended_at = now() returning generation",
  ]);
});

Deno.test("databaseSessionGenerations: a table without its one row is a fault, not generation 0", async () => {
  const { sql } = fakeSql([[], [{ generation: "1" }, { generation: "2" }]]);
  const generations = databaseSessionGenerations(() => sql);
  await assert.rejects(generations.current(), /must hold exactly one row; it holds 0/);
  await assert.rejects(generations.end(), /must hold exactly one row; it holds 2/);
});
