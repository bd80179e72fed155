/**
 * The dashboard's URL: `?range=24h|7d|30d` and the filters `app`, `environment`, `model`,
 * `prompt_variant`, parsed strictly (a bad or unknown parameter is a 400 naming it), and the
 * time window a range stands for.
 */
import { badRequest, type Problem } from "../http/errors.ts";
import { filterProblem, filterValue } from "../http/filters.ts";

/** The ranges the page offers, each drawn in buckets of a fixed size. */
export const RANGES = {
  "24h": { label: "24 hours", spanSeconds: 24 * 3600, bucketSeconds: 3600, bucketLabel: "h" },
  "7d": { label: "7 days", spanSeconds: 7 * 86400, bucketSeconds: 6 * 3600, bucketLabel: "6 h" },
  "30d": { label: "30 days", spanSeconds: 30 * 86400, bucketSeconds: 86400, bucketLabel: "day" },
} as const;

/** One of the offered ranges. */
export type RangeKey = keyof typeof RANGES;

/** The dimensions the page filters on (absent = all). */
export const FILTER_NAMES = ["app", "environment", "model", "prompt_variant"] as const;

/** Filter values by name; a missing name means no filter. */
export type DashboardFilters = Partial<Record<(typeof FILTER_NAMES)[number], string>>;

/** What the URL asks for. */
export interface DashboardQuery {
  range: RangeKey;
  filters: DashboardFilters;
}

/**
 * Parses the query string. Defaults to 24h and no filters; empty filter values mean "all" (that is
 * what the filter form sends for "all"). Throws a 400 listing every problem: an unknown range, an
 * unknown or repeated parameter, a filter value the shared filter rule (shared/http/filters.ts) refuses.
 */
export function parseDashboardQuery(params: URLSearchParams): DashboardQuery {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const query: DashboardQuery = { range: "24h", filters: {} };
  for (const [name, value] of params) {
    if (seen.has(name)) {
      problems.push({ field: name, message: `${name} is given more than once` });
      continue;
    }
    seen.add(name);
    if (name === "range") {
      if (Object.hasOwn(RANGES, value)) query.range = value as RangeKey;
      else {problems.push({
          field: "range",
          message: `range=${value} is not one of ${Object.keys(RANGES).join(", ")}`,
        });}
    } else if ((FILTER_NAMES as readonly string[]).includes(name)) {
      const given = filterValue(value);
      const problem = given === null ? null : filterProblem(given);
      if (problem) problems.push({ field: name, message: `${name} ${problem}` });
      else if (given !== null) query.filters[name as (typeof FILTER_NAMES)[number]] = given;
    } else {
      problems.push({
        field: name,
        message: `unknown parameter ${name}; use range, ${FILTER_NAMES.join(", ")}`,
      });
    }
  }
  if (problems.length > 0) throw badRequest(problems.map((p) => p.message).join("; "), problems);
  return query;
}

/** The query string for a query (range first, then the filters that are set), with a leading "?". */
export function queryString(query: DashboardQuery): string {
  const params = new URLSearchParams({ range: query.range });
  for (const name of FILTER_NAMES) {
    const value = query.filters[name];
    if (value !== undefined) params.set(name, value);
  }
  return `?${params}`;
}

/** The window a range covers: whole buckets, the last one holding `now`. */
export interface TimeWindow {
  from: Date;
  to: Date;
  bucketSeconds: number;
}

/**
 * The range's window ending at the end of the bucket that holds `now`. Buckets are aligned to the
 * UTC epoch: hours for 24h (24 buckets), 00/06/12/18 h for 7d (28), UTC days for 30d (30).
 */
export function timeWindow(range: RangeKey, now: Date): TimeWindow {
  const { spanSeconds, bucketSeconds } = RANGES[range];
  const bucketMs = bucketSeconds * 1000;
  const to = Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs;
  return { from: new Date(to - spanSeconds * 1000), to: new Date(to), bucketSeconds };
}
