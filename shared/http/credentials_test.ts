import assert from "node:assert/strict";
import { HttpError } from "./errors.ts";
import { constantTimeEqual, requireCredential } from "./credentials.ts";

const secrets = (values: Record<string, string>) => (name: string) => values[name];
const req = (headers: Record<string, string>) => new Request("http://x/f", { headers });

Deno.test("constantTimeEqual compares whole strings", () => {
  assert.equal(constantTimeEqual("abc", "abc"), true);
  assert.equal(constantTimeEqual("abc", "abd"), false);
  assert.equal(constantTimeEqual("abc", "abcd"), false);
  assert.equal(constantTimeEqual("", ""), true);
});

Deno.test("requireCredential accepts the service role key as a bearer token", () => {
  const s = secrets({ SUPABASE_SERVICE_ROLE_KEY: "svc" });
  assert.equal(requireCredential(req({ authorization: "Bearer svc" }), { secrets: s }), "SUPABASE_SERVICE_ROLE_KEY");
});

Deno.test("requireCredential accepts a configured key in x-tokenwatch-key, not an unset one", () => {
  const s = secrets({ SUPABASE_SERVICE_ROLE_KEY: "svc", TOKENWATCH_INGEST_KEY: "ingest-123" });
  const opts = { secrets: s, extraKeySecrets: ["TOKENWATCH_INGEST_KEY", "UNSET_KEY"] };
  assert.equal(requireCredential(req({ "x-tokenwatch-key": "ingest-123" }), opts), "TOKENWATCH_INGEST_KEY");
  assert.throws(() => requireCredential(req({ "x-tokenwatch-key": "" }), opts), HttpError);
});

Deno.test("requireCredential refuses missing, wrong and anon credentials with 401", () => {
  const s = secrets({ SUPABASE_SERVICE_ROLE_KEY: "svc", SUPABASE_ANON_KEY: "anon" });
  const cases: Record<string, string>[] = [{}, { authorization: "Bearer anon" }, { authorization: "Bearer svc2" }, { authorization: "svc" }];
  for (const headers of cases) {
    assert.throws(() => requireCredential(req(headers), { secrets: s }), (e: unknown) => e instanceof HttpError && e.status === 401);
  }
});
