/**
 * The browser tests' shared dataset and checks: six events of one fresh app 2 to 9 hours before
 * the current hour, priced by two fixture models, rolled up; and the assertions that a dashboard
 * page (the server page or dist/dashboard.html) shows exactly the engine's numbers and point
 * counts for that app over the page's own window. Also how Chromium is started.
 */
import assert from "node:assert/strict";
import { type BrowserContext, chromium, type Page } from "npm:playwright-core@1.65.1";
import type { Sql } from "../../shared/deps.ts";
import { formatCompact, formatUsd } from "../../shared/dashboard/format.ts";
import { waitFor } from "../helpers/test_env.ts";

export const HOUR = 3600_000;

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Debian's Chromium with a throwaway profile; `close` removes it. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDir = await Deno.makeTempDir({ prefix: "tokenwatch-chromium-" });
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await Deno.remove(userDir, { recursive: true }).catch(() => {});
    },
  };
}

/** The fixture's app and the hour it was placed against. */
export interface DashboardFixture {
  app: string;
  /** The start of the hour the events count back from (ms). */
  hour: number;
}

/** Inserts the six events of a fresh app and waits until the rollup holds them. */
export async function loadDashboardFixture(sql: Sql): Promise<DashboardFixture> {
  const run = crypto.randomUUID().slice(0, 8);
  const app = `dash-fixture-${run}`;
  const hour = Math.floor(Date.now() / HOUR) * HOUR;
  // Every event sits 2 to 9 hours before the current hour, so the 24-hour window still holds
  // them all if the hour turns while the test runs.
  const at = (hoursBefore: number, minute: number): string =>
    new Date(hour - hoursBefore * HOUR + minute * 60_000).toISOString();
  // Custom prices for this fixture's own models: a = $1 in / $0.50 cache read / $2 out, b = $3 in / $15 out per 1M.
  await sql`
    insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, cache_read_per_mtok, output_per_mtok, effective_from, custom, notes)
    select p.provider, p.pattern, p.input, p.cache_read, p.output, '2020-01-01', true, 'dashboard browser test fixture'
    from (values ('openai', 'dash-fixture-model-a', 1::numeric, 0.5::numeric, 2::numeric),
                 ('anthropic', 'dash-fixture-model-b', 3::numeric, null::numeric, 15::numeric)) p(provider, pattern, input, cache_read, output)
    where not exists (select 1 from monitoring.model_prices m where m.model_pattern = p.pattern and m.custom)`;
  // Hand totals: input 1000 + 1200 + 5400 + 3 × 800 = 10,000; output 200 + 300 + 100 + 3 × 100 = 900;
  // cost 0.0013 + 0.0018 + 0.0177 + 3 × 0.001 = $0.0238.
  // [id, at, provider, model, input, cache read, output, system prompt, tool calls, tool failures, status, error, latency, env, variant]
  const a = "dash-fixture-model-a";
  const b = "dash-fixture-model-b";
  const events = [
    [`${run}-1`, at(2, 10), "openai", a, 1000, 200, 200, 198, 2, 0, "ok", null, 400, "prod", "mcp"],
    [`${run}-2`, at(2, 20), "openai", a, 1200, 0, 300, 200, 1, 1, "ok", null, 800, "prod", "mcp"],
    [
      `${run}-3`,
      at(5, 30),
      "anthropic",
      b,
      5400,
      0,
      100,
      5200,
      0,
      0,
      "error",
      "rate_limit",
      1500,
      "prod",
      "traditional",
    ],
    [`${run}-4`, at(9, 5), "openai", a, 800, 0, 100, 190, 1, 0, "ok", null, 300, "staging", "mcp"],
    [`${run}-5`, at(9, 15), "openai", a, 800, 0, 100, 210, 1, 0, "ok", null, 500, "staging", "mcp"],
    [`${run}-6`, at(9, 25), "openai", a, 800, 0, 100, 200, 1, 0, "ok", null, 700, "staging", "mcp"],
  ] as const;
  for (const e of events) {
    await sql`
      insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, cache_read_tokens,
        output_tokens, system_prompt_tokens, tool_calls, tool_failures, status, error_type, latency_ms, app, environment, prompt_variant)
      values (${e[0]}, 'dash-fixture', ${e[1]}, ${e[2]}, ${e[3]}, ${e[4]}, ${e[5]}, ${e[6]}, ${e[7]}, ${
      e[8]
    }, ${e[9]},
              ${e[10]}, ${e[11]}, ${e[12]}, ${app}, ${e[13]}, ${e[14]})`;
  }
  // Roll up (the cron job may hold the lock for a moment; try until our events are in).
  await waitFor(async () => {
    await sql`select monitoring.refresh_usage_rollups()`;
    const [q] = await sql`select count(*)::int as n from monitoring.usage_rollup_queue q
                          join monitoring.usage_events e on e.id = q.event_id where e.app = ${app}`;
    return q.n === 0 ? true : undefined;
  }, { timeoutMs: 30_000, intervalMs: 300, what: "the rollup to take the fixture's events" });
  return { app, hour };
}

