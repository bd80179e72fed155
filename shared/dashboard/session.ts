/**
 * The dashboard's sign-in session. Browsers cannot send an Authorization header when they
 * navigate, so a person signs in once with a key (the project's secret key, the service role key
 * or the configured TOKENWATCH_DASHBOARD_KEY) and gets an HttpOnly, SameSite=Strict cookie. The
 * cookie never holds the key: it holds an expiry and
 * HMAC-SHA256(key, "tokenwatch-dashboard-session:v2:" + generation + ":" + expiry), which only
 * someone who knows the key can make, and which stops working when the key changes or when the
 * session generation (monitoring.dashboard_sessions, see session_store.ts) moves on: signing out
 * adds one to it, so every cookie issued before is refused.
 */
import { constantTimeEqual } from "../http/credentials.ts";

/** Name of the session cookie. */
export const SESSION_COOKIE = "tokenwatch_dashboard_session";

/** How long a session lasts: 12 hours. */
export const SESSION_SECONDS = 12 * 3600;

const CONTEXT = "tokenwatch-dashboard-session:v2:";

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The session token for `key` in session generation `generation` that expires at `expiresAt`
 * (Unix seconds): `<expiry>.<base64url HMAC>`. The generation is not in the token: the verifier
 * reads the current one from the database, so a token of an ended generation cannot be made valid.
 */
export async function sessionToken(key: string, generation: number, expiresAt: number): Promise<string> {
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign(
    "HMAC",
    hmacKey,
    new TextEncoder().encode(`${CONTEXT}${generation}:${expiresAt}`),
  );
  return `${expiresAt}.${base64url(new Uint8Array(mac))}`;
}

/** Whether `token` has the shape of a session token and has not expired at `now` (no MAC check). */
export function isLiveSessionToken(token: string | undefined, now: Date): token is string {
  const m = token === undefined ? null : /^(\d{1,12})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return m !== null && Number(m[1]) * 1000 > now.getTime();
}

/**
 * The candidate keys whose session token `token` is in session generation `generation`, if it
 * has not expired at `now`. Every candidate is checked in constant time, so timing does not tell
 * which one matched.
 */
export async function keysForSession(
  token: string | undefined,
  candidates: string[],
  generation: number,
  now: Date,
): Promise<string[]> {
  if (!isLiveSessionToken(token, now)) return [];
  const expiresAt = Number(token.slice(0, token.indexOf(".")));
  const matched: string[] = [];
  for (const key of candidates) {
    if (constantTimeEqual(await sessionToken(key, generation, expiresAt), token)) matched.push(key);
  }
  return matched;
}

/** The value of cookie `name` in the request's Cookie header. */
export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Options for {@link sessionCookie}. */
export interface CookieOptions {
  /** Adds `Secure` (the page was reached over HTTPS). */
  secure: boolean;
  maxAgeSeconds?: number;
}

/**
 * The Set-Cookie value for a session: HttpOnly (no script can read it), SameSite=Strict (no other
 * site can make the browser send it), no Path, so it is scoped to the function's own folder
 * (`/functions/v1`).
 */
export function sessionCookie(token: string, opts: CookieOptions): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    `Max-Age=${opts.maxAgeSeconds ?? SESSION_SECONDS}`,
    "HttpOnly",
    "SameSite=Strict",
  ];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

/** The Set-Cookie value that ends the session. */
export function clearSessionCookie(opts: { secure: boolean }): string {
  return sessionCookie("", { ...opts, maxAgeSeconds: 0 });
}
