/**
 * Budgets over HTTP and under concurrency: check-budget answers the contract's rows (400 naming
 * the field, 401 without credentials); ingest with `x-tokenwatch-budgets: true` answers the
 * batch's budget rows and stores customer_id; five concurrent evaluations after a crossing
 * queue one message, and five concurrent ingests that cross a threshold together queue one.
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";

const fn = (name: string): string => `${stackEnv.url}/functions/v1/${name}`;
const MODEL = "twtest-budget-http";

function post(name: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(fn(name), {
    method: "POST",
    headers: { "content-type": "application/json", apikey: stackEnv.secretKey, ...headers },
    body: JSON.stringify(body),
  });
}

Deno.test("check-budget and ingest answer budget rows; concurrent evaluations queue one message", async () => {
  const sql = connect();
  const app = `twtest-budget-${crypto.randomUUID().slice(0, 8)}`;
  const channel = `${app}-hook`;
  try {
    // $1 per 1M input tokens, $3 per 1M output tokens
    await sql`insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
              values ('openai', ${MODEL}, 1, 3, '2020-01-01', true)`;
    await sql`insert into monitoring.notification_channels (name, kind, secret_name, url)
              values (${channel}, 'webhook', ${`${app}_secret`}, 'http://127.0.0.1:9/hook')`;
    await sql`insert into monitoring.budgets (name, scope, period, limit_usd, enforce, channels)
              values (${app}, ${sql.json({ app, user_id: "*" })}, 'month', 10, true, ${[channel]})`;

    // no credentials, a bad scope
    const anonymous = await fetch(fn("check-budget"), { method: "POST", body: "{}" });
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
    const bad = await post("check-budget", { scope: { tenant: "x", user_id: 3 } });
    assert.equal(bad.status, 400);
    const problems = (await bad.json()).problems.map((p: { field: string }) => p.field).sort();
    assert.deepEqual(problems, ["scope.tenant", "scope.user_id"]);

    // ingest a $5 event (2M in x $1 + 1M out x $3) for u1, asking for the budgets
    const now = new Date();
    const event = (id: string, user: string, input: number, output: number) => ({
      request_id: `${app}-${id}`,
      occurred_at: now.toISOString(),
      provider: "openai",
      model: MODEL,
      input_tokens: input,
      output_tokens: output,
      user_id: user,
      customer_id: "acme",
      app,
    });
    const ingested = await post("ingest", [event("e1", "u1", 2_000_000, 1_000_000)], {
      "x-tokenwatch-budgets": "true",
    });
    assert.equal(ingested.status, 200);
    const answer = await ingested.json();
    assert.equal(answer.inserted, 1);
    const mine = answer.budgets.filter((b: { budget: string }) => b.budget === app);
    assert.equal(mine.length, 1);
    assert.deepEqual(
      [
        mine[0].scope_value,
        mine[0].limit_usd,
        mine[0].spent_usd,
        mine[0].remaining_usd,
        mine[0].percent,
        mine[0].state,
        mine[0].enforce,
        mine[0].unpriced_requests,
      ],
      [{ app, user_id: "u1" }, 10, 5, 5, 50, "warning", true, 0],
    );
    const [stored] =
      await sql`select customer_id from monitoring.usage_events where request_id = ${`${app}-e1`}`;
    assert.equal(stored.customer_id, "acme");
    // without the header, no budgets key
    const quiet = await post("ingest", [event("e1", "u1", 2_000_000, 1_000_000)]);
    assert.equal("budgets" in (await quiet.json()), false);

    // the 50% crossing was queued at ingest, once
    const queuedFor = async () => {
      const [{ n }] = await sql`select count(*)::int as n from monitoring.notifications n
                                join monitoring.notification_channels c on c.id = n.channel_id
                                join monitoring.budget_notices bn on bn.id = n.budget_notice_id
                                join monitoring.budgets b on b.id = bn.budget_id
                                where c.name = ${channel} and b.name = ${app}`;
      return n;
    };
    assert.equal(await queuedFor(), 1);

    // check-budget: u1 at $5 of $10; u2 has nothing: its own row at $0
    const checked = await post("check-budget", { scope: { app, user_id: "u2" } });
    assert.equal(checked.status, 200);
    const rows = (await checked.json()).budgets.filter((b: { budget: string }) => b.budget === app);
    assert.deepEqual([rows[0].scope_value, rows[0].spent_usd, rows[0].state], [
      { app, user_id: "u2" },
      0,
      "ok",
    ]);

    // $3.50 more for u1, stored directly: 85%; five concurrent evaluations queue one message
    await sql`insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, user_id, app)
              values (${`${app}-e2`}, ${now}, 'openai', ${MODEL}, 500000, 1000000, 'u1', ${app})`;
    const pools = Array.from({ length: 5 }, () => connect());
    try {
      const queued = await Promise.all(
        pools.map((p) =>
          p`select monitoring.notify_budgets(${p.json([{ app, user_id: "u1" }])}::jsonb) as n`
        ),
      );
      assert.equal(queued.reduce((n, [r]) => n + r.n, 0), 1);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    assert.equal(await queuedFor(), 2);

    // five concurrent ingests for u3 at $2.40 each (0.6M in + 0.6M out): 24%, 48%, 72%, 96%, 120%
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        post("ingest", [event(`u3-${i}`, "u3", 600_000, 600_000)]).then((r) => r.json())
      ),
    );
    assert.equal(results.reduce((n, r) => n + r.inserted, 0), 5);
    const [u3] =
      await sql`select threshold from monitoring.budget_notices n join monitoring.budgets b on b.id = n.budget_id
                           where b.name = ${app} and n.scope_value = ${sql.json({ app, user_id: "u3" })}
                           order by threshold`.then((r) => [r.map((x) => Number(x.threshold))]);
    assert.deepEqual(u3, [0.5, 0.8, 1]);
    // one message per crossing at most, never a duplicate key
    const [{ keys, distinct }] = await sql`
      select count(*)::int as keys, count(distinct n.budget_notice_id)::int as distinct
      from monitoring.notifications n join monitoring.budget_notices b on b.id = n.budget_notice_id
      where b.scope_value = ${sql.json({ app, user_id: "u3" })}`;
    assert.equal(keys, distinct);
    assert.ok(keys >= 1 && keys <= 3, `u3 got ${keys} messages`);
  } finally {
    await sql`delete from monitoring.budgets where name = ${app}`;
    await sql`delete from monitoring.notification_channels where name = ${channel}`;
    // the test's events out of the events and out of the rollups (drained first, under the rollup lock)
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key())`;
      await tx`select monitoring.drain_usage_rollup_queue()`;
      await tx`delete from monitoring.usage_events where app = ${app}`;
      await tx`delete from monitoring.usage_hourly where app = ${app}`;
      await tx`delete from monitoring.usage_entity_15m where app = ${app}`;
    });
    await sql`delete from monitoring.model_prices where model_pattern = ${MODEL}`;
    await sql.end();
  }
});
