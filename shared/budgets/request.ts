/**
 * The check-budget request body: `{"scope": {"user_id": "u1", "app": "shop"}}` (scope.ts). Anything
 * else is a 400 naming every problem by its field (`scope.user_id`); a body over 16 KiB is a 413.
 */
import { z } from "../deps/zod.ts";
import { badRequest, payloadTooLarge, type Problem } from "../http/errors.ts";
import { BUDGET_SCOPE_KEYS, type BudgetScope, budgetScopeSchema } from "./scope.ts";

/** Largest accepted body, in characters. */
export const MAX_BODY_CHARS = 16 * 1024;

const Body = z.strictObject({ scope: budgetScopeSchema });

function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    const at = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const allowed = at === "scope" ? BUDGET_SCOPE_KEYS.join(", ") : "scope";
      return issue.keys.map((key) => ({
        field: at ? `${at}.${key}` : key,
        message: `unknown field (allowed: ${allowed})`,
      }));
    }
    if (issue.code === "invalid_type" && issue.received === "undefined") {
      return [{ field: at || "body", message: "required" }];
    }
    return [{ field: at || "body", message: issue.message }];
  });
}

/** Parses the raw body text; throws 400 with every problem, 413 when too large. */
export function parseCheckBudgetRequest(text: string): BudgetScope {
  if (text.length > MAX_BODY_CHARS) throw payloadTooLarge(`Body larger than ${MAX_BODY_CHARS} characters`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw badRequest("Body is not valid JSON", [{ field: "body", message: 'expected {"scope": {...}}' }]);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw badRequest("Body must be a JSON object", [{ field: "body", message: 'expected {"scope": {...}}' }]);
  }
  const parsed = Body.safeParse(raw);
  if (!parsed.success) throw badRequest("Invalid check-budget request", problemsOf(parsed.error));
  return parsed.data.scope;
}
