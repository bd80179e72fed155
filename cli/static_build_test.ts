import assert from "node:assert/strict";
import {
  buildStaticDashboard,
  connectSources,
  inlineSafe,
  staticDashboardCsp,
  staticDashboardHtml,
} from "./static_build.ts";

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest));
}

Deno.test("connectSources: any https origin and the loopback stack, or exactly one project's origin", () => {
  assert.equal(connectSources(), "https: http://127.0.0.1:* http://localhost:*");
  assert.equal(connectSources("https://abcd.supabase.co/"), "https://abcd.supabase.co");
  assert.equal(connectSources("http://127.0.0.1:54321"), "http://127.0.0.1:54321");
  assert.throws(() => connectSources("http://abcd.supabase.co"), /must be https:\/\//);
  assert.throws(() => connectSources("not a url"));
});

Deno.test("staticDashboardCsp: nothing but the hashed script, inline styles, data: images and the project", () => {
  assert.equal(
    staticDashboardCsp("abc=", "https://abcd.supabase.co"),
    "default-src 'none'; script-src 'sha256-abc='; style-src 'unsafe-inline'; img-src data:; connect-src https://abcd.supabase.co; form-action 'none'; base-uri 'none'",
  );
});

Deno.test("inlineSafe: </script and <!-- cannot end or confuse the script element", () => {
  assert.equal(
    inlineSafe('a="</script>";b=/<\\/SCRIPT/;c="<!--"'),
    'a="<\\/script>";b=/<\\/SCRIPT/;c="<\\!--"',
  );
});

Deno.test("staticDashboardHtml: one document, the CSP meta first in head with the inline script's exact hash", async () => {
  const html = await staticDashboardHtml('console.log("</script>")', {
    projectUrl: "https://abcd.supabase.co",
  });
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
  assert.equal(script, 'console.log("<\\/script>")');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1].replace(
    /&#39;/g,
    "'",
  );
  assert.equal(csp, staticDashboardCsp(await sha256(script), "https://abcd.supabase.co"));
  assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<style>"));
  assert.match(html, /<div id="app" data-project-url="https:\/\/abcd\.supabase\.co">/);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.doesNotMatch(html, /\ssrc=|\shref="http|@import|url\(/, "nothing fetched from elsewhere");
});

Deno.test("buildStaticDashboard: bundles the browser app (type-checked) into one small file with no imports left", async () => {
  const html = await buildStaticDashboard();
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
  assert.doesNotMatch(script, /\bimport\s*\(|^import\s|\brequire\(/m);
  assert.match(script, /tokenwatch\.dashboard\.connection/);
  assert.match(script, /x-tokenwatch-key/);
  assert.match(html, /connect-src https: http:\/\/127\.0\.0\.1:\* http:\/\/localhost:\*/);
  // The page and chart code plus zod 3 (about 57 KB of it): about 120 KB; zod 4's full build alone would be 440 KB.
  const bytes = new TextEncoder().encode(html).length;
  assert.ok(bytes < 150_000, `dist/dashboard.html is ${bytes} bytes`);
});
