/** weekly-report: builds, stores and returns the weekly report. Everything else is in shared/report/. */
import { db } from "../../../shared/db/client.ts";
import { createWeeklyReportHandler } from "../../../shared/report/handler.ts";

export default { fetch: createWeeklyReportHandler({ sql: db }) };
