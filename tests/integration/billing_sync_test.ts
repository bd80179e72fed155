/**
 * billing-sync against a local stand-in of the providers' admin APIs (tests/fixtures/receivers/
 * billing_api.ts), in the documented page shapes: the stored rows equal the pages' numbers, a
 * second sync changes nothing, a corrected bucket replaces the old one, a 429 is waited out, a
 * 5xx that outlasts the back-off stores nothing and the next run resumes, a 401 is recorded on
 * the source and disables nothing; and the reconciliation view's numbers for a day with
 * hand-computed tracked and billed cost.
 *
 * Clock: the sync runs as of NOW (2025-02-12 09:30 UTC); its first read of a source covers
 * 2025-02-03 09:00 .. 2025-02-12 10:00 (usage) and 2025-02-02 .. 2025-02-13 (costs). All buckets
 * lie on DAY, 2025-02-10. The sources are disabled (so the hourly job and other tests leave them
 * alone) and synced by name.
 */
import assert from "node:assert/strict";
import { connect } from "../helpers/test_env.ts";
import type { BillingSummary } from "../../shared/billing/summary.ts";
import { billingSection } from "../../shared/report/billing_section.ts";
import { isoWeekOf } from "../../shared/report/iso_week.ts";
import { renderMarkdown } from "../../shared/document/render_markdown.ts";
import { readReportData } from "../../shared/report/store.ts";
import type { WeeklyReport } from "../../shared/report/types.ts";
import { billingWorld } from "../fixtures/billing/billing_setup.ts";
import {
  anthropicCostPages,
  anthropicUsagePages,
  openaiCostPages,
  openaiUsagePages,
} from "../fixtures/billing/admin_api_pages.ts";

const DAY = "2025-02-10";
const NOW = new Date("2025-02-12T09:30:00Z");

interface UsageRow {
  bucket_start: string;
  model: string | null;
  project_id: string | null;
  service_tier: string | null;
  batch: boolean | null;
  context_window: string | null;
  requests: string | null;
  input_tokens: string;
  cache_read_tokens: string;
  cache_write_tokens: string;
  cache_write_1h_tokens: string;
  output_tokens: string;
}

async function usageRows(sql: ReturnType<typeof connect>, source: string): Promise<UsageRow[]> {
  const rows = await sql<UsageRow[]>`
    select to_char(bucket_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as bucket_start, model, project_id,
           service_tier, batch, context_window, requests::text, input_tokens::text, cache_read_tokens::text,
           cache_write_tokens::text, cache_write_1h_tokens::text, output_tokens::text
      from monitoring.provider_usage where source = ${source}
     order by bucket_start, model, batch`;
  return rows.map((r) => ({ ...r }));
}

async function costRows(sql: ReturnType<typeof connect>, source: string) {
  const rows = await sql<
    {
      day: string;
      line_item: string | null;
      project_id: string | null;
      model: string | null;
      amount_usd: string;
    }[]
  >`
    select day::text, line_item, project_id, model, amount_usd::text
      from monitoring.provider_costs where source = ${source}
     order by line_item nulls first`;
  return rows.map((r) => ({ ...r }));
}

