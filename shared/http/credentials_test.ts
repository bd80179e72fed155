import assert from "node:assert/strict";
import { HttpError } from "./errors.ts";
import { acceptedKeys, constantTimeEqual, requireCredential } from "./credentials.ts";

const secrets = (values: Record<string, string>) => (name: string) => values[name];
const req = (headers: Record<string, string>) => new Request("http://x/f", { headers });
const SECRET = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz";
const ROTATED = "sb_secret_AAAAAAAAAAAAAAAAAAAAAA_BBBBBBBB";
const PUBLISHABLE = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH";
const project = secrets({
  SUPABASE_SECRET_KEYS: JSON.stringify({ default: SECRET, cron: ROTATED }),
  SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: PUBLISHABLE }),
});

Deno.test("constantTimeEqual compares whole strings", () => {
  assert.equal(constantTimeEqual("abc", "abc"), true);
  assert.equal(constantTimeEqual("abc", "abd"), false);
  assert.equal(constantTimeEqual("abc", "abcd"), false);
  assert.equal(constantTimeEqual("", ""), true);
});

Deno.test("requireCredential accepts every secret key, in apikey or as a bearer token", () => {
  assert.equal(
    requireCredential(req({ apikey: SECRET }), { secrets: project }).name,
    "SUPABASE_SECRET_KEYS.default",
  );
  assert.equal(
    requireCredential(req({ authorization: `Bearer ${SECRET}` }), { secrets: project }).project,
    true,
  );
  assert.equal(
    requireCredential(req({ apikey: ROTATED }), { secrets: project }).name,
    "SUPABASE_SECRET_KEYS.cron",
  );
});

Deno.test("requireCredential accepts the legacy service role key while it is set", () => {
  const s = secrets({ SUPABASE_SERVICE_ROLE_KEY: "svc" });
  assert.deepEqual(requireCredential(req({ authorization: "Bearer svc" }), { secrets: s }), {
    name: "SUPABASE_SERVICE_ROLE_KEY",
    value: "svc",
    project: true,
  });
  assert.equal(requireCredential(req({ apikey: "svc" }), { secrets: s }).name, "SUPABASE_SERVICE_ROLE_KEY");
});

Deno.test("requireCredential accepts a configured key in x-tokenwatch-key, not an unset one", () => {
  const s = secrets({ SUPABASE_SERVICE_ROLE_KEY: "svc", TOKENWATCH_INGEST_KEY: "ingest-123" });
  const opts = { secrets: s, extraKeySecrets: ["TOKENWATCH_INGEST_KEY", "UNSET_KEY"] };
  const matched = requireCredential(req({ "x-tokenwatch-key": "ingest-123" }), opts);
  assert.deepEqual([matched.name, matched.project], ["TOKENWATCH_INGEST_KEY", false]);
  assert.throws(() => requireCredential(req({ "x-tokenwatch-key": "" }), opts), HttpError);
});

Deno.test("requireCredential refuses missing, wrong, publishable and anon credentials with 401", () => {
  const s = secrets({
    SUPABASE_SECRET_KEYS: JSON.stringify({ default: SECRET }),
    SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: PUBLISHABLE }),
    SUPABASE_SERVICE_ROLE_KEY: "svc",
    SUPABASE_ANON_KEY: "anon",
  });
  const cases: Record<string, string>[] = [
    {},
    { authorization: "Bearer anon" },
    { apikey: "anon" },
    { apikey: PUBLISHABLE },
    { authorization: `Bearer ${PUBLISHABLE}` },
    { apikey: `${SECRET}x` },
    { authorization: "Bearer svc2" },
    { authorization: "svc" },
    { authorization: SECRET },
  ];
  for (const headers of cases) {
    assert.throws(
      () => requireCredential(req(headers), { secrets: s }),
      (e: unknown) => e instanceof HttpError && e.status === 401,
      JSON.stringify(headers),
    );
  }
});

Deno.test("acceptedKeys ignores a malformed SUPABASE_SECRET_KEYS instead of accepting anything", () => {
  for (
    const value of ["", "not json", '["sb_secret_x"]', '"sb_secret_x"', '{"default":""}', '{"default":1}']
  ) {
    assert.deepEqual(acceptedKeys(secrets({ SUPABASE_SECRET_KEYS: value })), [], value);
  }
});
