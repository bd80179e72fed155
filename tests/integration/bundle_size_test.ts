// Every function fits hosted Supabase's server-side bundle limit (5 MB): the size of the bundle the
// `--use-api` / no-Docker deploy path builds, computed as tests/helpers/function_bundle.ts explains (local
// modules as stored plus every npm package of the graph, whole). A size check; needs no stack.
import assert from "node:assert/strict";
import {
  functionNames,
  measureBundle,
  megabytes,
  SERVER_BUNDLE_LIMIT_BYTES,
} from "../helpers/function_bundle.ts";

const PROJECT_ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const names = functionNames(PROJECT_ROOT);

Deno.test("every function's server-side bundle is under 5 MB", async () => {
  assert.ok(names.includes("ingest"), `functions found: ${names.join(", ")}`);
  const over: string[] = [];
  for (const name of names) {
    const bundle = await measureBundle(PROJECT_ROOT, name);
    const local = bundle.modules.reduce((n, m) => n + m.bytes, 0);
    const packages = bundle.packages.map((p) => `${p.id} ${megabytes(p.bytes)}`).join(", ") || "none";
    console.log(
      `${name.padEnd(14)} ${megabytes(bundle.total).padStart(8)}  (local ${megabytes(local)} in ` +
        `${bundle.modules.length} modules; npm: ${packages})`,
    );
    assert.deepEqual(bundle.errors, [], `${name}: modules that did not load`);
    if (bundle.total > SERVER_BUNDLE_LIMIT_BYTES) over.push(`${name} ${megabytes(bundle.total)}`);
  }
  assert.deepEqual(over, [], `over ${megabytes(SERVER_BUNDLE_LIMIT_BYTES)}`);
});

Deno.test("the CLI's upload walk sends every local module a function's bundle needs", async () => {
  for (const name of names) {
    const bundle = await measureBundle(PROJECT_ROOT, name);
    assert.deepEqual(
      bundle.notUploaded,
      [],
      `${name}: modules the bundler needs that the CLI would not upload`,
    );
  }
});

Deno.test("no function reaches supabase-js or gpt-tokenizer (the shared/deps.ts barrel stays out of functions)", async () => {
  for (const name of names) {
    const { packages, modules } = await measureBundle(PROJECT_ROOT, name);
    const ids = packages.map((p) => p.id);
    assert.ok(
      !ids.some((id) => id.startsWith("@supabase/") || id.startsWith("gpt-tokenizer@")),
      `${name}: ${ids}`,
    );
    assert.ok(!modules.some((m) => m.path === "shared/deps.ts"), `${name} imports shared/deps.ts`);
  }
});
