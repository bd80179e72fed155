/**
 * track-usage on the fixed dataset (tests/fixtures/datasets/fixed_week.ts): every number of the
 * answer equals the value worked out by hand, cost to the cent (and exactly); the answer is the
 * same whether the events are still queued or rolled up; a rolling period works; and the
 * function refuses what it must refuse.
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import {
  deleteFixedPrices,
  EXPECTED,
  insertEvents,
  insertFixedPrices,
  rollUp,
  runTag,
} from "../fixtures/datasets/fixed_week.ts";
import type { TrackUsageResult } from "../../shared/tracking/types.ts";
import { usd } from "../../shared/document/format.ts";

async function trackUsage(query: string, key = stackEnv.serviceRoleKey, method = "GET"): Promise<Response> {
  return await fetch(`${stackEnv.url}/functions/v1/track-usage?${query}`, {
    method,
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
}

async function json(query: string): Promise<TrackUsageResult> {
  const res = await trackUsage(query);
  assert.equal(res.status, 200, await res.clone().text());
  return await res.json() as TrackUsageResult;
}

Deno.test("track-usage: every number of the fixed week equals the hand-computed value", async () => {
  const sql = connect();
  const tag = runTag();
  const app = `h6-track-${tag}`;
  const models = await insertFixedPrices(sql, tag);
  try {
    assert.equal(await insertEvents(sql, { app, models }), 9);
    const query = `from=2025-03-03&to=2025-03-10&app=${app}`;
    const queued = await json(query);
    const E = EXPECTED;
    const r = queued;
    assert.equal(r.period, "custom");
    assert.equal(r.from, "2025-03-03T00:00:00+00:00");
    assert.equal(r.to, "2025-03-10T00:00:00+00:00");
    assert.deepEqual(r.filters, { app, environment: null, model: null, prompt_variant: null });
    assert.deepEqual(
      [
        r.requests,
        r.errors,
        r.error_rate,
        r.input_tokens,
        r.cache_read_tokens,
        r.uncached_input_tokens,
        r.output_tokens,
        r.reasoning_tokens,
        r.total_tokens,
      ],
      [
        E.requests,
        E.errors,
        E.error_rate,
        E.input_tokens,
        E.cache_read_tokens,
        E.uncached_input_tokens,
        E.output_tokens,
        E.reasoning_tokens,
        E.total_tokens,
      ],
    );
    assert.deepEqual([
      r.per_request.input_tokens,
      r.per_request.output_tokens,
      r.per_request.total_tokens,
      r.avg_tokens_per_request,
    ], [E.per_request_input, E.per_request_output, E.avg_tokens_per_request, E.avg_tokens_per_request]);
    assert.deepEqual([r.system_prompt_tokens, r.system_prompt_requests, r.avg_system_prompt_tokens], [
      E.system_prompt_tokens,
      E.system_prompt_requests,
      E.avg_system_prompt_tokens,
    ]);
    assert.equal(r.cost_usd, E.cost_usd);
    assert.equal(usd(r.cost_usd), "$2.50");
    assert.deepEqual([r.priced_requests, r.unpriced_requests, r.unpriced_share, r.cost_per_request], [
      E.priced_requests,
      E.unpriced_requests,
      E.unpriced_share,
      E.cost_per_request,
    ]);
    assert.deepEqual(r.token_source, E.token_source);
    assert.deepEqual([r.tool_calls, r.tool_failures, r.tool_failure_rate], [
      E.tool_calls,
      E.tool_failures,
      E.tool_failure_rate,
    ]);
    assert.deepEqual([r.latency_ms.requests, r.latency_ms.avg], [7, E.latency_avg]);

    const byModel = Object.fromEntries(r.by_model.map((m) => [m.model, m]));
    for (const key of ["alpha", "beta", "gamma"] as const) {
      const m = byModel[models[key]];
      const want = E.by_model[key];
      assert.deepEqual([m.requests, m.cost_usd, m.total_tokens, m.errors], [
        want.requests,
        want.cost_usd,
        want.total_tokens,
        want.errors,
      ], key);
    }
    assert.equal(byModel[models.gamma].unpriced_requests, 1);
    const byVariant = Object.fromEntries(r.by_prompt_variant.map((v) => [v.prompt_variant, v]));
    for (const key of ["mcp", "traditional"] as const) {
      const v = byVariant[key];
      const want = E.by_variant[key];
      assert.deepEqual([
        v.requests,
        v.total_tokens,
        v.avg_tokens_per_request,
        v.avg_system_prompt_tokens,
        v.cost_usd,
      ], [
        want.requests,
        want.total_tokens,
        want.avg_tokens_per_request,
        want.avg_system_prompt_tokens,
        want.cost_usd,
      ], key);
    }

    const b = r.baselines;
    assert.equal(b.promised_savings_rate, E.baselines.promised_savings_rate);
    assert.equal(b.overall.system_prompt_savings_rate, E.baselines.overall_savings_rate);
    assert.deepEqual([
      b.target_check!.avg_system_prompt_tokens,
      b.target_check!.delta_tokens,
      b.target_check!.band_status,
      b.target_check!.met,
    ], [E.by_variant.mcp.avg_system_prompt_tokens, E.baselines.mcp_delta_tokens, "in_band", true]);
    assert.deepEqual([b.target_check!.system_prompt_savings_rate, b.target_check!.savings_rate_delta], [
      E.baselines.mcp_savings_rate,
      E.baselines.mcp_savings_delta,
    ]);
    assert.equal(b.target_check!.tokens_per_request_met, false); // 28,166.67 > 400
    assert.equal(b.dollars_saved.usd, E.baselines.dollars_saved);
    assert.equal(usd(b.dollars_saved.usd), "$0.18");
    assert.deepEqual([
      b.dollars_saved.requests_counted,
      b.dollars_saved.unpriced_requests_excluded,
      b.dollars_saved.unknown_system_prompt_requests,
      b.dollars_saved.system_prompt_tokens_saved,
    ], [E.baselines.requests_counted, 1, 1, E.baselines.system_prompt_tokens_saved]);
    const trad = b.by_prompt_variant.find((v) => v.prompt_variant === "traditional")!;
    assert.deepEqual([trad.dollars_saved_usd, trad.excess_over_target_usd], [
      0,
      E.baselines.traditional_excess_over_target,
    ]);

    assert.deepEqual(
      r.by_day.map((d) => [d.day, d.requests, d.total_tokens, d.cost_usd, d.unpriced_requests]),
      E.per_day.map((d) => [d.day, d.requests, d.total_tokens, d.cost_usd, d.unpriced]),
    );

    // The same answer once the rollup has taken the events in (full hours now come from usage_hourly).
    await rollUp(sql);
    const rolled = await json(query);
    assert.deepEqual({ ...rolled, data_as_of: null }, { ...queued, data_as_of: null });

    // Filters: the traditional variant alone.
    const t = await json(`${query}&prompt_variant=traditional`);
    assert.deepEqual([t.requests, t.cost_usd, t.baselines.overall.avg_system_prompt_tokens], [2, 0.54, 5200]);
  } finally {
    await deleteFixedPrices(sql, models);
    await sql.end();
  }
});

Deno.test("track-usage: period=day covers the last 24 hours up to now", async () => {
  const sql = connect();
  const tag = runTag();
  const app = `h6-track-day-${tag}`;
  const models = await insertFixedPrices(sql, tag);
  try {
    // Event #1 moved to two hours ago and #4 to 30 hours ago (outside the day, inside the week).
    const now = Date.now();
    await insertEvents(sql, {
      app,
      models,
      only: ["1"],
      shiftMs: now - 2 * 3_600_000 - Date.parse("2025-03-03T10:15:00Z"),
    });
    await insertEvents(sql, {
      app,
      models,
      only: ["4"],
      shiftMs: now - 30 * 3_600_000 - Date.parse("2025-03-05T14:30:00Z"),
    });
    const day = await json(`period=day&app=${app}`);
    assert.deepEqual([day.period, day.requests, day.cost_usd, day.total_tokens], ["day", 1, 0.765, 44_000]);
    assert.equal(Date.parse(day.to) - Date.parse(day.from), 86_400_000);
    const week = await json(`period=week&app=${app}`);
    assert.deepEqual([week.period, week.requests, week.cost_usd], ["week", 2, 1.005]); // 0.765 + 0.240
    const month = await json(`period=month&app=${app}`);
    assert.equal(month.by_day.length, 31); // 30 days back from now touch 31 UTC days
  } finally {
    await deleteFixedPrices(sql, models);
    await sql.end();
  }
});

Deno.test("track-usage: 401 without credentials or with the anon key, 405 for POST, 400 naming every problem", async () => {
  const none = await trackUsage("period=week", "");
  assert.equal(none.status, 401);
  await none.body?.cancel();
  const anon = await trackUsage("period=week", stackEnv.anonKey);
  assert.equal(anon.status, 401);
  await anon.body?.cancel();
  const post = await trackUsage("period=week", stackEnv.serviceRoleKey, "POST");
  assert.equal(post.status, 405);
  await post.body?.cancel();
  const bad = await trackUsage("period=fortnight&from=2025-01-01&colour=red");
  assert.equal(bad.status, 400);
  const body = await bad.json();
  assert.deepEqual(body.problems.map((p: { field: string }) => p.field), ["colour", "period"]);
});