Deno.test("OpenAI: three usage pages and two cost pages stored as read; a second sync changes nothing; a correction lands", async () => {
  const sql = connect();
  const world = await billingWorld(sql);
  try {
    const source = await world.source({ provider: "openai" });
    world.api.setPages("openaiUsage", openaiUsagePages(DAY));
    world.api.setPages("openaiCosts", openaiCostPages(DAY));

    const first = await world.sync(NOW, { source });
    assert.equal(first.status, 200);
    const [r1] = first.body.sources;
    assert.deepEqual([r1.status, r1.error], ["ok", null]);
    assert.deepEqual(r1.usage && [r1.usage.pages, r1.usage.rows, r1.usage.inserted], [3, 3, 3]);
    assert.deepEqual(r1.costs && [r1.costs.pages, r1.costs.rows, r1.costs.inserted], [2, 3, 3]);

    // documented parameters went out: Unix seconds, 1h buckets, the four groupings, the cursor
    const usageCalls = world.api.requests.filter((r) => r.endpoint === "openaiUsage");
    assert.deepEqual(usageCalls.map((r) => r.params.get("page")), [null, "page_1", "page_2"]);
    assert.equal(usageCalls[0].params.get("start_time"), String(Date.parse("2025-02-03T09:00:00Z") / 1000));
    assert.equal(usageCalls[0].params.get("end_time"), String(Date.parse("2025-02-12T10:00:00Z") / 1000));
    assert.equal(usageCalls[0].params.get("bucket_width"), "1h");
    assert.deepEqual(usageCalls[0].params.getAll("group_by"), [
      "model",
      "project_id",
      "service_tier",
      "batch",
    ]);
    const costCalls = world.api.requests.filter((r) => r.endpoint === "openaiCosts");
    assert.equal(costCalls[0].params.get("start_time"), String(Date.parse("2025-02-02T00:00:00Z") / 1000));
    assert.deepEqual(costCalls[0].params.getAll("group_by"), ["line_item", "project_id"]);

    const expectedUsage = [
      {
        bucket_start: `${DAY}T10:00`,
        model: "gpt-4o-mini-2024-07-18",
        project_id: "proj_a",
        service_tier: "default",
        batch: false,
        context_window: null,
        requests: "4",
        input_tokens: "1000",
        cache_read_tokens: "200",
        cache_write_tokens: "0",
        cache_write_1h_tokens: "0",
        output_tokens: "300",
      },
      {
        bucket_start: `${DAY}T10:00`,
        model: "gpt-4o-mini-2024-07-18",
        project_id: "proj_a",
        service_tier: "batch",
        batch: true,
        context_window: null,
        requests: "1",
        input_tokens: "500",
        cache_read_tokens: "0",
        cache_write_tokens: "0",
        cache_write_1h_tokens: "0",
        output_tokens: "100",
      },
      {
        bucket_start: `${DAY}T11:00`,
        model: "gpt-4o-2024-08-06",
        project_id: "proj_b",
        service_tier: "priority",
        batch: false,
        context_window: null,
        requests: "2",
        input_tokens: "2000",
        cache_read_tokens: "0",
        cache_write_tokens: "0",
        cache_write_1h_tokens: "0",
        output_tokens: "500",
      },
    ];
    assert.deepEqual(await usageRows(sql, source), expectedUsage);
    assert.deepEqual(await costRows(sql, source), [
      {
        day: DAY,
        line_item: "gpt-4o-mini-2024-07-18, input",
        project_id: "proj_a",
        model: "gpt-4o-mini-2024-07-18",
        amount_usd: "0.5",
      },
      {
        day: DAY,
        line_item: "gpt-4o-mini-2024-07-18, output",
        project_id: "proj_a",
        model: "gpt-4o-mini-2024-07-18",
        amount_usd: "0.2500000000000000",
      },
      { day: DAY, line_item: "web search tool calls", project_id: null, model: null, amount_usd: "0.75" },
    ]);

    // the same pages again: nothing changes, not even fetched_at
    const snapshot = () =>
      sql`select id, fetched_at from monitoring.provider_usage where source = ${source}
          union all select id, fetched_at from monitoring.provider_costs where source = ${source} order by 1, 2`;
    const before = await snapshot();
    const second = await world.sync(NOW, { source });
    const [r2] = second.body.sources;
    assert.deepEqual(
      r2.usage && [r2.usage.inserted, r2.usage.updated, r2.usage.deleted, r2.usage.unchanged],
      [0, 0, 0, 3],
    );
    assert.deepEqual(
      r2.costs && [r2.costs.inserted, r2.costs.updated, r2.costs.deleted, r2.costs.unchanged],
      [0, 0, 0, 3],
    );
    assert.deepEqual(await snapshot(), before);

    // a late correction: the batch bucket's output and the day's input cost change
    world.api.setPages("openaiUsage", openaiUsagePages(DAY, { batchOutput: 120 }));
    world.api.setPages("openaiCosts", openaiCostPages(DAY, { inputAmount: 0.55 }));
    const third = await world.sync(NOW, { source });
    const [r3] = third.body.sources;
    assert.deepEqual(r3.usage && [r3.usage.inserted, r3.usage.updated, r3.usage.deleted], [0, 1, 0]);
    assert.deepEqual(r3.costs && [r3.costs.inserted, r3.costs.updated, r3.costs.deleted], [0, 1, 0]);
    const corrected = await usageRows(sql, source);
    assert.equal(corrected[1].output_tokens, "120");
    assert.equal((await costRows(sql, source))[0].amount_usd, "0.55");

    // a grouping no longer reported is removed from the window
    world.api.setPages("openaiCosts", [[openaiCostPages(DAY, { inputAmount: 0.55 })[0][0]]]);
    const fourth = await world.sync(NOW, { source });
    assert.deepEqual(fourth.body.sources[0].costs && fourth.body.sources[0].costs.deleted, 1);
    world.api.setPages("openaiCosts", openaiCostPages(DAY, { inputAmount: 0.55 }));
    await world.sync(NOW, { source });

    const [state] = await sql<{ last_synced_at: Date; last_error: string | null }[]>`
      select last_synced_at, last_error from monitoring.billing_sources where name = ${source}`;
    assert.deepEqual([state.last_synced_at.toISOString(), state.last_error], [NOW.toISOString(), null]);

    // Reconciliation for DAY, with tracked events priced by a custom price in force on DAY only:
    // $100 per 1M input, $400 per 1M output. Two events of 1,000 in + 250 out:
    //   each 1000 × 100/1e6 + 250 × 400/1e6 = 0.1 + 0.1 = $0.20; tracked $0.40.
    // billed for gpt-4o-mini-2024-07-18: 0.55 + 0.25 = $0.80 → drift 100 × 0.40 / 0.80 = 50 %,
    // coverage 0.40 / 0.80 = 0.5. The web search line names no model: $0.75 unattributed.
    // Day total: billed 1.55, tracked 0.40, drift 100 × 1.15 / 1.55 = 74.19354… → 74.1935.
    await sql`
      insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, effective_to, custom, notes)
      values ('openai', 'gpt-4o-mini-2024-07-18', 100, 400, ${`${DAY}T00:00:00Z`}, ${`${DAY}T23:59:59Z`}, true, 'twbill reconciliation test')`;
    await sql`
      insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens)
      select 'twbill-' || g, 'twbill-tests', ${`${DAY}T10:15:00Z`}, 'openai', 'gpt-4o-mini-2024-07-18', 1000, 250
      from generate_series(1, 2) g`;
    await sql`select monitoring.drain_usage_rollup_queue()`;
    const rows = await sql`
      select model, tracked_requests::int, tracked_input_tokens::int, tracked_output_tokens::int,
             tracked_cost_usd::text, reported_requests::int, reported_input_tokens::int, reported_output_tokens::int,
             billed_cost_usd::text, input_tokens_difference::int, cost_difference_usd::text, drift_pct::text,
             unattributed_cost_usd::text, coverage::text
        from monitoring.v_billing_reconciliation where day = ${DAY} and provider = 'openai' order by model nulls first`;
    // money columns compared as numbers (their numeric scale follows the inputs'), drift and coverage as exact text
    const money = (v: string | null) => v === null ? null : Number(v);
    assert.deepEqual(
      rows.map((r) => ({
        ...r,
        tracked_cost_usd: money(r.tracked_cost_usd),
        billed_cost_usd: money(r.billed_cost_usd),
        cost_difference_usd: money(r.cost_difference_usd),
        unattributed_cost_usd: money(r.unattributed_cost_usd),
      })),
      [
        {
          model: null,
          tracked_requests: 0,
          tracked_input_tokens: 0,
          tracked_output_tokens: 0,
          tracked_cost_usd: 0,
          reported_requests: null,
          reported_input_tokens: 0,
          reported_output_tokens: 0,
          billed_cost_usd: 0.75,
          input_tokens_difference: 0,
          cost_difference_usd: 0.75,
          drift_pct: "100.0000",
          unattributed_cost_usd: 0.75,
          coverage: "0.000000",
        },
        {
          model: "gpt-4o-2024-08-06",
          tracked_requests: 0,
          tracked_input_tokens: 0,
          tracked_output_tokens: 0,
          tracked_cost_usd: 0,
          reported_requests: 2,
          reported_input_tokens: 2000,
          reported_output_tokens: 500,
          billed_cost_usd: 0,
          input_tokens_difference: 2000,
          cost_difference_usd: 0,
          drift_pct: null,
          unattributed_cost_usd: 0,
          coverage: null,
        },
        {
          model: "gpt-4o-mini-2024-07-18",
          tracked_requests: 2,
          tracked_input_tokens: 2000,
          tracked_output_tokens: 500,
          tracked_cost_usd: 0.4,
          reported_requests: 5,
          reported_input_tokens: 1500,
          reported_output_tokens: 420,
          billed_cost_usd: 0.8,
          input_tokens_difference: -500,
          cost_difference_usd: 0.4,
          drift_pct: "50.0000",
          unattributed_cost_usd: 0,
          coverage: "0.500000",
        },
      ],
    );
    const [daily] = await sql`
      select tracked_cost_usd::numeric::text as tracked, billed_cost_usd::text as billed, drift_pct::text as drift,
             unattributed_cost_usd::text as unattributed
        from monitoring.v_billing_reconciliation_daily where day = ${DAY} and provider = 'openai'`;
    assert.deepEqual([Number(daily.tracked), Number(daily.billed), daily.drift, Number(daily.unattributed)], [
      0.4,
      1.55,
      "74.1935",
      0.75,
    ]);

    // the weekly report's data (2025-W07, Mon Feb 10 – Sun Feb 16) carries the same numbers, and its
    // section shows them; an app's report carries none (billing is organisation-wide)
    const week = isoWeekOf(new Date(`${DAY}T12:00:00Z`));
    assert.equal(week.label, "2025-W07");
    const report = JSON.parse((await readReportData(sql, { week, app: null })).json) as WeeklyReport & {
      billing: BillingSummary;
    };
    const t = report.billing.totals;
    assert.deepEqual([t.tracked_cost_usd, t.billed_cost_usd, t.drift_pct, t.unattributed_cost_usd], [
      0.4,
      1.55,
      74.1935,
      0.75,
    ]);
    assert.deepEqual(report.billing.models.map((m) => [m.model, m.cost_difference_usd]), [
      [null, 0.75],
      ["gpt-4o-mini-2024-07-18", 0.4],
      ["gpt-4o-2024-08-06", 0],
    ]);
    const section = renderMarkdown(billingSection(report));
    for (const part of ["$0.40", "$1.55", "+74.19%", "$0.75", "25.8%"]) {
      assert.ok(section.includes(part), part);
    }
    const appReport = JSON.parse((await readReportData(sql, { week, app: "twbill-app" })).json) as {
      billing: unknown;
    };
    assert.equal(appReport.billing, null);
  } finally {
    await sql`delete from monitoring.usage_hourly where hour >= ${`${DAY}T00:00:00Z`} and hour < ${`${DAY}T23:59:59Z`} and model = 'gpt-4o-mini-2024-07-18'`;
    await sql`delete from monitoring.usage_events where source = 'twbill-tests'`;
    await sql`delete from monitoring.model_prices where notes = 'twbill reconciliation test'`;
    await world.cleanup();
    await sql.end();
  }
});

