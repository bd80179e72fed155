/**
 * Who may call a function. Every Tokenwatch function has `verify_jwt = false` (Supabase's
 * recommendation for functions that accept API keys) and checks credentials here, so a request
 * is let in only with one of:
 *
 * - the project's secret key: any value of `SUPABASE_SECRET_KEYS` (the JSON object name → key
 *   that hosted gives every function; `sb_secret_…`), in `apikey` (how supabase-js 2.119 and
 *   pg_cron send it) or as `Authorization: Bearer`;
 * - the legacy service_role JWT (`SUPABASE_SERVICE_ROLE_KEY`), only while the project still has
 *   legacy keys (hosted stops giving functions the variable when they are disabled);
 * - a key the user configured as a function secret for one function (TOKENWATCH_INGEST_KEY for
 *   apps that send usage, TOKENWATCH_DASHBOARD_KEY for the dashboard), also in `x-tokenwatch-key`.
 *
 * The publishable and anon keys, user JWTs and anything else get 401.
 *
 * Why not `@supabase/server` (Supabase's own library for this, `auth: 'secret:*'`): it imports
 * supabase-js (a peer dependency, about 10 MB of npm packages, which a server-side bundle
 * carries whole) into every function, which breaks the 5 MB bundle limit; it does not read
 * a secret key sent as `Authorization: Bearer` nor the function-secret keys above, so a check
 * of our own would remain anyway. The rules it applies are the ones kept here: the key is read
 * from `apikey`, compared in constant time with every configured secret key.
 */
import { unauthorized } from "./errors.ts";

/** Where a function finds its secrets (Deno.env in production; a map in tests). */
export type SecretSource = (name: string) => string | undefined;

const envSource: SecretSource = (name) => Deno.env.get(name);

/** A key a function accepts: where it is configured, and whether it is a project-wide secret key. */
export interface AcceptedKey {
  /** `SUPABASE_SECRET_KEYS.<name>`, `SUPABASE_SERVICE_ROLE_KEY` or the function secret's name. */
  name: string;
  value: string;
  /** True for the project's secret keys and the legacy service role key (full access). */
  project: boolean;
}

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** The credentials a request presents: `Authorization: Bearer …`, `apikey`, `x-tokenwatch-key`. */
export function presentedKeys(request: Request): string[] {
  const keys: string[] = [];
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "");
  if (bearer) keys.push(bearer[1].trim());
  for (const header of ["x-tokenwatch-key", "apikey"]) {
    const value = request.headers.get(header);
    if (value) keys.push(value.trim());
  }
  return keys;
}

/** The values of a `SUPABASE_*_KEYS` variable (a JSON object name → key); a malformed one yields none. */
function namedKeys(json: string | undefined): [string, string][] {
  if (!json) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return [];
    return Object.entries(parsed).filter((e): e is [string, string] =>
      typeof e[1] === "string" && e[1] !== ""
    );
  } catch {
    return [];
  }
}

/** Every key a function accepts: the project's secret keys, the legacy service role key, the extra ones. */
export function acceptedKeys(
  secrets: SecretSource = envSource,
  extraKeySecrets: string[] = [],
): AcceptedKey[] {
  const keys: AcceptedKey[] = namedKeys(secrets("SUPABASE_SECRET_KEYS")).map(([name, value]) => ({
    name: `SUPABASE_SECRET_KEYS.${name}`,
    value,
    project: true,
  }));
  const legacy = secrets("SUPABASE_SERVICE_ROLE_KEY");
  if (legacy) keys.push({ name: "SUPABASE_SERVICE_ROLE_KEY", value: legacy, project: true });
  for (const name of extraKeySecrets) {
    const value = secrets(name);
    if (value) keys.push({ name, value, project: false });
  }
  return keys;
}

/** Options for {@link requireCredential}. */
export interface CredentialOptions {
  /** Names of function secrets that hold extra accepted keys (empty ones are ignored). */
  extraKeySecrets?: string[];
  /** Keys presented some other way (e.g. a dashboard key from a cookie). */
  alsoPresented?: string[];
  secrets?: SecretSource;
}

/** Throws 401 unless the request presents an accepted key; returns the key that matched. */
export function requireCredential(request: Request, opts: CredentialOptions = {}): AcceptedKey {
  const accepted = acceptedKeys(opts.secrets ?? envSource, opts.extraKeySecrets);
  for (const key of [...presentedKeys(request), ...(opts.alsoPresented ?? [])]) {
    const match = accepted.find((candidate) => constantTimeEqual(key, candidate.value));
    if (match) return match;
  }
  throw unauthorized();
}
