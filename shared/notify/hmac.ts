/**
 * Webhook signatures. Each webhook request carries
 *
 *     X-Tokenwatch-Timestamp: <unix seconds>
 *     X-Tokenwatch-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
 *
 * Signing the timestamp with the body lets a receiver refuse replays: recompute the HMAC over
 * the same string, compare in constant time, and reject timestamps older than a few minutes.
 */
import { constantTimeEqual } from "../http/credentials.ts";

/** Header names of a signed webhook. */
export const SIGNATURE_HEADER = "x-tokenwatch-signature";
export const TIMESTAMP_HEADER = "x-tokenwatch-timestamp";

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The signature header value for a body sent at `timestamp` (unix seconds). */
export async function signWebhook(secret: string, timestamp: number, body: string): Promise<string> {
  return `sha256=${await hmacHex(secret, `${timestamp}.${body}`)}`;
}

/** Options for {@link verifyWebhook}. */
export interface VerifyOptions {
  secret: string;
  body: string;
  signature: string | null;
  timestamp: string | null;
  /** Oldest accepted timestamp age in seconds (default 300); also the allowed clock skew ahead. */
  toleranceSeconds?: number;
  /** The receiver's clock (ms); Date.now() by default. */
  nowMs?: number;
}

/** What a receiver does with a signed request: true only for a valid, fresh signature. */
export async function verifyWebhook(opts: VerifyOptions): Promise<boolean> {
  if (!opts.signature || !opts.timestamp || !/^\d+$/.test(opts.timestamp)) return false;
  const ts = Number(opts.timestamp);
  const now = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? 300)) return false;
  return constantTimeEqual(opts.signature, await signWebhook(opts.secret, ts, opts.body));
}
