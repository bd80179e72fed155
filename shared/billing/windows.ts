/**
 * Which hours and days a sync re-reads: the ones that may still change.
 *
 * The providers keep correcting recent buckets (late-arriving usage, cost adjustments), so a
 * bucket counts as final only after a finality window: usage hours 48 h after they ended, cost
 * days 3 whole days after. Each run re-reads from (the last successful sync, or now when that is
 * later) minus that window, so a run that failed is caught up by the next one; a source never
 * synced starts 7 days back. An explicit `from` (a UTC date) re-reads from that day instead.
 * Both windows end after the current hour / today (the open bucket is stored as it stands and
 * replaced on the next runs).
 */

/** Usage hours are final this long after they ended. */
export const USAGE_FINAL_AFTER_HOURS = 48;
/** Cost days are final this many days after. */
export const COST_FINAL_AFTER_DAYS = 3;
/** How far back the first sync of a source reads. */
export const FIRST_SYNC_DAYS = 7;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Unix seconds of an instant. */
export function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/** The UTC date of an instant, YYYY-MM-DD. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** A YYYY-MM-DD date plus n days. */
export function addDays(day: string, n: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY));
}

/** The start of the instant's UTC hour. */
export function floorHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR) * HOUR);
}

/** The windows one sync of a source reads. */
export interface SyncWindows {
  usageFrom: Date;
  usageTo: Date;
  costFrom: string;
  costTo: string;
}

/** The windows for a sync at `now` of a source last synced at `lastSyncedAt`, or from the day `from`. */
export function syncWindows(now: Date, lastSyncedAt: Date | null, from: string | null = null): SyncWindows {
  const usageTo = new Date(floorHour(now).getTime() + HOUR);
  const costTo = addDays(isoDay(now), 1);
  if (from !== null) {
    return { usageFrom: new Date(`${from}T00:00:00Z`), usageTo, costFrom: from, costTo };
  }
  const anchor = lastSyncedAt === null
    ? new Date(now.getTime() - FIRST_SYNC_DAYS * DAY)
    : new Date(Math.min(now.getTime(), lastSyncedAt.getTime()));
  return {
    usageFrom: floorHour(new Date(anchor.getTime() - USAGE_FINAL_AFTER_HOURS * HOUR)),
    usageTo,
    costFrom: addDays(isoDay(anchor), -COST_FINAL_AFTER_DAYS),
    costTo,
  };
}
