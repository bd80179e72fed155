import assert from "node:assert/strict";
import { build } from "../scripts/build.ts";

const DIST = new URL("../dist/", import.meta.url).pathname;

Deno.test("the committed dist/ is what scripts/build.ts makes of src/ (run it after changing src/)", async () => {
  const out = await Deno.makeTempDir({ prefix: "tokenwatch-client-dist-" });
  try {
    const built = build(out);
    const committed = [...Deno.readDirSync(DIST)].map((e) => e.name).sort();
    assert.deepEqual(committed, built, "the same files");
    for (const name of built) {
      assert.equal(
        Deno.readTextFileSync(`${DIST}${name}`),
        Deno.readTextFileSync(`${out}/${name}`),
        `dist/${name} is stale: run \`deno run -A clients/typescript/scripts/build.ts\``,
      );
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("the built dist/ loads in Deno and exports what src/ exports", async () => {
  const built = await import(new URL("../dist/index.js", import.meta.url).href);
  const source = await import("../src/index.ts");
  assert.deepEqual(Object.keys(built).sort(), Object.keys(source).sort());
  const tw = built.createTokenwatch({ url: "https://p.example", key: "k", fetch: () => Promise.reject() });
  assert.equal(typeof tw.wrapOpenAI, "function");
  await tw.shutdown();
});
