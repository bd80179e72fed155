/**
 * The hosted test stack is also made like the default *.supabase.co domain
 * (TOKENWATCH_HTML=plain): a GET that answers text/html reaches the browser as text/plain, the
 * body unchanged, so a page that needs HTML does not render there. On the main test stack (a
 * custom domain, as the Supabase CLI serves locally) the same requests answer text/html.
 */
import assert from "node:assert/strict";
import { stackEnv } from "../helpers/test_env.ts";

Deno.test("default domain: GET dashboard and weekly-report?format=html answer text/plain", async () => {
  for (const path of ["dashboard?range=24h", "weekly-report?week=2024-W05&format=html"]) {
    const response = await fetch(`${stackEnv.url}/functions/v1/${path}`, {
      headers: { apikey: stackEnv.secretKey },
    });
    const body = await response.text();
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get("content-type"), "text/plain; charset=utf-8", path);
    assert.match(body, /^<!doctype html>/i, `${path}: the HTML arrives as text`);
  }
});

Deno.test("default domain: answers that are not HTML, and non-GET answers, are untouched", async () => {
  const json = await fetch(`${stackEnv.url}/functions/v1/weekly-report?week=2024-W05&format=json`, {
    headers: { apikey: stackEnv.secretKey },
  });
  await json.body?.cancel();
  assert.equal(json.headers.get("content-type"), "application/json; charset=utf-8");
  // A POST that answers HTML (a refused sign-in) keeps its type: hosted rewrites GET answers.
  const signIn = await fetch(`${stackEnv.url}/functions/v1/dashboard`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    body: "key=wrong",
  });
  await signIn.body?.cancel();
  assert.equal(signIn.status, 401);
  assert.match(signIn.headers.get("content-type") ?? "", /^text\/html/);
});
