/**
 * The folders' import directions (tests/lint/import_directions.ts) hold on the repository, and the
 * check finds each kind of breach it looks for.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT } from "../../local/stack_config.ts";
import { type Import, importProblems, importsOf, readImports } from "./import_directions.ts";

const FOLDERS = ["shared", "cli", "local", "bench", "scripts", "supabase/functions", "tests"];

Deno.test("imports: no two folders depend on each other, shared/ and the functions stay self-contained", async () => {
  const imports = await readImports(PROJECT_ROOT, FOLDERS);
  assert.ok(imports.length > 200, `only ${imports.length} imports found`);
  const problems = importProblems(imports);
  assert.deepEqual(problems, [], `\n${problems.join("\n")}\n`);
});

Deno.test("imports: a two-way import, a longer cycle and the forbidden directions are each named", () => {
  const i = (from: string, to: string): Import => ({ from, to });
  assert.deepEqual(
    importProblems([
      i("shared/report/a.ts", "shared/tracking/b.ts"),
      i("shared/tracking/c.ts", "shared/report/d.ts"),
    ]),
    [
      "folders depend on each other: shared/report/a.ts imports shared/tracking/b.ts; " +
      "shared/tracking/c.ts imports shared/report/d.ts",
    ],
  );
  assert.deepEqual(
    importProblems([
      i("cli/a.ts", "local/b.ts"),
      i("local/b.ts", "scripts/c.ts"),
      i("scripts/c.ts", "cli/d.ts"),
    ]),
    [
      "folders depend on each other: cli/a.ts imports local/b.ts; local/b.ts imports scripts/c.ts; " +
      "scripts/c.ts imports cli/d.ts",
    ],
  );
  assert.deepEqual(
    importProblems([
      i("shared/demo/a.ts", "local/b.ts"),
      i("cli/a.ts", "tests/fixtures/x.ts"),
      i("supabase/functions/ingest/index.ts", "local/gateway.ts"),
    ]),
    [
      "shared/demo/a.ts (shared/) imports local/b.ts, outside shared/",
      "cli/a.ts imports test code tests/fixtures/x.ts",
      "supabase/functions/ingest/index.ts (a function) imports local/gateway.ts, neither its own folder nor shared/",
    ],
  );
  // Test code may import anything, in both directions.
  assert.deepEqual(
    importProblems([i("shared/a/x_test.ts", "tests/fixtures/y.ts"), i("tests/z.ts", "shared/a/x.ts")]),
    [],
  );
});

Deno.test("imports: the reader finds static, type-only, re-exported and dynamic imports", () => {
  const source = [
    `import { a } from "./a.ts";`,
    `import type { B } from "../b/b.ts";`,
    `export { c } from "./c.ts";`,
    `const d = await import("../../d.ts");`,
    `import { z } from "npm:zod@3.23.8";`,
  ].join("\n");
  assert.deepEqual(importsOf("shared/x/y.ts", source).map((i) => i.to), [
    "shared/x/a.ts",
    "shared/b/b.ts",
    "shared/x/c.ts",
    "d.ts",
  ]);
});
