/**
 * `npm run prices:import` against the test stack's seeded model_prices, with the committed excerpts of
 * LiteLLM's and genai-prices' files (tests/fixtures/prices). The differences were worked out by hand from
 * the seed (20261124001150, 20261202020800) and the excerpts. Applying runs in a transaction rolled back,
 * so no other test sees the imported rows.
 */
import assert from "node:assert/strict";
import { connect, stackEnv } from "../helpers/test_env.ts";
import { parsePriceFile } from "../../shared/prices/price_files.ts";
import { applyPriceDifferences, diffPrices } from "../../shared/prices/price_import.ts";
import { main } from "../../cli/prices_import.ts";

const NOW = new Date("2026-12-02T08:00:00Z");
const GENAI = new URL("../fixtures/prices/genai-prices_data.excerpt.json", import.meta.url).pathname;
const LITELLM = new URL("../fixtures/prices/litellm_model_prices.excerpt.json", import.meta.url).pathname;

Deno.test("prices:import prints the difference per model (dry run changes nothing)", async () => {
  const sql = connect();
  try {
    const before = await sql`select count(*)::int as n from monitoring.model_prices`;
    const lines: string[] = [];
    assert.equal(
      await main([GENAI], { now: NOW, databaseUrl: stackEnv.dbUrl, print: (l) => lines.push(l) }),
      0,
    );
    const [seedSonnet5] = await sql`select id from monitoring.model_prices
      where model_pattern = 'claude-sonnet-5%' and service_tier = 'default' and not custom`;
    const [seedO3] = await sql`select id from monitoring.model_prices
      where model_pattern = 'o3%' and service_tier = 'default' and effective_from = '2025-04-16' and not custom`;
    assert.deepEqual(lines, [
      "genai-prices_data.excerpt.json (genai-prices): 13 prices, 0 entries skipped",
      "new      anthropic claude-2 [default]: input_per_mtok 8, output_per_mtok 24",
      "new      anthropic claude-opus-4-6 [default, above 200,000 input tokens] until 2026-03-13 (ended before the import date: not applied): input_per_mtok 10, cache_read_per_mtok 1, cache_write_per_mtok 12.5, output_per_mtok 37.5",
      `changed  anthropic claude-sonnet-5 [default] from 2026-09-01: input_per_mtok 2 -> 3, cache_read_per_mtok 0.2 -> 0.3, cache_write_per_mtok 2.5 -> 3.75, output_per_mtok 10 -> 15 (in force: row ${seedSonnet5.id} 'claude-sonnet-5%' from 2026-06-30)`,
      `changed  openai o3 [default] until 2025-06-10 (ended before the import date: not applied): cache_read_per_mtok 2.5 -> 0.5 (in force: row ${seedO3.id} 'o3%' from 2025-04-16)`,
      "2 new, 2 changed, 9 unchanged",
      "(dry run: --apply adds these as new rows)",
    ]);
    const litellm: string[] = [];
    assert.equal(
      await main([LITELLM, "--verbose"], {
        now: NOW,
        databaseUrl: stackEnv.dbUrl,
        print: (l) => litellm.push(l),
      }),
      0,
    );
    assert.deepEqual(litellm, [
      "litellm_model_prices.excerpt.json (litellm): 4 prices, 1 entries skipped",
      "skipped  claude-sonnet-4-5-20250929-v1:0: provider bedrock not imported",
      "0 new, 0 changed, 4 unchanged",
      "(dry run: --apply adds these as new rows)",
    ]);
    assert.deepEqual(await sql`select count(*)::int as n from monitoring.model_prices`, before);
  } finally {
    await sql.end();
  }
});

Deno.test("--apply adds effective-dated rows naming the file, edits no row in force, and a second import finds nothing", async () => {
  const sql = connect();
  const file = parsePriceFile(JSON.parse(await Deno.readTextFile(GENAI)));
  const rollback = new Error("rollback");
  try {
    await sql.begin(async (tx) => {
      const rowsBefore = await tx`select * from monitoring.model_prices order by id`;
      const differences = await diffPrices(tx, file.quotes, NOW);
      const ids = await applyPriceDifferences(
        tx,
        differences,
        { fileName: "genai-prices_data.excerpt.json", format: "genai-prices", sha256: "ab".repeat(32) },
        new Date("2026-12-02T00:00:00Z"),
        "2026-12-02",
      );
      assert.equal(ids.length, 2, "claude-2 (new) and claude-sonnet-5 from 2026-09-01 (changed)");
      const added = await tx`select provider, model_pattern, service_tier, input_per_mtok::float8 as input,
                                    cache_read_per_mtok::float8 as cache_read, output_per_mtok::float8 as output,
                                    effective_from, custom, source_url, source_date::text
                             from monitoring.model_prices where id = any(${ids}) order by id`;
      assert.deepEqual(added.map((r) => ({ ...r })), [
        {
          provider: "anthropic",
          model_pattern: "claude-2",
          service_tier: "default",
          input: 8,
          cache_read: null,
          output: 24,
          effective_from: new Date("2026-12-02T00:00:00Z"),
          custom: false,
          source_url: "file:genai-prices_data.excerpt.json",
          source_date: "2026-12-02",
        },
        {
          provider: "anthropic",
          model_pattern: "claude-sonnet-5",
          service_tier: "default",
          input: 3,
          cache_read: 0.3,
          output: 15,
          effective_from: new Date("2026-09-01T00:00:00Z"),
          custom: false,
          source_url: "file:genai-prices_data.excerpt.json",
          source_date: "2026-12-02",
        },
      ]);
      const rowsAfter =
        await tx`select * from monitoring.model_prices where not (id = any(${ids})) order by id`;
      assert.deepEqual(rowsAfter, rowsBefore, "no existing row changed");
      // The imported price now prices requests: claude-sonnet-5 after 2026-09-01 at 3 / 15.
      const [{ cost }] =
        await tx`select monitoring.event_cost('claude-sonnet-5', '2026-10-01', 1000000, 0) as cost`;
      assert.equal(Number(cost), 3);
      const again = await diffPrices(tx, file.quotes, NOW);
      assert.deepEqual(
        again.filter((d) => d.status !== "unchanged").map((d) => `${d.quote.model} ${d.status}`),
        ["claude-opus-4-6 new", "o3 changed"],
        "only the historical prices (not applicable) remain",
      );
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  } finally {
    await sql.end();
  }
});
