import assert from "node:assert/strict";
import { HTML_HEADERS, htmlDocument, PLAIN_TEXT_HINT, renderErrorPage, renderSignInPage } from "./layout.ts";

Deno.test("sign-in and error pages: a form that posts to this URL; problems listed", () => {
  const signIn = renderSignInPage({ error: "That key was not accepted." });
  assert.match(signIn, /<form method="post" autocomplete="off">/);
  assert.match(signIn, /<input id="key" name="key" type="password"/);
  assert.match(signIn, /<p class="error" role="alert">That key was not accepted\.<\/p>/);
  const error = renderErrorPage(400, "bad", [{
    field: "range",
    message: "range=13h is not one of 24h, 7d, 30d",
  }]);
  assert.match(error, /<li><code>range<\/code>: range=13h is not one of 24h, 7d, 30d<\/li>/);
});

Deno.test("htmlDocument: one self-contained document; the headers allow no script and nothing from elsewhere", () => {
  const html = htmlDocument("a <title>", "<p>x</p>");
  assert.match(html, /^<!doctype html>\n<!--[^]*?-->\n<html lang="en">/);
  assert.match(html, /<title>a &lt;title&gt;<\/title>/);
  assert.match(html, /<style>[^<]*<\/style>/);
  assert.doesNotMatch(html, /<script|<link|@import|url\(/i);
  assert.equal(
    HTML_HEADERS["content-security-policy"],
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  );
  assert.equal(HTML_HEADERS["cache-control"], "no-store");
});

Deno.test("htmlDocument extras: the CSP meta before everything it governs, the script last; no </script inside a script", () => {
  const html = htmlDocument("t", "<p>b</p>", { csp: "default-src 'none'", script: "go()" });
  assert.match(
    html,
    /<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;">/,
  );
  assert.match(html, /<p>b<\/p>\n<script>go\(\)<\/script>\n<\/body>/);
  assert.doesNotMatch(htmlDocument("t", "b"), /<script|Content-Security-Policy/);
  assert.throws(() => htmlDocument("t", "b", { script: "x='</SCRIPT>'" }), /must not contain <\/script/);
});

Deno.test("htmlDocument: server pages start with a hint for whoever gets them as text/plain; the static file does not", () => {
  const page = htmlDocument("t", "b");
  assert.ok(page.startsWith(`<!doctype html>\n${PLAIN_TEXT_HINT}<html lang="en">`));
  assert.match(PLAIN_TEXT_HINT, /npm run dashboard:build/);
  assert.doesNotMatch(PLAIN_TEXT_HINT, /--(?!>)[^\n]*--/, "no -- inside the comment");
  assert.ok(htmlDocument("t", "b", { plainTextHint: false }).startsWith('<!doctype html>\n<html lang="en">'));
});
