import assert from "node:assert/strict";
import { readAnthropicCosts, readAnthropicUsage } from "./anthropic_reports.ts";
import { modelOfLineItem } from "./openai_reports.ts";
import type { HttpDeps } from "./provider_http.ts";

/** A fetch that answers every request with `body` and records the URLs. */
function fakeHttp(body: unknown): { deps: HttpDeps; urls: URL[] } {
  const urls: URL[] = [];
  const deps: HttpDeps = {
    fetch: (input) => {
      urls.push(new URL(String(input)));
      return Promise.resolve(
        new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } }),
      );
    },
    sleep: () => Promise.resolve(),
    retry: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 },
  };
  return { deps, urls };
}

const target = { baseUrl: "http://127.0.0.1:1", apiKey: "k", projectId: "wrkspc_a" };

Deno.test("a workspace-limited Anthropic source filters usage with workspace_ids[] and keeps only its cost rows", async () => {
  const cost = (workspace: string | null, amount: string) => ({
    amount,
    currency: "USD",
    description: "x",
    cost_type: "tokens",
    context_window: null,
    model: "claude-x",
    service_tier: "standard",
    token_type: "output_tokens",
    workspace_id: workspace,
  });
  const costs = fakeHttp({
    data: [{
      starting_at: "2025-01-01T00:00:00Z",
      ending_at: "2025-01-02T00:00:00Z",
      results: [cost("wrkspc_a", "250"), cost("wrkspc_b", "999"), cost(null, "1")],
    }],
    has_more: false,
    next_page: null,
  });
  const read = await readAnthropicCosts(target, "2025-01-01", "2025-01-02", costs.deps);
  assert.deepEqual(read.rows.map((r) => [r.project_id, r.amount_usd]), [["wrkspc_a", "2.5"]]);
  assert.equal(costs.urls[0].searchParams.has("workspace_ids[]"), false);

  const usage = fakeHttp({ data: [], has_more: false, next_page: null });
  await readAnthropicUsage(
    target,
    new Date("2025-01-01T00:00:00Z"),
    new Date("2025-01-01T01:00:00Z"),
    usage.deps,
  );
  assert.deepEqual(usage.urls[0].searchParams.getAll("workspace_ids[]"), ["wrkspc_a"]);
});

Deno.test("an OpenAI line item names its model only when it reads as a model id", () => {
  assert.equal(modelOfLineItem("gpt-4o-2024-08-06, input"), "gpt-4o-2024-08-06");
  assert.equal(modelOfLineItem("o3-mini, cached input"), "o3-mini");
  assert.equal(modelOfLineItem("GPT-4o mini, input"), null);
  assert.equal(modelOfLineItem("web search tool calls"), null);
  assert.equal(modelOfLineItem(null), null);
});
