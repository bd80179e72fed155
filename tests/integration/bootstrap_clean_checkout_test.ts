/**
 * The first `npm start` / `npm test` on a fresh clone installs the pinned tools
 * (scripts/bootstrap.mjs) without changing a tracked file: package.json and package-lock.json
 * stay byte for byte as committed (npm would otherwise add other platforms' optional binaries to
 * the lock file). Run in a scratch copy of the three files, so the project's node_modules is
 * untouched; npm's cache makes the install quick.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT } from "../../local/stack_config.ts";

Deno.test("bootstrap: installing the pinned tools leaves package.json and package-lock.json unchanged", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tokenwatch-bootstrap-" });
  try {
    const tracked = ["package.json", "package-lock.json"];
    const before = new Map<string, string>();
    for (const name of tracked) {
      const text = await Deno.readTextFile(`${PROJECT_ROOT}/${name}`);
      before.set(name, text);
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    await Deno.mkdir(`${dir}/scripts`);
    await Deno.copyFile(`${PROJECT_ROOT}/scripts/bootstrap.mjs`, `${dir}/scripts/bootstrap.mjs`);
    await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
    await Deno.writeTextFile(
      `${dir}/probe.ts`,
      'console.log(`deno ${Deno.version.deno} ran ${Deno.args.join(" ")}`);\n',
    );

    const out = await new Deno.Command("node", {
      args: ["scripts/bootstrap.mjs", "probe.ts", "hello"],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, text);
    // The deno the lock file pins (package-lock.json: node_modules/deno 2.9.6) ran the script.
    assert.match(text, /deno 2\.9\.6 ran hello/);
    for (const name of tracked) {
      assert.equal(
        await Deno.readTextFile(`${dir}/${name}`),
        before.get(name),
        `${name} was rewritten by the install`,
      );
    }
    const lock = JSON.parse(before.get("package-lock.json")!) as {
      packages: Record<string, { version?: string }>;
    };
    const installed = JSON.parse(await Deno.readTextFile(`${dir}/node_modules/supabase/package.json`)) as {
      version: string;
    };
    assert.equal(
      installed.version,
      lock.packages["node_modules/supabase"].version,
      "supabase at the lock's version",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
