/**
 * The track-usage query: `period=day|week|month` (the last 24 hours, 7 days or 30 days up to
 * now) or `from` / `to` (ISO 8601 instants with a time zone, or dates meaning 00:00 UTC; `to`
 * defaults to now), and the filters `app`, `environment`, `model`, `prompt_variant`. Every
 * problem is collected and reported together in one 400.
 */
import { badRequest, type Problem } from "../http/errors.ts";
import { filterProblem, filterValue } from "../http/filters.ts";

/** The periods and how many days back from now each covers. */
export const PERIOD_DAYS = { day: 1, week: 7, month: 30 } as const;

/** A period name. */
export type Period = keyof typeof PERIOD_DAYS;

/** A validated track-usage query. */
export interface UsageQuery {
  /** day, week, month, or custom when from/to were given. */
  period: Period | "custom";
  from: Date;
  to: Date;
  app: string | null;
  environment: string | null;
  model: string | null;
  prompt_variant: string | null;
}

/** The filter parameters, in the order the SQL functions take them. */
export const FILTERS = ["app", "environment", "model", "prompt_variant"] as const;

const KNOWN = new Set<string>(["period", "from", "to", ...FILTERS]);
/** The longest window a query may cover. */
export const MAX_WINDOW_DAYS = 400;
const DAY_MS = 86_400_000;

/** Parses an instant: `YYYY-MM-DD` (00:00 UTC) or an ISO 8601 date-time with Z or an offset. */
export function parseInstant(value: string): Date | { error: string } {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00Z`);
    return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v
      ? { error: `"${value}" is not a valid date` }
      : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/i.test(v)) {
    return {
      error:
        `"${value}" is not an ISO 8601 instant with a time zone (e.g. 2026-11-16T00:00:00Z) or a date (2026-11-16)`,
    };
  }
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? { error: `"${value}" is not a valid instant` } : d;
}

/** A filter parameter read by the shared rule (shared/http/filters.ts): null for no filter, a problem when bad. */
export function checkFilter(name: string, value: string | null, problems: Problem[]): string | null {
  const given = filterValue(value);
  const problem = given === null ? null : filterProblem(given);
  if (problem) problems.push({ field: name, message: problem });
  return given;
}

/** Parameters given more than once are a problem (which one would count?). */
export function checkRepeats(params: URLSearchParams, problems: Problem[]): void {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) problems.push({ field: key, message: "given more than once" });
    seen.add(key);
  }
}

/** The query of a track-usage request, or a 400 naming every problem. */
export function parseUsageQuery(params: URLSearchParams, now: Date): UsageQuery {
  const problems: Problem[] = [];
  for (const key of new Set(params.keys())) {
    if (!KNOWN.has(key)) {
      problems.push({ field: key, message: `unknown parameter; use ${[...KNOWN].join(", ")}` });
    }
  }
  checkRepeats(params, problems);
  const period = params.get("period");
  const fromText = params.get("from");
  const toText = params.get("to");
  let result: Pick<UsageQuery, "period" | "from" | "to"> = {
    period: "day",
    from: new Date(now.getTime() - DAY_MS),
    to: now,
  };

  if (period !== null && (fromText !== null || toText !== null)) {
    problems.push({ field: "period", message: "give either period or from/to, not both" });
  } else if (period !== null) {
    if (!(period in PERIOD_DAYS)) {
      problems.push({
        field: "period",
        message: `must be one of ${Object.keys(PERIOD_DAYS).join(", ")}; got "${period}"`,
      });
    } else {
      const days = PERIOD_DAYS[period as Period];
      result = { period: period as Period, from: new Date(now.getTime() - days * DAY_MS), to: now };
    }
  } else if (fromText !== null || toText !== null) {
    if (fromText === null) problems.push({ field: "from", message: "required when to is given" });
    const from = fromText === null ? null : parseInstant(fromText);
    const to = toText === null ? now : parseInstant(toText);
    if (from && !(from instanceof Date)) problems.push({ field: "from", message: from.error });
    if (!(to instanceof Date)) problems.push({ field: "to", message: to.error });
    if (from instanceof Date && to instanceof Date) {
      if (from.getTime() >= to.getTime()) problems.push({ field: "to", message: "must be after from" });
      else if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
        problems.push({ field: "to", message: `the window may cover at most ${MAX_WINDOW_DAYS} days` });
      }
      result = { period: "custom", from, to };
    }
  }
  const filters = Object.fromEntries(
    FILTERS.map((f) => [f, checkFilter(f, params.get(f), problems)]),
  ) as Record<typeof FILTERS[number], string | null>;
  if (problems.length > 0) throw badRequest("Invalid track-usage query", problems);
  return { ...result, ...filters };
}
