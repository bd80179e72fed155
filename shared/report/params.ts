/**
 * The weekly-report query: `week` (ISO week, default the last complete one), `format`
 * (md, json or html; default md), `app` (limit the report to one app) and `trigger` (who asks:
 * api, cron, cli, start; recorded with the report). Every problem is reported together.
 */
import { badRequest, type Problem } from "../http/errors.ts";
import { checkFilter, checkRepeats } from "../tracking/params.ts";
import { type IsoWeek, isoWeekOf, lastCompleteWeek, parseIsoWeek } from "./iso_week.ts";

/** The forms a report is returned in. */
export const FORMATS = ["md", "json", "html"] as const;
/** A report form. */
export type ReportFormat = typeof FORMATS[number];
/** Who asked for a report. */
export const TRIGGERS = ["api", "cron", "cli", "start"] as const;
/** Who asked for a report. */
export type Trigger = typeof TRIGGERS[number];

/** A validated weekly-report query. */
export interface ReportQuery {
  week: IsoWeek;
  format: ReportFormat;
  app: string | null;
  trigger: Trigger;
}

const KNOWN = new Set(["week", "format", "app", "trigger"]);

/** The query of a weekly-report request, or a 400 naming every problem. */
export function parseReportQuery(params: URLSearchParams, now: Date): ReportQuery {
  const problems: Problem[] = [];
  for (const key of new Set(params.keys())) {
    if (!KNOWN.has(key)) {
      problems.push({ field: key, message: `unknown parameter; use ${[...KNOWN].join(", ")}` });
    }
  }
  checkRepeats(params, problems);
  let week = lastCompleteWeek(now);
  const weekText = params.get("week");
  if (weekText !== null) {
    const parsed = parseIsoWeek(weekText);
    if ("error" in parsed) problems.push({ field: "week", message: parsed.error });
    else if (parsed.start.getTime() > now.getTime()) {
      problems.push({
        field: "week",
        message: `${parsed.label} has not started yet (the current week is ${isoWeekOf(now).label})`,
      });
    } else week = parsed;
  }
  const format = params.get("format") ?? "md";
  if (!(FORMATS as readonly string[]).includes(format)) {
    problems.push({ field: "format", message: `must be one of ${FORMATS.join(", ")}; got "${format}"` });
  }
  const trigger = params.get("trigger") ?? "api";
  if (!(TRIGGERS as readonly string[]).includes(trigger)) {
    problems.push({ field: "trigger", message: `must be one of ${TRIGGERS.join(", ")}; got "${trigger}"` });
  }
  const app = checkFilter("app", params.get("app"), problems);
  if (problems.length > 0) throw badRequest("Invalid weekly-report query", problems);
  return { week, format: format as ReportFormat, app, trigger: trigger as Trigger };
}
