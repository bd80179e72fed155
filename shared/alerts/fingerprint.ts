/**
 * The fingerprint of an alert: which rule, watching what, in which scope. check-alerts keeps at
 * most one open alert per fingerprint, so a rule that keeps failing updates one alert instead
 * of opening new ones. Thresholds, windows and names are left out on purpose: tightening a
 * threshold or renaming a rule does not start a new incident; changing its scope does.
 */
import type { Comparison, Metric, Scope } from "./types.ts";

/** What identifies a rule in its scope. */
export interface FingerprintInput {
  rule_id: number;
  metric: Metric;
  comparison: Comparison;
  scope: Scope;
}

/** The canonical text hashed by {@link alertFingerprint}. */
export function fingerprintText(input: FingerprintInput): string {
  const { app, environment, model, prompt_variant } = input.scope;
  return JSON.stringify([
    "tokenwatch.alert.v1",
    input.rule_id,
    input.metric,
    input.comparison,
    app,
    environment,
    model,
    prompt_variant,
  ]);
}

/** sha256 (lower-case hex) of {@link fingerprintText}. */
export async function alertFingerprint(input: FingerprintInput): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(fingerprintText(input)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
