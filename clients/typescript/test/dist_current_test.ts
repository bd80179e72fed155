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
