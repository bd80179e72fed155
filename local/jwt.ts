/**
 * HS256 JSON Web Tokens, as Supabase issues them for the anon and service_role keys.
 * Web Crypto only, so it runs in Deno, Edge Functions and the local gateway alike.
 */

/** Claims Tokenwatch reads; any other claim is carried through untouched. */
export interface JwtClaims {
  role?: string;
  iss?: string;
  sub?: string;
  iat?: number;
  exp?: number;
  [claim: string]: unknown;
}

/** Why a token was refused, or the claims it carries. */
export type JwtCheck = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

/** Signs `claims` as an HS256 JWT with `secret`. */
export async function signJwt(claims: JwtClaims, secret: string): Promise<string> {
  const header = base64url(encoder.encode(JSON.stringify({ alg: "HS256", typ: "JWT" })));
  const payload = base64url(encoder.encode(JSON.stringify(claims)));
  const signature = await crypto.subtle.sign(
    "HMAC",
    await hmacKey(secret),
    encoder.encode(`${header}.${payload}`),
  );
  return `${header}.${payload}.${base64url(new Uint8Array(signature))}`;
}

/**
 * Verifies an HS256 JWT: the signature against `secret`, and `exp` against `nowSeconds`
 * (default: the current time). Never throws for a malformed token.
 */
export async function verifyJwt(token: string, secret: string, nowSeconds?: number): Promise<JwtCheck> {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed token" };
  const [header, payload, signature] = parts;
  try {
    const head = JSON.parse(new TextDecoder().decode(fromBase64url(header)));
    if (head.alg !== "HS256") return { ok: false, reason: `unsupported alg ${String(head.alg)}` };
    const valid = await crypto.subtle.verify(
      "HMAC",
      await hmacKey(secret),
      fromBase64url(signature),
      encoder.encode(`${header}.${payload}`),
    );
    if (!valid) return { ok: false, reason: "bad signature" };
    const claims = JSON.parse(new TextDecoder().decode(fromBase64url(payload))) as JwtClaims;
    const now = nowSeconds ?? Math.floor(Date.now() / 1000);
    if (typeof claims.exp === "number" && claims.exp <= now) return { ok: false, reason: "token expired" };
    return { ok: true, claims };
  } catch {
    return { ok: false, reason: "malformed token" };
  }
}
