/**
 * What one outbox row delivers: an alert change (its message) or a weekly report (its summary
 * message and the stored report itself). The one sender (deliver.ts) and the one request builder
 * (delivery.ts) handle both; only the rendering differs.
 */
import type { AlertMessage, ReportMessage } from "./messages.ts";
import type { BudgetMessage } from "./budget_message.ts";

/** The stored report in the forms the channels get (read from monitoring.reports when sent). */
export interface ReportContent {
  /** monitoring.report_json as text, numbers at full precision (webhooks get it as `data`). */
  json: string;
  /** The self-contained HTML page (email). */
  html: string;
  /** The markdown (email text part). */
  markdown: string;
}

/** An outbox row's content, ready to render. */
export type NotificationPayload =
  | { type: "alert"; message: AlertMessage }
  | { type: "report"; message: ReportMessage; report: ReportContent }
  | { type: "budget"; message: BudgetMessage };

/** The webhook event type and X-Tokenwatch-Event of a payload: `alert.<event>`, `report.weekly` or `budget.threshold`. */
export function eventType(payload: NotificationPayload): string {
  if (payload.type === "budget") return "budget.threshold";
  return payload.type === "alert" ? `alert.${payload.message.event}` : "report.weekly";
}
