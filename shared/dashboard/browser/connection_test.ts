import assert from "node:assert/strict";
import {
  checkConnection,
  dashboardEndpoint,
  forgetConnection,
  type KeyValueStore,
  readConnection,
  saveConnection,
  STORAGE_KEY,
} from "./connection.ts";

function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

/** An unsigned JWT with this payload (only the payload is read). */
const jwt = (payload: Record<string, unknown>): string =>
  `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify(payload)).replace(/=+$/, "")}.c2ln`;

Deno.test("checkConnection: the project URL is normalised; a trailing /functions/v1/dashboard is dropped", () => {
  for (
    const [typed, expected] of [
      ["https://abcd.supabase.co", "https://abcd.supabase.co"],
      [" https://abcd.supabase.co/ ", "https://abcd.supabase.co"],
      ["https://abcd.supabase.co/functions/v1/dashboard", "https://abcd.supabase.co"],
      ["https://abcd.supabase.co/functions/v1/", "https://abcd.supabase.co"],
      ["http://127.0.0.1:54321", "http://127.0.0.1:54321"],
      ["http://localhost:54321/", "http://localhost:54321"],
      ["https://example.com/supabase", "https://example.com/supabase"],
    ]
  ) {
    const check = checkConnection({ url: typed, key: " dash-key " });
    assert.deepEqual(check, { ok: true, connection: { projectUrl: expected, key: "dash-key" } }, typed);
  }
});

Deno.test("checkConnection: refuses secret, service_role, publishable and anon keys, naming the dashboard key", () => {
  const cases: [string, RegExp][] = [
    [
      "sb_secret_0123456789abcdef",
      /secret key \(sb_secret_…\): it must never be used in a browser, and hosted Supabase refuses it/,
    ],
    [
      jwt({ role: "service_role", iss: "supabase" }),
      /this is the service_role key: it must never be used in a browser/,
    ],
    ["sb_publishable_0123456789", /publishable key .* does not open the dashboard/],
    [jwt({ role: "anon" }), /a anon key does not open the dashboard/],
    ["", /enter the dashboard key/],
    ["two words", /spaces or control characters/],
    ["k".repeat(1025), /longer than 1024 characters/],
  ];
  for (const [key, message] of cases) {
    const check = checkConnection({ url: "https://abcd.supabase.co", key });
    assert.equal(check.ok, false, key);
    if (!check.ok) {
      assert.equal(check.problems.length, 1);
      assert.equal(check.problems[0].field, "key");
      assert.match(check.problems[0].message, message);
      if (!/spaces|longer/.test(check.problems[0].message)) {
        assert.match(check.problems[0].message, /dashboard key/);
      }
    }
  }
});

Deno.test("checkConnection: refuses URLs that are not https (http only on loopback), carry credentials or a query; lists both fields", () => {
  const cases: [string, RegExp][] = [
    ["abcd.supabase.co", /enter the project URL/],
    ["http://abcd.supabase.co", /must start with https:\/\//],
    ["ftp://127.0.0.1", /must start with https:\/\//],
    ["javascript:alert(1)", /must start with https:\/\//],
    ["https://user:pw@abcd.supabase.co", /user name or password/],
    ["https://abcd.supabase.co/?x=1", /query/],
    ["https://abcd.supabase.co/#top", /fragment/],
  ];
  for (const [url, message] of cases) {
    const check = checkConnection({ url, key: "sb_secret_x" });
    assert.equal(check.ok, false, url);
    if (!check.ok) {
      assert.deepEqual(check.problems.map((p) => p.field), ["url", "key"], url);
      assert.match(check.problems[0].message, message, url);
    }
  }
});

Deno.test("checkConnection: a build for one project accepts only that project", () => {
  const fixedUrl = "https://abcd.supabase.co";
  assert.equal(checkConnection({ url: "https://abcd.supabase.co/", key: "k" }, { fixedUrl }).ok, true);
  const other = checkConnection({ url: "https://evil.example", key: "k" }, { fixedUrl });
  assert.deepEqual(other, {
    ok: false,
    problems: [{ field: "url", message: "this page was built for https://abcd.supabase.co only" }],
  });
});

Deno.test("dashboardEndpoint: the dashboard function with the page's own query, format dropped", () => {
  assert.equal(
    dashboardEndpoint("https://a.supabase.co", ""),
    "https://a.supabase.co/functions/v1/dashboard",
  );
  assert.equal(
    dashboardEndpoint("http://127.0.0.1:54321", "?range=7d&app=shop+1&format=html"),
    "http://127.0.0.1:54321/functions/v1/dashboard?range=7d&app=shop+1",
  );
});

Deno.test("connection storage: saved, read back checked, forgotten; anything unreadable or refused is removed", () => {
  const store = memoryStore();
  assert.equal(readConnection(store), null);
  saveConnection(store, { projectUrl: "https://a.supabase.co", key: "dash" });
  assert.equal(store.map.get(STORAGE_KEY), '{"projectUrl":"https://a.supabase.co","key":"dash"}');
  assert.deepEqual(readConnection(store), { projectUrl: "https://a.supabase.co", key: "dash" });
  assert.equal(readConnection(store, { fixedUrl: "https://b.supabase.co" }), null, "another project's build");
  assert.equal(store.map.has(STORAGE_KEY), false);
  for (
    const text of [
      "not json",
      '{"projectUrl":1}',
      '{"projectUrl":"https://a.supabase.co","key":"sb_secret_x"}',
    ]
  ) {
    store.map.set(STORAGE_KEY, text);
    assert.equal(readConnection(store), null, text);
    assert.equal(store.map.has(STORAGE_KEY), false, text);
  }
  saveConnection(store, { projectUrl: "https://a.supabase.co", key: "dash" });
  forgetConnection(store);
  assert.equal(store.map.size, 0);
});
