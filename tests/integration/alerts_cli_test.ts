/**
 * `npm run monitor:alerts`: exit status 0 / 1 / 2 for healthy, warning and critical data, 3 when
 * it cannot check; `--threshold=N` is a what-if for the system-prompt tolerance that changes no
 * alert and no rule; `--json` prints the response; `--save` writes the log file.
 *
 * The CLI runs as a separate process against the test stack (SUPABASE_* from the runner), with
 * the cron job paused and only this test's rules enabled.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT } from "../../local/stack_config.ts";
import { cleanup, createRule, insertEvents, isolate, uniq } from "../fixtures/receivers/scenario.ts";
import { connect } from "../helpers/test_env.ts";

async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--config",
      `${PROJECT_ROOT}/deno.json`,
      `${PROJECT_ROOT}/cli/monitor_alerts.ts`,
      ...args,
    ],
    env,
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("monitor:alerts exits 0 healthy, 1 warning, 2 critical; --threshold is a what-if; --json and --save", async () => {
  const sql = connect();
  const restore = await isolate(sql);
  const app = uniq("tw5-cli");
  const created = { ruleIds: [] as number[], healthCheckIds: [] as number[] };
  const saved: string[] = [];
  try {
    const tokens = await createRule(sql, {
      name: `${app}-tokens`,
      metric: "avg_tokens_per_request",
      warning: 600,
      minRequests: 10,
      app,
    });
    const errors = await createRule(sql, {
      name: `${app}-errors`,
      metric: "error_rate",
      critical: 0.05,
      minRequests: 10,
      app,
    });
    const band = await createRule(sql, {
      name: `${app}-band`,
      metric: "avg_system_prompt_tokens",
      comparison: "outside_band",
      baseline: "mcp",
      minRequests: 10,
      app,
    });
    created.ruleIds.push(tokens, errors, band);
    const recent = new Date(Date.now() - 120_000);
    const checksBefore = async () =>
      (await sql`select coalesce(max(id), 0)::bigint as id from monitoring.health_checks`)[0].id;

    // 10 requests of 500 tokens, system prompt 200, no errors: every check passes
    await insertEvents(sql, [{ app, at: recent, count: 10, input: 400, output: 100, systemPrompt: 200 }]);
    const healthy = await cli([]);
    assert.equal(healthy.code, 0, healthy.stderr);
    assert.match(healthy.stdout, /^Tokenwatch health: 100\/100 HEALTHY/);
    assert.match(healthy.stdout, new RegExp(`ok   ${app}-tokens\\s+500  warn 600  last hour, 10 requests`));

    // + 10 requests of 800 tokens: (10·500 + 10·800) / 20 = 650 > 600: WARNING; score round(100 × (2 + 0.5) / 3) = 83
    await insertEvents(sql, [{ app, at: recent, count: 10, input: 700, output: 100, systemPrompt: 200 }]);
    const warning = await cli(["--verbose"]);
    assert.equal(warning.code, 1, warning.stderr);
    assert.match(warning.stdout, /^Tokenwatch health: 83\/100 WARNING/);
    assert.match(warning.stdout, new RegExp(`WARN ${app}-tokens\\s+650  warn 600`));
    assert.match(
      warning.stdout,
      /Recommendations\n {2}.*-tokens \(WARNING\): Requests carry more tokens than planned/,
    );
    assert.match(
      warning.stdout,
      /average tokens per request 650 is above 600 \(last hour\)/,
      "--verbose prints each check's message",
    );

    // + 2 errors of 250 tokens with system prompt 240: errors 2/22 = 9.1% > 5%: CRITICAL;
    // system prompt (20·200 + 2·240) / 22 = 203.64, inside 198 ± 20
    await insertEvents(sql, [{
      app,
      at: recent,
      count: 2,
      input: 250,
      output: 0,
      systemPrompt: 240,
      status: "error",
    }]);
    const critical = await cli(["--json", "--save"]);
    assert.equal(critical.code, 2, critical.stderr);
    const report = JSON.parse(critical.stdout);
    assert.equal(report.status, "critical");
    assert.equal(report.score, 50); // (1 passing + 0.5 × 1 warning + 0 × 1 critical) / 3 = 0.5
    assert.deepEqual(report.checks.map((c: { severity: string }) => c.severity), [
      "WARNING",
      "CRITICAL",
      "INFO",
    ]);
    assert.equal(report.checks[2].value, 203.64);
    created.healthCheckIds.push(report.health_check_id);
    const savedPath = /^Saved (.+)$/m.exec(critical.stderr)?.[1] ?? "";
    saved.push(savedPath);
    assert.match(savedPath, /\/logs\/monitoring\/token-alerts-\d{4}-\d{2}-\d{2}-\d{6}\.json$/);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(savedPath)), report);

    // the band: + 10 requests with system prompt 260: (4480 + 2600) / 32 = 221.25, 23.25 from 198: CRITICAL at ± 20
    await insertEvents(sql, [{ app, at: recent, count: 10, input: 300, output: 0, systemPrompt: 260 }]);
    const alertRows = async () => [
      ...await sql`select id, occurrences, status, severity from monitoring.alerts where rule_id = any (${created.ruleIds}::bigint[]) order by id`,
    ];
    const alertsBefore = await alertRows();
    assert.equal(alertsBefore.length, 2, "the tokens WARNING and the errors CRITICAL are open");
    const lastCheck = await checksBefore();
    const wide = await cli(["--threshold=30", "--json"]); // 23.25 <= 30: the band passes for this run
    const whatIf = JSON.parse(wide.stdout);
    assert.equal(wide.code, 2, "the error rate is still CRITICAL");
    assert.equal(whatIf.recorded, false);
    assert.equal(whatIf.health_check_id, null);
    assert.deepEqual(whatIf.overrides, { system_prompt_tolerance: 30 });
    const bandCheck = whatIf.checks.find((c: { rule: string }) => c.rule === `${app}-band`);
    assert.deepEqual(
      [bandCheck.value, bandCheck.compared, bandCheck.critical_threshold, bandCheck.severity],
      [221.25, 23.25, 30, "INFO"],
    );
    assert.deepEqual(await alertRows(), alertsBefore, "a what-if run changes no alert");
    assert.equal(await checksBefore(), lastCheck, "a what-if run records no health check");
    const [rule] =
      await sql`select critical_threshold, warning_threshold from monitoring.alert_rules where id = ${band}`;
    assert.deepEqual(
      [rule.critical_threshold, rule.warning_threshold],
      [null, null],
      "the rule is not changed",
    );

    const strict = await cli(["--threshold=20"]);
    assert.equal(strict.code, 2);
    assert.match(strict.stdout, new RegExp(`CRIT ${app}-band\\s+221.25  crit ± 20 around 198`));
    assert.match(strict.stdout, /What-if run: system-prompt tolerance ± 20 tokens/);
  } finally {
    for (const path of saved) await Deno.remove(path).catch(() => {});
    await cleanup(sql, created);
    await restore();
    await sql.end();
  }
});

Deno.test("monitor:alerts exits 3 when it cannot check, and on bad arguments", async () => {
  const down = await cli([], { SUPABASE_URL: "http://127.0.0.1:1" });
  assert.equal(down.code, 3);
  assert.match(down.stderr, /Cannot reach http:\/\/127\.0\.0\.1:1/);
  const bad = await cli(["--threshold=wide"]);
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /--threshold needs a whole number of tokens/);
});
