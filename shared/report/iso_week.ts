/**
 * ISO 8601 weeks in UTC: a week runs from Monday 00:00 UTC to the next Monday 00:00 UTC and is
 * named by its ISO week-numbering year and number, e.g. `2026-W47` (Monday 16 November 2026).
 * Week 1 is the week that holds the year's first Thursday.
 */

/** One ISO week. */
export interface IsoWeek {
  /** `YYYY-Www`, e.g. `2026-W47`. */
  label: string;
  /** ISO week-numbering year (may differ from the calendar year of its first days). */
  year: number;
  /** Week number, 1..53. */
  week: number;
  /** Monday 00:00 UTC (inclusive). */
  start: Date;
  /** The next Monday 00:00 UTC (exclusive). */
  end: Date;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 UTC of ISO week 1 of `year`. */
function week1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const isoDow = new Date(jan4).getUTCDay() || 7; // Monday 1 .. Sunday 7
  return jan4 - (isoDow - 1) * DAY_MS;
}

/** How many ISO weeks `year` has: 53 when it starts on a Thursday, or is a leap year starting on a Wednesday. */
export function weeksInIsoYear(year: number): number {
  return (week1Monday(year + 1) - week1Monday(year)) / WEEK_MS;
}

function make(year: number, week: number): IsoWeek {
  const start = week1Monday(year) + (week - 1) * WEEK_MS;
  return {
    label: `${String(year).padStart(4, "0")}-W${String(week).padStart(2, "0")}`,
    year,
    week,
    start: new Date(start),
    end: new Date(start + WEEK_MS),
  };
}

/** The ISO week that contains the instant `at`. */
export function isoWeekOf(at: Date): IsoWeek {
  const t = at.getTime();
  const y = at.getUTCFullYear();
  for (const year of [y + 1, y, y - 1]) {
    const first = week1Monday(year);
    if (t >= first) return make(year, Math.floor((t - first) / WEEK_MS) + 1);
  }
  throw new Error(`no ISO week for ${at.toISOString()}`);
}

/** The last week that has ended at `now` (the week before the one `now` is in). */
export function lastCompleteWeek(now: Date): IsoWeek {
  return isoWeekOf(new Date(isoWeekOf(now).start.getTime() - DAY_MS));
}

/** The week before `week`. */
export function previousWeek(week: IsoWeek): IsoWeek {
  return isoWeekOf(new Date(week.start.getTime() - DAY_MS));
}

/**
 * Parses `YYYY-Www` (also `YYYYWww` and lower-case `w`). Returns the week, or a message saying
 * what is wrong (bad shape, week 0, week 53 in a 52-week year).
 */
export function parseIsoWeek(text: string): IsoWeek | { error: string } {
  const m = /^(\d{4})-?[Ww](\d{2})$/.exec(text.trim());
  if (!m) return { error: `"${text}" is not an ISO week; use YYYY-Www, e.g. 2026-W47` };
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < 1970) return { error: `year ${year} is before 1970` };
  const max = weeksInIsoYear(year);
  if (week < 1 || week > max) return { error: `${year} has weeks 01 to ${max}; got ${m[2]}` };
  return make(year, week);
}
