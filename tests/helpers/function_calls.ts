/**
 * One request each Tokenwatch function answers with 2xx when its credentials are good, so the
 * key tests (tests/integration/function_keys_test.ts on a project with legacy keys,
 * tests/hosted/ on one without) ask every function the same thing with different credentials.
 */
import { stackEnv } from "./test_env.ts";

/** A function and a request it accepts, made with the given credential headers. */
export interface FunctionCall {
  name: string;
  request(headers: Record<string, string>): Request;
}

const url = (path: string): string => `${stackEnv.url}/functions/v1/${path}`;

/** Every function of supabase/functions, each with a request that changes nothing or only adds its own event. */
export const FUNCTION_CALLS: FunctionCall[] = [
  {
    name: "ingest",
    request: (headers) =>
      new Request(url("ingest"), {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({
          request_id: crypto.randomUUID(),
          source: "twtest-keys",
          model: "gpt-4o-mini",
          input_tokens: 12,
          output_tokens: 3,
        }),
      }),
  },
  {
    name: "check-alerts",
    request: (headers) =>
      new Request(url("check-alerts"), {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: "{}",
      }),
  },
  {
    name: "check-budget",
    request: (headers) =>
      new Request(url("check-budget"), {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ scope: { user_id: "twtest-keys" } }),
      }),
  },
  { name: "track-usage", request: (headers) => new Request(url("track-usage?period=day"), { headers }) },
  {
    name: "weekly-report",
    request: (headers) => new Request(url("weekly-report?week=2024-W05&format=json"), { headers }),
  },
  { name: "dashboard", request: (headers) => new Request(url("dashboard?range=24h"), { headers }) },
  {
    // An OTLP JSON export with one span that is no LLM call: answered 200 (rejected), nothing stored.
    name: "otlp",
    request: (headers) =>
      new Request(url("otlp/v1/traces"), {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({
          resourceSpans: [{
            scopeSpans: [{
              spans: [{
                traceId: "5b8efff798038103d269b633813fc60c",
                spanId: "eee19b7ec3c1b174",
                name: "keys",
              }],
            }],
          }],
        }),
      }),
  },
  {
    // every enabled billing source; the test stack has none, so nothing is read
    name: "billing-sync",
    request: (headers) =>
      new Request(url("billing-sync"), {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: "{}",
      }),
  },
];

/** The status each function answers `headers` with (the body is read and dropped). */
export async function statuses(headers: Record<string, string>): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const call of FUNCTION_CALLS) {
    const response = await fetch(call.request(headers));
    await response.body?.cancel();
    result[call.name] = response.status;
  }
  return result;
}

/** The same status for every function, in the shape {@link statuses} returns. */
export function everyFunction(status: number): Record<string, number> {
  return Object.fromEntries(FUNCTION_CALLS.map((call) => [call.name, status]));
}

/** The local stack's own secrets file (the JWT secret the legacy keys are signed with). */
export async function stackSecrets(): Promise<
  { jwtSecret: string; serviceRoleKey: string; anonKey: string }
> {
  return JSON.parse(await Deno.readTextFile(`${Deno.env.get("TOKENWATCH_STATE_DIR")}/secrets.json`));
}
