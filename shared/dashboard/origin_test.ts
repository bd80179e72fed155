import assert from "node:assert/strict";
import { ownHosts, postRefusal } from "./origin.ts";

const post = (headers: Record<string, string>, url = "http://127.0.0.1:9000/dashboard"): Request =>
  new Request(url, { method: "POST", headers });

const policy = {
  projectUrl: "https://abcd.supabase.co",
  extraOrigins: "https://dash.example.com, bad value",
};

Deno.test("postRefusal: the page's own origin passes, whichever of Host, X-Forwarded-Host, request URL or project URL names it", () => {
  for (
    const headers of [
      { origin: "https://abcd.supabase.co" },
      { origin: "https://abcd.supabase.co:443" },
      { origin: "http://127.0.0.1:9000" },
      { origin: "https://gw.example", host: "gw.example:443" },
      { origin: "https://custom.example", "x-forwarded-host": "custom.example, inner.internal" },
      { origin: "https://dash.example.com" },
      { origin: "https://abcd.supabase.co", "sec-fetch-site": "same-origin" },
      { origin: "null", "sec-fetch-site": "same-origin" },
      {},
      { "sec-fetch-site": "none" },
    ] as Record<string, string>[]
  ) {
    assert.equal(postRefusal(post(headers), policy), null, JSON.stringify(headers));
  }
});

Deno.test("postRefusal: another site, a sibling subdomain, Origin null or junk is refused with a sentence naming it", () => {
  const cases: [Record<string, string>, string][] = [
    [
      { origin: "https://evil.example" },
      "This form was sent from another site (Origin https://evil.example); sign in and out from the dashboard page itself.",
    ],
    [
      { origin: "https://other.supabase.co" },
      "This form was sent from another site (Origin https://other.supabase.co); sign in and out from the dashboard page itself.",
    ],
    [
      { origin: "http://127.0.0.1:9001" },
      "This form was sent from another site (Origin http://127.0.0.1:9001); sign in and out from the dashboard page itself.",
    ],
    [
      { origin: "null" },
      "This form was sent from a page without an origin (Origin: null); sign in and out from the dashboard page itself.",
    ],
    [
      { origin: "file://" },
      "The Origin header is not an http(s) origin; sign in and out from the dashboard page itself.",
    ],
    [
      { origin: "::" },
      "The Origin header is not an http(s) origin; sign in and out from the dashboard page itself.",
    ],
    [
      { "sec-fetch-site": "cross-site" },
      "This form was sent from another site (Sec-Fetch-Site: cross-site); sign in and out from the dashboard page itself.",
    ],
    [
      { origin: "https://abcd.supabase.co", "sec-fetch-site": "same-site" },
      "This form was sent from another site (Sec-Fetch-Site: same-site); sign in and out from the dashboard page itself.",
    ],
  ];
  for (const [headers, message] of cases) assert.equal(postRefusal(post(headers), policy), message);
  // Without the project URL the same origin is foreign.
  assert.match(
    postRefusal(post({ origin: "https://abcd.supabase.co" }))!,
    /Origin https:\/\/abcd\.supabase\.co/,
  );
});

Deno.test("ownHosts: default ports dropped for the Origin's scheme; malformed Host values ignored", () => {
  const request = post({ host: "a.example:443", "x-forwarded-host": "b/evil" }, "http://127.0.0.1:9000/x");
  assert.deepEqual([...ownHosts(request, new URL("https://a.example"), {})], ["a.example", "127.0.0.1:9000"]);
  assert.deepEqual([...ownHosts(request, new URL("http://a.example"), {})], [
    "a.example:443",
    "127.0.0.1:9000",
  ]);
});
