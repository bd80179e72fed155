/**
 * `npm run dashboard:build`: writes the static dashboard where asked (default dist/dashboard.html),
 * for any project or, with --project-url, for one (its URL fixed in the form and the only origin
 * the CSP lets it connect to); bad arguments exit 2 and write nothing. Needs no stack.
 */
import assert from "node:assert/strict";
import { runMonitor } from "../fixtures/datasets/run_command.ts";

Deno.test("dashboard:build writes one self-contained file; --project-url narrows connect-src to that origin", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "tokenwatch-dashboard-build-" });
  try {
    const any = await runMonitor("dashboard_build.ts", [`--out=${cwd}/any.html`], { cwd });
    assert.equal(any.code, 0, any.stderr);
    assert.match(any.stdout, new RegExp(`^${cwd}/any\\.html \\(\\d+\\.\\d KB\\)\\n`));
    assert.match(any.stdout, /enter your project URL and the dashboard key \(TOKENWATCH_DASHBOARD_KEY\)/);
    const html = await Deno.readTextFile(`${cwd}/any.html`);
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /connect-src https: http:\/\/127\.0\.0\.1:\* http:\/\/localhost:\*;/);
    assert.match(html, /<div id="app">/);

    const one = await runMonitor(
      "dashboard_build.ts",
      ["--project-url=https://abcd.supabase.co/", `--out=${cwd}/one.html`],
      { cwd },
    );
    assert.equal(one.code, 0, one.stderr);
    const fixed = await Deno.readTextFile(`${cwd}/one.html`);
    assert.match(fixed, /connect-src https:\/\/abcd\.supabase\.co;/);
    assert.match(fixed, /<div id="app" data-project-url="https:\/\/abcd\.supabase\.co">/);

    for (const args of [["--project-url=http://abcd.supabase.co"], ["--colour=red"]]) {
      const bad = await runMonitor("dashboard_build.ts", [...args, `--out=${cwd}/bad.html`], { cwd });
      assert.equal(bad.code, 2, args.join(" "));
      assert.match(bad.stderr, /usage: npm run dashboard:build/);
    }
    assert.deepEqual([...Deno.readDirSync(cwd)].map((e) => e.name).sort(), ["any.html", "one.html"]);
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});
