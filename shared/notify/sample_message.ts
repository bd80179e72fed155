/**
 * One alert message as check-alerts builds it (a CRITICAL error-rate alert, opened), shared by the tests
 * that render and deliver notifications. Its recommendation holds characters every format must escape.
 */
import type { AlertMessage } from "./messages.ts";

export const SAMPLE_MESSAGE: AlertMessage = {
  event: "opened",
  severity: "CRITICAL",
  title: "[CRITICAL] error_rate opened",
  text: "error rate 12% is above 5% (last hour).",
  rule: "error_rate",
  metric: "error_rate",
  comparison: "above",
  value: 0.12,
  value_text: "12%",
  threshold: 0.05,
  threshold_text: "5%",
  reference: null,
  window: "last_hour",
  window_from: "2026-11-20T14:20:00.000Z",
  window_to: "2026-11-20T15:20:00.000Z",
  scope: { app: "shop", environment: null, model: null, prompt_variant: null },
  alert_id: 42,
  fingerprint: "a".repeat(64),
  occurrences: 1,
  first_seen_at: "2026-11-20T15:20:00.000Z",
  checked_at: "2026-11-20T15:20:00.000Z",
  resolution: null,
  recommendation: "Group errors <by type> & fix.",
};