Deno.test("Anthropic: cents become dollars, cache writes join the input, a 429 is waited out as retry-after asks", async () => {
  const sql = connect();
  const world = await billingWorld(sql);
  try {
    const source = await world.source({ provider: "anthropic" });
    world.api.setPages("anthropicUsage", anthropicUsagePages(DAY));
    world.api.setPages("anthropicCosts", anthropicCostPages(DAY));
    world.api.failNext("anthropicCosts", { status: 429, retryAfter: "0" });
    const { status, body } = await world.sync(NOW, { source });
    assert.equal(status, 200);
    assert.deepEqual([body.sources[0].status, body.sources[0].error], ["ok", null]);
    assert.deepEqual(
      world.api.requests.filter((r) => r.endpoint === "anthropicCosts").map((r) => r.status),
      [429, 200],
    );
    assert.deepEqual(world.waits, [0]);
    const usageCall = world.api.requests.find((r) => r.endpoint === "anthropicUsage");
    assert.equal(usageCall?.params.get("starting_at"), "2025-02-03T09:00:00.000Z");
    assert.deepEqual(usageCall?.params.getAll("group_by[]"), ["model", "service_tier", "context_window"]);

    const usage = await usageRows(sql, source);
    assert.deepEqual(
      usage.map((
        u,
      ) => [
        u.bucket_start,
        u.service_tier,
        u.requests,
        u.input_tokens,
        u.cache_read_tokens,
        u.cache_write_tokens,
        u.cache_write_1h_tokens,
        u.output_tokens,
      ]),
      [
        // 1500 uncached + 200 read + 300 (5m) + 100 (1h) written = 2100 input
        [`${DAY}T10:00`, "standard", null, "2100", "200", "400", "100", "500"],
        [`${DAY}T11:00`, "batch", null, "1000", "0", "0", "0", "250"],
      ],
    );
    const costs = await sql<{ model: string; token_type: string; amount_usd: string }[]>`
      select model, token_type, amount_usd::text from monitoring.provider_costs where source = ${source} order by token_type desc`;
    assert.deepEqual(costs.map((c) => [c.model, c.token_type, c.amount_usd]), [
      ["claude-sonnet-4-5-20250929", "uncached_input_tokens", "1.2345"], // "123.45" cents
      ["claude-sonnet-4-5-20250929", "output_tokens", "0.5"], // 50 cents, sent as a number
    ]);
  } finally {
    await world.cleanup();
    await sql.end();
  }
});

