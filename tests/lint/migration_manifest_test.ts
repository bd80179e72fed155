/**
 * Migrations are append-only (tests/lint/migration_manifest.ts): the repository's migrations match
 * supabase/migrations.sha256, and the check names exactly what is wrong when they do not.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT } from "../../local/stack_config.ts";
import { checkMigrations, MANIFEST_PATH, parseManifest, readMigrations } from "./migration_manifest.ts";

Deno.test("migrations: every migration is in supabase/migrations.sha256, unchanged since it landed", async () => {
  const manifest = await Deno.readTextFile(`${PROJECT_ROOT}/${MANIFEST_PATH}`);
  const problems = await checkMigrations(manifest, await readMigrations(PROJECT_ROOT));
  assert.deepEqual(problems, [], `\n${problems.join("\n\n")}\n`);
  // The 25 migrations of 2026-11-24 landed before the manifest existed; it lists them all.
  assert.ok(parseManifest(manifest).entries.length >= 25);
});

// `printf 'select 1;\n' | sha256sum` and `printf 'select 2;\n' | sha256sum`:
const ONE = "4a45092ccf992ea92250053a80b931b787924ba61648f420555511b84f10ab6c";
const TWO = "ac4396cdee0295db27f816dc31134189999d0071663e618f4957bc23edb584d7";
const A = "supabase/migrations/20990101000000_create_a.sql";
const B = "supabase/migrations/20990101000100_create_b.sql";
const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("migrations: a landed migration that changed is named with both hashes", async () => {
  const problems = await checkMigrations(`${ONE}  ${A}\n`, new Map([[A, bytes("select 2;\n")]]));
  assert.deepEqual(problems, [
    `${A} changed after it landed (supabase/migrations.sha256:1 says ${ONE}, the file is ${TWO}): ` +
    `restore it (git checkout main -- ${A}) and make the change in a new migration (create or replace, alter).`,
  ]);
});

Deno.test("migrations: a landed migration that is gone is named", async () => {
  const problems = await checkMigrations(
    `${ONE}  ${A}\n${TWO}  ${B}\n`,
    new Map([[A, bytes("select 1;\n")]]),
  );
  assert.deepEqual(problems, [
    `${B} landed (supabase/migrations.sha256:2) but is missing: restore it (git checkout main -- ${B}); ` +
    "landed migrations are never removed.",
  ]);
});

Deno.test("migrations: a new migration gets the exact line to append", async () => {
  const problems = await checkMigrations(
    `${ONE}  ${A}\n`,
    new Map([[A, bytes("select 1;\n")], [B, bytes("select 2;\n")]]),
  );
  assert.deepEqual(problems, [
    `${B} is not in supabase/migrations.sha256; append this line to it:\n${TWO}  ${B}`,
  ]);
});

Deno.test("migrations: malformed and duplicate manifest lines are refused", async () => {
  const text = `${ONE} ${A}\n${ONE}  ${A}\n${ONE.toUpperCase()}  ${B}\n${TWO}  ${A}\n`;
  const problems = await checkMigrations(text, new Map([[A, bytes("select 1;\n")]]));
  assert.deepEqual(problems, [
    `supabase/migrations.sha256:1: not "<sha256>  supabase/migrations/<file>.sql" (two spaces, lowercase hex): ${
      JSON.stringify(`${ONE} ${A}`)
    }`,
    `supabase/migrations.sha256:3: not "<sha256>  supabase/migrations/<file>.sql" (two spaces, lowercase hex): ${
      JSON.stringify(`${ONE.toUpperCase()}  ${B}`)
    }`,
    `supabase/migrations.sha256:4: ${A} is listed twice (first on line 2)`,
  ]);
});
