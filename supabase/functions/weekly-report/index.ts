/** weekly-report: builds, stores and returns the weekly report. Everything else is in shared/report/. */
import { db } from "../../../shared/db/client.ts";
import { weeklyReportHandler } from "../../../shared/report/handler.ts";

/** The handler, exported so tests can call it without a server. */
export const handler = weeklyReportHandler({ sql: db });

Deno.serve(handler);