Deno.test("a 401 is recorded on the source and disables nothing; an unstorable answer too; other sources still sync", async () => {
  const sql = connect();
  const world = await billingWorld(sql);
  try {
    const bad = await world.source({ provider: "openai", key: "sk-admin-revoked", enabled: true });
    const good = await world.source({ provider: "openai", enabled: true });
    const odd = await world.source({ provider: "anthropic", enabled: true });
    world.api.setPages("openaiUsage", openaiUsagePages(DAY));
    world.api.setPages("openaiCosts", openaiCostPages(DAY));
    // a bucket a year before the window asked for cannot replace anything in it
    world.api.setPages("anthropicUsage", anthropicUsagePages("2024-02-10"));
    const { status, body } = await world.sync(NOW, {}); // every enabled source
    assert.equal(status, 200);
    const result = (name: string) => body.sources.find((r) => r.source === name)!;
    assert.deepEqual([result(bad).status, result(bad).retryable], ["error", false]);
    assert.match(result(bad).error ?? "", /HTTP 401 Incorrect API key provided/);
    assert.deepEqual([result(good).status, result(good).usage?.inserted], ["ok", 3]);
    assert.equal(result(odd).status, "error");
    assert.match(result(odd).error ?? "", /^storing the reports failed: usage bucket outside the window/);
    const states = await sql<
      { name: string; enabled: boolean; synced: boolean; last_error: string | null; rows: number }[]
    >`
      select name, enabled, last_synced_at is not null as synced, last_error,
             (select count(*)::int from monitoring.provider_usage u where u.source = s.name) as rows
        from monitoring.billing_sources s where name in (${bad}, ${good}, ${odd})`;
    const state = (name: string) => states.find((x) => x.name === name)!;
    assert.deepEqual([state(bad).enabled, state(bad).synced, state(bad).rows], [true, false, 0]);
    assert.match(state(bad).last_error ?? "", /401/);
    assert.deepEqual([state(good).synced, state(good).last_error, state(good).rows], [true, null, 3]);
    assert.deepEqual([state(odd).enabled, state(odd).synced, state(odd).rows], [true, false, 0]);
    assert.match(state(odd).last_error ?? "", /outside the window/);
  } finally {
    await world.cleanup();
    await sql.end();
  }
});

