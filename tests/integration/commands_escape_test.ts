/**
 * Labels reach the terminal escaped: an event whose model name carries an ESC sequence and a
 * newline (stored by SQL, as the chat importer or a person could; ingest refuses it) prints no
 * ESC and breaks no row in `monitor:tokens --verbose` and `monitor:dashboard`.
 */
import assert from "node:assert/strict";
import { runMonitor } from "../fixtures/datasets/run_command.ts";
import { connect } from "../helpers/test_env.ts";

Deno.test("monitor:tokens --verbose and monitor:dashboard print no control character of a stored label", async () => {
  const sql = connect();
  const app = `escape-${crypto.randomUUID().slice(0, 8)}`;
  const model = "gpt\u001b[31m-evil\nfake row";
  const cwd = await Deno.makeTempDir();
  try {
    await sql`
      insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app)
      values (${app}, 'twtest-escape', now() - interval '5 minutes', 'openai', ${model}, 10, 2, ${app})`;
    await sql`select monitoring.refresh_usage_rollups()`; // the dashboard's views read the rollup
    for (
      const [script, args] of [
        ["monitor_tokens.ts", ["--period=day", `--app=${app}`, "--verbose"]],
        ["monitor_dashboard.ts", [`--app=${app}`]],
      ] as const
    ) {
      const out = await runMonitor(script, [...args], { cwd });
      assert.equal(out.code, 0, out.stderr);
      assert.equal(out.stdout.includes("\u001b"), false, `${script}: no ESC in the output`);
      assert.ok(out.stdout.includes("gpt\\x1b[31m-evil\\nfake row"), `${script}: the label is shown escaped`);
      assert.equal(
        out.stdout.split("\n").some((line) => line.startsWith("fake row")),
        false,
        `${script}: no row is broken`,
      );
    }
  } finally {
    await sql`delete from monitoring.usage_events where source = 'twtest-escape' and app = ${app}`;
    await sql`delete from monitoring.usage_hourly where app = ${app}`;
    await sql.end();
    await Deno.remove(cwd, { recursive: true });
  }
});
