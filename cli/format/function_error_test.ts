import assert from "node:assert/strict";
import { describeFunctionError } from "./function_error.ts";

Deno.test("describeFunctionError lists the problems of a 400", async () => {
  const response = new Response(
    JSON.stringify({
      error: "Invalid track-usage query",
      problems: [{ field: "period", message: "must be one of day, week, month" }],
    }),
    { status: 400 },
  );
  assert.equal(
    await describeFunctionError("track-usage", { context: response }),
    "track-usage answered 400: Invalid track-usage query\n  - period: must be one of day, week, month",
  );
  assert.equal(
    await describeFunctionError("weekly-report", new Error("connection refused")),
    "weekly-report could not be called: connection refused",
  );
});
