/**
 * Budgets against a small local server that implements exactly the budget HTTP contract
 * (POST /functions/v1/check-budget {scope} → {budgets: [row]}; 400 naming the field for a bad scope;
 * 401 without credentials). The real check-budget function is built separately; this proves the client's
 * side of the contract: the scope it sends, the rows it reads, and that an exceeded, enforced budget stops
 * a wrapped call before the provider is called.
 */
import assert from "node:assert/strict";
import OpenAI from "npm:openai@7.59.0";
import { BudgetCheckError, BudgetExceededError, createTokenwatch, withTokenwatch } from "../src/index.ts";
import type { BudgetRow } from "../src/types.ts";
import { startFakeProvider } from "../../../tests/fixtures/providers/fake_llm_server.ts";

const SCOPE_KEYS = [
  "app",
  "environment",
  "user_id",
  "customer_id",
  "conversation_id",
  "model",
  "prompt_variant",
];

const row = (over: Partial<BudgetRow>): BudgetRow => ({
  budget: "per-user-monthly",
  scope_value: { user_id: "u1" },
  period_start: "2026-12-01T00:00:00Z",
  period_end: "2027-01-01T00:00:00Z",
  limit_usd: 10,
  spent_usd: 8.25,
  remaining_usd: 1.75,
  limit_tokens: null,
  spent_tokens: 123456,
  percent: 82.5,
  state: "warning",
  enforce: false,
  unpriced_requests: 0,
  forecast_exhausted_at: null,
  ...over,
});

/** The contract's server: rows chosen by user_id; everything asked is recorded. */
function startBudgetServer() {
  const scopes: Record<string, unknown>[] = [];
  let failNext = false;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    if (request.headers.get("x-tokenwatch-key") !== "ingest-key") {
      return Response.json({ error: "Missing or invalid credentials" }, { status: 401 });
    }
    const { pathname } = new URL(request.url);
    if (pathname === "/functions/v1/ingest") {
      const events = await request.json() as unknown[];
      return Response.json({ events: events.length, inserted: events.length, duplicates: 0 });
    }
    if (pathname !== "/functions/v1/check-budget") return new Response("no route", { status: 404 });
    const body = await request.json() as { scope?: Record<string, unknown> };
    const scope = body.scope ?? {};
    scopes.push(scope);
    for (const [key, value] of Object.entries(scope)) {
      if (!SCOPE_KEYS.includes(key) || typeof value !== "string") {
        return Response.json({
          error: "invalid scope",
          problems: [{ field: `scope.${key}`, message: "unknown key" }],
        }, {
          status: 400,
        });
      }
    }
    if (failNext) {
      failNext = false;
      return new Response("boom", { status: 503 });
    }
    const user = scope.user_id as string | undefined;
    const budgets = user === "u-over"
      ? [
        row({
          scope_value: { user_id: user },
          state: "exceeded",
          enforce: true,
          spent_usd: 12,
          remaining_usd: -2,
          percent: 120,
        }),
        row({ budget: "app-monthly", scope_value: { app: "shop" }, state: "ok", percent: 10 }),
      ]
      : user === "u-soft"
      ? [row({ scope_value: { user_id: user }, state: "exceeded", enforce: false, percent: 130 })]
      : user === "u-warn"
      ? [row({ scope_value: { user_id: user } })]
      : [];
    return Response.json({ budgets });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    scopes,
    failOnce: () => (failNext = true),
    close: () => server.shutdown(),
  };
}

Deno.test("checkBudget sends the scope and returns the contract's rows", async () => {
  const server = startBudgetServer();
  try {
    const tw = createTokenwatch({ url: server.url, key: "ingest-key", onError: () => {} });
    const rows = await tw.checkBudget({ user_id: "u-warn", app: "shop" });
    assert.deepEqual(rows, [row({ scope_value: { user_id: "u-warn" } })]);
    assert.deepEqual(server.scopes, [{ app: "shop", user_id: "u-warn" }]);
    await assert.rejects(
      createTokenwatch({ url: server.url, key: "wrong", onError: () => {} }).checkBudget({ user_id: "u1" }),
      (error: unknown) => error instanceof BudgetCheckError && error.status === 401,
    );
    server.failOnce();
    await assert.rejects(
      tw.checkBudget({ user_id: "u1" }),
      (e: unknown) => e instanceof BudgetCheckError && e.status === 503,
    );
  } finally {
    await server.close();
  }
});