/** Number of chart points (`.pt`) of one chart, optionally of one series. */
export function points(page: Page, chart: string, series?: string): Promise<number> {
  return page.locator(`svg[data-chart="${chart}"] .pt${series ? `[data-series="${series}"]` : ""}`).count();
}

/** Every chart point on the page as "chart|series|x|value", in page order. */
export function allPoints(page: Page): Promise<string[]> {
  return page.locator("svg[data-chart] .pt").evaluateAll((els) =>
    els.map((el) =>
      [
        el.closest("svg")?.getAttribute("data-chart"),
        el.getAttribute("data-series"),
        el.getAttribute("data-x"),
        el.getAttribute("data-value"),
      ].join("|")
    )
  );
}

/**
 * The page shows the fixture over its 24-hour window exactly as the engine has it: the point
 * count of every chart, the headline numbers (read with SQL from monitoring.usage_summary for
 * the page's own window) and one point against the hourly view.
 */
export async function assertShowsEngine(page: Page, sql: Sql, fixture: DashboardFixture): Promise<void> {
  const { app, hour } = fixture;
  for (const s of ["input", "cached", "output", "system_prompt"]) {
    assert.equal(await points(page, "tokens", s), 24, `tokens/${s}`);
  }
  assert.equal(await points(page, "cost", "cost"), 7);
  assert.equal(await points(page, "cost", "avg7"), 7);
  assert.equal(await points(page, "system-prompt", "variant:mcp"), 2, "mcp reported in two hours");
  assert.equal(await points(page, "system-prompt", "variant:traditional"), 1);
  const [{ n: baselines }] = await sql`select count(*)::int as n from monitoring.baselines`;
  assert.equal(
    await points(page, "savings"),
    (2 + baselines) * 2,
    "two measured variants and each baseline, two bars each",
  );
  assert.equal(await points(page, "rates", "error_rate"), 3, "three hours with requests");
  assert.equal(await points(page, "rates", "tool_success"), 2, "two hours with tool calls");
  assert.equal(await points(page, "latency"), 4, "two models × p50, p95");

  // The values shown are the engine's numbers for the page's own window.
  const from = await page.locator("main").getAttribute("data-from");
  const to = await page.locator("main").getAttribute("data-to");
  const [{ s: summary }] =
    await sql`select monitoring.usage_summary(${from}::timestamptz, ${to}::timestamptz, ${app}) as s`;
  assert.equal(Number(summary.total_tokens), 10900, "the engine's total equals the hand total");
  assert.equal(Number(summary.cost_usd), 0.0238);
  const tokens = page.locator('[data-stat="total_tokens"]');
  assert.equal(Number(await tokens.getAttribute("data-value")), Number(summary.total_tokens));
  assert.equal((await tokens.innerText()).trim(), formatCompact(Number(summary.total_tokens)));
  assert.equal((await tokens.innerText()).trim(), "10.9k");
  const cost = page.locator('[data-stat="cost_usd"]');
  assert.equal(Number(await cost.getAttribute("data-value")), Number(summary.cost_usd));
  assert.equal((await cost.innerText()).trim(), formatUsd(Number(summary.cost_usd)));
  const requests = page.locator('[data-stat="requests"]');
  assert.equal(Number(await requests.getAttribute("data-value")), Number(summary.requests));
  assert.equal(Number(summary.requests), 6);

  // One point against the hourly view: input tokens two hours back.
  const twoBack = new Date(hour - 2 * HOUR);
  const [{ n: viewInput }] = await sql`select sum(input_tokens)::int as n from monitoring.v_hourly_token_usage
              where app = ${app} and hour = ${twoBack.toISOString()}::timestamptz`;
  assert.equal(viewInput, 2200);
  const inputPoints = await page.locator('svg[data-chart="tokens"] .pt[data-series="input"]').evaluateAll((
    els,
  ) => els.map((el) => [el.getAttribute("data-x"), el.getAttribute("data-value")]));
  const point = inputPoints.find(([x]) => new Date(x!).getTime() === twoBack.getTime());
  assert.ok(point, "a point for that hour");
  assert.equal(Number(point[1]), viewInput);
}
