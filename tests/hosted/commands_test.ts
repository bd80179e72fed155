/**
 * On a project without legacy keys, `npm run monitor:tokens` and `npm run monitor:alerts` work
 * with the secret key alone (SUPABASE_SECRET_KEY; no SUPABASE_SERVICE_ROLE_KEY exists).
 */
import assert from "node:assert/strict";
import { runMonitor } from "../fixtures/datasets/run_command.ts";
import { stackEnv } from "../helpers/test_env.ts";

Deno.test("monitor:tokens and monitor:alerts run with the secret key only", async () => {
  const app = `hosted-cli-${crypto.randomUUID().slice(0, 8)}`;
  const at = new Date(Date.now() - 60_000).toISOString();
  const events = [
    {
      request_id: `${app}-1`,
      source: "twtest-hosted",
      app,
      occurred_at: at,
      model: "gpt-4o-mini",
      input_tokens: 100,
      output_tokens: 20,
    },
    {
      request_id: `${app}-2`,
      source: "twtest-hosted",
      app,
      occurred_at: at,
      model: "gpt-4o-mini",
      input_tokens: 50,
      output_tokens: 5,
    },
  ];
  const ingest = await fetch(`${stackEnv.url}/functions/v1/ingest`, {
    method: "POST",
    headers: { apikey: stackEnv.secretKey, "content-type": "application/json" },
    body: JSON.stringify(events),
  });
  assert.equal(ingest.status, 200, await ingest.clone().text());
  await ingest.body?.cancel();
  const cwd = await Deno.makeTempDir();
  try {
    const tokens = await runMonitor("monitor_tokens.ts", ["--period=day", `--app=${app}`, "--json"], { cwd });
    assert.equal(tokens.code, 0, tokens.stderr);
    const summary = JSON.parse(tokens.stdout);
    // 2 requests; (100 + 20) + (50 + 5) = 175 tokens.
    assert.deepEqual([summary.requests, summary.total_tokens], [2, 175]);

    // A what-if run (--threshold) records nothing; its exit status follows the status it prints.
    const alerts = await runMonitor("monitor_alerts.ts", ["--threshold=20", "--json"], { cwd });
    const report = JSON.parse(alerts.stdout);
    const expected = ({ healthy: 0, warning: 1, critical: 2 } as Record<string, number>)[report.status];
    assert.equal(alerts.code, expected, alerts.stderr);
    assert.ok(Array.isArray(report.checks) && report.checks.length > 0, alerts.stdout);
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});
