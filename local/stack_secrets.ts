/**
 * The local stack's own secrets, made once per state folder and kept (git-ignored) in
 * `<stateDir>/secrets.json`: the JWT secret the legacy anon and service_role keys are signed
 * with, the key the Vault stand-in encrypts with, and the new-format API keys a hosted project
 * has today: a publishable key (`sb_publishable_…`) and a secret key (`sb_secret_…`). Keys are
 * stable across restarts; a secrets.json written before the new keys existed gets them added.
 */
import { signJwt } from "./jwt.ts";

/** The stack's secrets and the API keys derived from them. */
export interface StackSecrets {
  jwtSecret: string;
  vaultKey: string;
  /** Legacy JWT keys (role anon / service_role), signed with jwtSecret. */
  anonKey: string;
  serviceRoleKey: string;
  /** New-format keys: opaque strings, not JWTs. */
  publishableKey: string;
  secretKey: string;
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * A new-format API key in the shape Supabase issues them (the CLI's local default is
 * `sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz`): the prefix, 16 random bytes as 22 base64url
 * characters, `_`, and an 8-character checksum (here: the first 6 bytes of SHA-256 of what
 * precedes it, base64url). Publishable keys are 46 characters, secret keys 41.
 */
export async function makeApiKey(kind: "publishable" | "secret"): Promise<string> {
  const body = `sb_${kind}_${base64url(crypto.getRandomValues(new Uint8Array(16)))}`;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
  return `${body}_${base64url(digest.slice(0, 6))}`;
}

async function legacyKeys(jwtSecret: string): Promise<Pick<StackSecrets, "anonKey" | "serviceRoleKey">> {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + 10 * 365 * 24 * 3600;
  return {
    anonKey: await signJwt({ iss: "supabase-local", role: "anon", iat, exp }, jwtSecret),
    serviceRoleKey: await signJwt({ iss: "supabase-local", role: "service_role", iat, exp }, jwtSecret),
  };
}

/** Loads the secrets of `stateDir`, creating (or completing) them on first use. */
export async function loadStackSecrets(stateDir: string): Promise<StackSecrets> {
  const file = `${stateDir}/secrets.json`;
  let stored: Partial<StackSecrets> = {};
  try {
    stored = JSON.parse(await Deno.readTextFile(file)) as Partial<StackSecrets>;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const jwtSecret = stored.jwtSecret ?? randomHex(32);
  const secrets: StackSecrets = {
    jwtSecret,
    vaultKey: stored.vaultKey ?? randomHex(32),
    ...(stored.anonKey && stored.serviceRoleKey
      ? { anonKey: stored.anonKey, serviceRoleKey: stored.serviceRoleKey }
      : await legacyKeys(jwtSecret)),
    publishableKey: stored.publishableKey ?? await makeApiKey("publishable"),
    secretKey: stored.secretKey ?? await makeApiKey("secret"),
  };
  if (JSON.stringify(secrets) !== JSON.stringify(stored)) {
    await Deno.mkdir(stateDir, { recursive: true });
    await Deno.writeTextFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
