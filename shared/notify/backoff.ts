/**
 * Exponential backoff for notification retries: after the n-th failed attempt the next one is
 * due `min(base × 2^(n-1), max)` later (1 min, 2, 4, 8, … with the default 1-minute base).
 * No jitter: the 5-minute cron job that drives retries already spreads them.
 */

/** Backoff settings (a channel's backoff_base and backoff_max, in milliseconds). */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/** Delay in ms before the attempt that follows failed attempt number `attempts` (1-based). */
export function backoffDelayMs(attempts: number, opts: BackoffOptions): number {
  const n = Math.max(1, Math.floor(attempts));
  const delay = opts.baseMs * 2 ** Math.min(n - 1, 52);
  return Math.min(delay, opts.maxMs);
}