Deno.test("a malformed answer is refused, not trusted", async () => {
  const fetchOf = (body: unknown) => () =>
    Promise.resolve({
      status: 200,
      headers: new Headers(),
      text: () => Promise.resolve(JSON.stringify(body)),
    });
  const bad = createTokenwatch({
    url: "https://p.example",
    key: "k",
    fetch: fetchOf({ budgets: [{ ...row({}), state: "over" }] }),
    onError: () => {},
  });
  await assert.rejects(bad.checkBudget({}), /check-budget row 0 has a bad or missing state/);
  const none = createTokenwatch({
    url: "https://p.example",
    key: "k",
    fetch: fetchOf({}),
    onError: () => {},
  });
  await assert.rejects(none.checkBudget({}), /answered without budgets/);
});

Deno.test("enforceBudgets: an exceeded, enforced budget throws BudgetExceededError and the provider is not called", async () => {
  const server = startBudgetServer();
  const provider = startFakeProvider();
  const errors: Error[] = [];
  try {
    const tw = createTokenwatch({
      url: server.url,
      key: "ingest-key",
      app: "shop",
      environment: "prod",
      enforceBudgets: true,
      onError: (e) => errors.push(e),
    });
    const openai = tw.wrapOpenAI(
      new OpenAI({ apiKey: "sk-fake", baseURL: `${provider.url}/v1`, maxRetries: 0 }),
    );
    const messages = [{ role: "user" as const, content: "Hi" }];

    const blocked = openai.chat.completions.create(
      withTokenwatch({ model: "gpt-4o-mini", messages }, {
        user: "u-over",
        customerId: "acme",
        promptVariant: "mcp",
      }),
    );
    await assert.rejects(blocked, (error: unknown) => {
      assert.ok(error instanceof BudgetExceededError);
      assert.deepEqual(error.budgets.map((b) => [b.budget, b.state, b.enforce]), [[
        "per-user-monthly",
        "exceeded",
        true,
      ]]);
      return true;
    });
    // The SDK promise's own methods reject the same way.
    await assert.rejects(
      openai.chat.completions.create(withTokenwatch({ model: "gpt-4o-mini", messages }, { user: "u-over" }))
        .withResponse(),
      BudgetExceededError,
    );
    assert.equal(provider.requests.length, 0, "the provider was never called");
    assert.deepEqual(server.scopes[0], {
      app: "shop",
      environment: "prod",
      user_id: "u-over",
      customer_id: "acme",
      model: "gpt-4o-mini",
      prompt_variant: "mcp",
    });

    // Exceeded but not enforced, a warning, or no budget at all: the call goes ahead.
    for (const user of ["u-soft", "u-warn", "u-none"]) {
      const { data } = await openai.chat.completions.create(
        withTokenwatch({ model: "gpt-4o-mini", messages }, { user }),
      ).withResponse();
      assert.equal(data.choices[0].message.content, "Hello world!", user);
    }
    // Per call, enforcement can be turned off.
    await openai.chat.completions.create(
      withTokenwatch({ model: "gpt-4o-mini", messages }, { user: "u-over", enforceBudgets: false }),
    );
    // check-budget failing does not take the app down: the call goes ahead, the failure is counted.
    server.failOnce();
    await openai.chat.completions.create(
      withTokenwatch({ model: "gpt-4o-mini", messages }, { user: "u-over" }),
    );
    assert.equal(provider.requests.length, 5);
    assert.equal(tw.stats().budgetCheckFailures, 1);
    assert.equal(errors.length, 1);
    await tw.shutdown();
    assert.equal(tw.stats().sent, 5, "the five calls made were recorded; the blocked ones were not");
  } finally {
    await server.close();
    await provider.close();
  }
});

Deno.test("customer_id is sent only when set", async () => {
  const bodies: Record<string, unknown>[][] = [];
  const capture = (_url: string, init: { body: string }) => {
    bodies.push(JSON.parse(init.body));
    return Promise.resolve({ status: 200, headers: new Headers(), text: () => Promise.resolve("{}") });
  };
  const provider = startFakeProvider();
  try {
    for (const customerId of [undefined, "acme"]) {
      const tw = createTokenwatch({ url: "https://p.example", key: "k", fetch: capture, customerId });
      const openai = tw.wrapOpenAI(
        new OpenAI({ apiKey: "sk", baseURL: `${provider.url}/v1`, maxRetries: 0 }),
      );
      await openai.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "Hi" }],
      });
      await tw.shutdown();
    }
  } finally {
    await provider.close();
  }
  assert.equal(Object.hasOwn(bodies[0][0], "customer_id"), false);
  assert.equal(bodies[1][0].customer_id, "acme");
});
