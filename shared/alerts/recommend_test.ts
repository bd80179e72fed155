import assert from "node:assert/strict";
import { recommendationFor } from "./recommend.ts";

const failing = { passed: false, judged: true, value: 1, reference: null, history: null } as const;

Deno.test("passing and unjudged checks get no recommendation", () => {
  assert.equal(
    recommendationFor({ ...failing, passed: true, metric: "error_rate", comparison: "above" }),
    null,
  );
  assert.equal(
    recommendationFor({ ...failing, judged: false, metric: "error_rate", comparison: "above" }),
    null,
  );
});

Deno.test("every metric has advice for going high", () => {
  for (
    const metric of [
      "avg_system_prompt_tokens",
      "avg_tokens_per_request",
      "tool_failure_rate",
      "error_rate",
      "cost_usd",
      "requests",
      "unpriced_requests",
      "unpriced_share",
      "total_tokens",
    ] as const
  ) {
    assert.ok((recommendationFor({ ...failing, metric, comparison: "above" }) ?? "").length > 40, metric);
  }
});

Deno.test("below a band or threshold gets the low advice where there is one", () => {
  assert.match(
    recommendationFor({ ...failing, metric: "requests", comparison: "below" }) ?? "",
    /below its usual level/,
  );
  assert.match(
    recommendationFor({
      ...failing,
      metric: "avg_system_prompt_tokens",
      comparison: "outside_band",
      value: 150,
      reference: 198,
    }) ?? "",
    /smaller/,
  );
  assert.match(
    recommendationFor({
      ...failing,
      metric: "avg_system_prompt_tokens",
      comparison: "outside_band",
      value: 250,
      reference: 198,
    }) ?? "",
    /grown/,
  );
});
