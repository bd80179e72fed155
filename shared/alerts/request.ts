/**
 * The check-alerts request: POST with an empty body or a JSON object. One optional field:
 *
 *     {"system_prompt_tolerance": 40}   ± tokens for the system-prompt band, this run only
 *                                       (a what-if run: nothing recorded, no alert changed)
 *
 * Anything else is a 400 naming every problem; a body over 16 KiB is a 413.
 */
import { badRequest, payloadTooLarge } from "../http/errors.ts";
import { z } from "../deps/zod.ts";

/** The parsed request. */
export interface CheckRequest {
  systemPromptTolerance?: number;
}

const Body = z.strictObject({
  system_prompt_tolerance: z.number().int("must be a whole number of tokens").min(0, "must not be negative")
    .max(1_000_000, "is unreasonably large").optional(),
});

/** Largest accepted body, in characters. */
export const MAX_BODY_CHARS = 16 * 1024;

/** Parses the raw body text (see the module comment); throws 400 with every problem, 413 when too large. */
export function parseCheckRequest(text: string): CheckRequest {
  if (text.length > MAX_BODY_CHARS) throw payloadTooLarge(`Body larger than ${MAX_BODY_CHARS} characters`);
  if (text.trim() === "") return {};
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
    const problems = parsed.error.issues.flatMap((issue) => {
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => ({
          field: key,
          message: "unknown field (allowed: system_prompt_tolerance)",
        }));
      }
      return [{ field: issue.path.map(String).join(".") || "body", message: issue.message }];
    });
    throw badRequest("Invalid check-alerts request", problems);
  }
  return parsed.data.system_prompt_tolerance === undefined
    ? {}
    : { systemPromptTolerance: parsed.data.system_prompt_tolerance };
}