Deno.test("a 5xx that outlasts the back-off stores nothing; the next run resumes from the same window", async () => {
  const sql = connect();
  const world = await billingWorld(sql);
  try {
    const source = await world.source({ provider: "openai" });
    world.api.setPages("openaiUsage", openaiUsagePages(DAY));
    world.api.setPages("openaiCosts", openaiCostPages(DAY));
    // the costs read fails four times: 1 try + 3 retries
    world.api.failNext("openaiCosts", { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    const first = await world.sync(NOW, { source });
    const [r] = first.body.sources;
    assert.deepEqual([r.status, r.retryable], ["error", true]);
    assert.match(r.error ?? "", /HTTP 503 .*resuming at the next run/);
    assert.deepEqual(world.waits, [1000, 2000, 4000]);
    // the usage read was whole and is stored; the costs read failed and stored nothing
    assert.equal(r.usage?.inserted, 3);
    assert.equal(r.costs, null);
    const count = async () =>
      (await sql<
        { n: number }[]
      >`select count(*)::int as n from monitoring.provider_costs where source = ${source}`)[0].n;
    assert.equal(await count(), 0);
    const [state] = await sql<{ last_synced_at: Date | null; last_error: string }[]>`
      select last_synced_at, last_error from monitoring.billing_sources where name = ${source}`;
    assert.equal(state.last_synced_at, null);
    assert.match(state.last_error, /503/);

    const later = new Date(NOW.getTime() + 3_600_000);
    const seen = world.api.requests.length;
    const second = await world.sync(later, { source });
    assert.equal(second.body.sources[0].status, "ok");
    assert.equal(await count(), 3);
    // never synced, so the resumed read starts 7 + 3 days back again: 2025-02-05 minus 3 days
    const resumed = world.api.requests.slice(seen).find((x) => x.endpoint === "openaiCosts");
    assert.equal(resumed?.params.get("start_time"), String(Date.parse("2025-02-02T00:00:00Z") / 1000));
  } finally {
    await world.cleanup();
    await sql.end();
  }
});
