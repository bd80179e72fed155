/**
 * The local stack's own secrets, made once per state folder and kept (git-ignored) in
 * `<stateDir>/secrets.json`: the JWT secret the anon and service_role keys are signed with,
 * and the key the Vault stand-in encrypts with. Keys are stable across restarts.
 */
import { signJwt } from "../shared/auth/jwt.ts";

/** The stack's secrets and the API keys derived from them. */
export interface StackSecrets {
  jwtSecret: string;
  vaultKey: string;
  anonKey: string;
  serviceRoleKey: string;
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Loads the secrets of `stateDir`, creating them on first use. */
export async function loadStackSecrets(stateDir: string): Promise<StackSecrets> {
  const file = `${stateDir}/secrets.json`;
  try {
    return JSON.parse(await Deno.readTextFile(file)) as StackSecrets;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const jwtSecret = randomHex(32);
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + 10 * 365 * 24 * 3600;
  const secrets: StackSecrets = {
    jwtSecret,
    vaultKey: randomHex(32),
    anonKey: await signJwt({ iss: "supabase-local", role: "anon", iat, exp }, jwtSecret),
    serviceRoleKey: await signJwt({ iss: "supabase-local", role: "service_role", iat, exp }, jwtSecret),
  };
  await Deno.mkdir(stateDir, { recursive: true });
  await Deno.writeTextFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
