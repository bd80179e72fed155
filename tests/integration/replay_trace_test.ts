/**
 * `npm run replay` on the Azure LLM inference trace (code, 2023): every token of the trace reaches
 * the database. The trace is a committed fixture (tests/fixtures/azure-llm-2023-code/, CC BY 4.0;
 * source, authors and licence in the README there), so the test needs nothing beside the clone.
 *
 * Expected totals, computed once with
 *   awk -F, 'NR>1{c+=$2; g+=$3; n++} END{print n, c, g}' AzureLLMInferenceTrace_code.csv
 * => 8819 rows, ContextTokens 18059974, GeneratedTokens 245896. The test also sums the columns itself.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT } from "../../local/stack_config.ts";
import { connect } from "../helpers/test_env.ts";

const TRACE = `${PROJECT_ROOT}/tests/fixtures/azure-llm-2023-code/AzureLLMInferenceTrace_code.csv`;
const AWK = { rows: 8819, context: 18_059_974, generated: 245_896 };

/** Sums the ContextTokens and GeneratedTokens columns, found by their header names. */
function columnSums(text: string): { rows: number; context: number; generated: number } {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const names = header.split(",");
  const ci = names.indexOf("ContextTokens");
  const gi = names.indexOf("GeneratedTokens");
  assert.ok(ci >= 0 && gi >= 0, `columns in ${header}`);
  let context = 0;
  let generated = 0;
  for (const line of lines) {
    const cells = line.split(",");
    context += Number(cells[ci]);
    generated += Number(cells[gi]);
  }
  return { rows: lines.length, context, generated };
}

async function replay(source: string): Promise<{ code: number; out: string }> {
  const output = await new Deno.Command(`${PROJECT_ROOT}/node_modules/.bin/deno`, {
    args: [
      "run",
      "-A",
      "--config",
      `${PROJECT_ROOT}/deno.json`,
      `${PROJECT_ROOT}/cli/replay.ts`,
      TRACE,
      `--source=${source}`,
      "--model=gpt-4o",
    ],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  return { code: output.code, out };
}

Deno.test("replaying the Azure trace stores every token of it", async () => {
  const text = await Deno.readTextFile(TRACE);
  const sums = columnSums(text);
  assert.deepEqual(sums, AWK, "the trace's column sums are the ones computed with awk");

  const source = `twtest-h4-replay-${crypto.randomUUID().slice(0, 8)}`;
  const first = await replay(source);
  assert.equal(first.code, 0, first.out);
  assert.match(
    first.out,
    new RegExp(`SENT events=8819 input_tokens=18059974 output_tokens=245896 inserted=8819 duplicates=0`),
  );

  const sql = connect();
  try {
    const totals = async () => {
      const [t] = await sql`
        select count(*)::int as rows, sum(input_tokens)::bigint::text as context, sum(output_tokens)::bigint::text as generated,
               count(*) filter (where cost_usd is null)::int as unpriced,
               (extract(epoch from max(occurred_at) - min(occurred_at)) * 1000)::bigint::text as span_ms,
               (extract(epoch from now() - max(occurred_at)))::float8 as age_s,
               count(distinct model)::int as models
        from monitoring.usage_events where source = ${source}`;
      return t;
    };
    const t = await totals();
    assert.equal(t.rows, sums.rows);
    assert.equal(Number(t.context), sums.context);
    assert.equal(Number(t.generated), sums.generated);
    assert.equal(t.unpriced, 0, "gpt-4o is priced");
    assert.equal(t.models, 1);
    // First row 18:17:03.9799600, last 19:14:19.9280160; shifted together at millisecond precision:
    // 19:14:19.928 - 18:17:03.979 = 57 min 15.949 s = 3,435,949 ms.
    assert.equal(t.span_ms, "3435949");
    assert.ok(t.age_s >= 0 && t.age_s < 120, `the trace ends now (last event ${t.age_s} s ago)`);

    const again = await replay(source);
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /inserted=0 duplicates=8819/);
    const after = await totals();
    assert.equal(after.rows, sums.rows, "replaying again into the same source stores nothing new");
    assert.equal(Number(after.context), sums.context);
  } finally {
    await sql.end();
  }
});
