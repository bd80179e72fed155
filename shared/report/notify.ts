/**
 * Queues a built weekly report for the channels that ask for it (monitoring.notification_channels
 * .reports = true and enabled), in the transaction that stores the report: one outbox row per
 * channel in monitoring.notifications, keyed `<reportKeyPrefix>:channel:<id>`, so a rebuild of
 * the same week (and app) queues nothing new. Sending and retrying is the outbox's one sender
 * (shared/notify/deliver.ts). The alert filters (min_severity, rule_names) do not apply to
 * reports: a reporting channel gets every report.
 */
import type { TransactionSql } from "../deps/postgres.ts";
import type { ReportMessage } from "../notify/messages.ts";
import { reportKeyPrefix } from "./message.ts";

/** Inputs of {@link queueReportNotifications}. */
export interface QueueReportInput {
  reportId: number;
  week: string;
  app: string | null;
  message: ReportMessage;
}

/** Inserts the report's outbox rows (skipping keys already taken); returns how many were new. */
export async function queueReportNotifications(tx: TransactionSql, input: QueueReportInput): Promise<number> {
  const prefix = reportKeyPrefix(input.week, input.app);
  const queued = await tx`
    insert into monitoring.notifications (report_id, channel_id, event, severity, idempotency_key, message, max_attempts)
    select ${input.reportId}, c.id, 'weekly_report', null, ${prefix} || ':channel:' || c.id,
           ${tx.json(input.message as never)}, c.max_attempts
    from monitoring.notification_channels c
    where c.enabled and c.reports
    on conflict (idempotency_key) do nothing
    returning id`;
  return queued.length;
}
