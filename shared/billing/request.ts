/**
 * The billing-sync request: POST with an empty body or a JSON object with two optional fields:
 *
 *     {"source": "openai-org"}   only this billing source (enabled or not); default every enabled one
 *     {"from": "2026-11-01"}     re-read from this UTC day instead of the finality window
 *                                (at most 400 days back, not after today)
 *
 * Anything else is a 400 naming every problem; a body over 16 KiB is a 413.
 */
import { badRequest, payloadTooLarge, type Problem } from "../http/errors.ts";
import { z } from "../deps/zod.ts";
import { addDays, isoDay } from "./windows.ts";

/** The parsed request. */
export interface SyncRequest {
  source: string | null;
  from: string | null;
}

/** Furthest back `from` may reach. */
export const MAX_FROM_DAYS = 400;
/** Largest accepted body, in characters. */
export const MAX_BODY_CHARS = 16 * 1024;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && isoDay(new Date(`${d}T00:00:00Z`)) === d, {
    message: "is not a calendar date",
  });

const Body = z.strictObject({
  source: z.string().trim().min(1, "must not be empty").max(200, "is longer than 200 characters").optional(),
  from: Day.optional(),
});

/** Parses the raw body text at `now` (see the module comment); throws 400 with every problem, 413 when too large. */
export function parseSyncRequest(text: string, now: Date): SyncRequest {
  if (text.length > MAX_BODY_CHARS) throw payloadTooLarge(`Body larger than ${MAX_BODY_CHARS} characters`);
  if (text.trim() === "") return { source: null, from: null };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badRequest("Body is not valid JSON", [{ field: "body", message: "expected a JSON object" }]);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw badRequest("Body must be a JSON object", [{ field: "body", message: "expected a JSON object" }]);
  }
  const parsed = Body.safeParse(raw);
  if (!parsed.success) {
    const problems: Problem[] = parsed.error.issues.flatMap((issue) =>
      issue.code === "unrecognized_keys"
        ? issue.keys.map((key) => ({ field: key, message: "unknown field (allowed: source, from)" }))
        : [{ field: issue.path.map(String).join(".") || "body", message: issue.message }]
    );
    throw badRequest("Invalid billing-sync request", problems);
  }
  const from = parsed.data.from ?? null;
  if (from !== null) {
    const today = isoDay(now);
    if (from > today) {
      throw badRequest("Invalid billing-sync request", [{ field: "from", message: "is after today" }]);
    }
    const earliest = addDays(today, -MAX_FROM_DAYS);
    if (from < earliest) {
      throw badRequest("Invalid billing-sync request", [{
        field: "from",
        message: `is more than ${MAX_FROM_DAYS} days back (earliest ${earliest})`,
      }]);
    }
  }
  return { source: parsed.data.source ?? null, from };
}
