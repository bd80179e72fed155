/**
 * Who may call a function. The gateway (verify_jwt) only proves a token is validly signed;
 * anon keys are validly signed too, so each function checks for the credential it needs:
 * the service role key, or a key the user configured as a function secret (for example
 * TOKENWATCH_INGEST_KEY for apps that send usage, TOKENWATCH_DASHBOARD_KEY for the page).
 */
import { unauthorized } from "./errors.ts";

/** Where a function finds its secrets (Deno.env in production; a map in tests). */
export type SecretSource = (name: string) => string | undefined;

const envSource: SecretSource = (name) => Deno.env.get(name);

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** The credential a request presents: `Authorization: Bearer …`, or `apikey` / `x-tokenwatch-key` headers. */
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

/** Options for {@link requireCredential}. */
export interface CredentialOptions {
  /** Names of function secrets that hold extra accepted keys (empty ones are ignored). */
  extraKeySecrets?: string[];
  /** Keys presented some other way (e.g. a dashboard key from a cookie). */
  alsoPresented?: string[];
  secrets?: SecretSource;
}

/**
 * Throws 401 unless the request presents the service role key or one of the configured keys.
 * Returns which secret matched.
 */
export function requireCredential(request: Request, opts: CredentialOptions = {}): string {
  const secrets = opts.secrets ?? envSource;
  const accepted: [string, string][] = [];
  for (const name of ["SUPABASE_SERVICE_ROLE_KEY", ...(opts.extraKeySecrets ?? [])]) {
    const value = secrets(name);
    if (value) accepted.push([name, value]);
  }
  for (const key of [...presentedKeys(request), ...(opts.alsoPresented ?? [])]) {
    const match = accepted.find(([, value]) => constantTimeEqual(key, value));
    if (match) return match[0];
  }
  throw unauthorized();
}
