/**
 * `npm test`: starts a fresh local stack of its own (state in .tokenwatch/test, ports
 * 54421/54422 unless TOKENWATCH_TEST_API_PORT / TOKENWATCH_TEST_DB_PORT /
 * TOKENWATCH_TEST_STATE_DIR say otherwise, so it runs beside `npm start` and beside another run), runs every suite against it, stops it, and ends with the line
 * `N passed, N failed` summed over the suites. Exit status 1 on any failure.
 *
 * Suites: pgTAP files (tests/sql/*.sql, via pg_prove, after the test support in tests/sql/support/
 * is loaded) and Deno tests (unit tests beside the
 * modules in shared/ and local/, integration and browser tests in tests/). Extra arguments
 * are passed to `deno test` as filters, e.g. `npm test -- tests/integration/stack_test.ts`.
 */
import { PROJECT_ROOT } from "../local/stack_config.ts";
import { startStack } from "../local/stack.ts";
import { postgres } from "../shared/deps.ts";

interface Tally {
  passed: number;
  failed: number;
}

const DENO = `${PROJECT_ROOT}/node_modules/.bin/deno`;
const stateDir = Deno.env.get("TOKENWATCH_TEST_STATE_DIR") ?? `${PROJECT_ROOT}/.tokenwatch/test`;
const testEnv = {
  TOKENWATCH_STATE_DIR: stateDir,
  TOKENWATCH_API_PORT: Deno.env.get("TOKENWATCH_TEST_API_PORT") ?? "54421",
  TOKENWATCH_DB_PORT: Deno.env.get("TOKENWATCH_TEST_DB_PORT") ?? "54422",
  TOKENWATCH_EXTRA_FUNCTIONS: "tests/fixtures/functions",
};

async function run(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const child = new Deno.Command(cmd, { args, env: { ...Deno.env.toObject(), ...env }, cwd: PROJECT_ROOT, stdout: "piped", stderr: "inherit" }).spawn();
  let out = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    const text = decoder.decode(chunk, { stream: true });
    out += text;
    await Deno.stdout.write(chunk);
  }
  return { code: (await child.status).code, out };
}

/** pg_prove --verbose prints every TAP line; a file that dies without a failing line counts as one failure. */
async function pgTap(dbPort: string, env: Record<string, string>): Promise<Tally> {
  const files = [...Deno.readDirSync(`${PROJECT_ROOT}/tests/sql`)].filter((f) => f.name.endsWith(".sql")).map((f) => `tests/sql/${f.name}`).sort();
  if (files.length === 0) return { passed: 0, failed: 0 };
  const { code, out } = await run("pg_prove", ["--verbose", "-h", "127.0.0.1", "-p", dbPort, "-U", "postgres", "-d", "postgres", ...files], { ...env, PGPASSWORD: "postgres" });
  const passed = out.match(/^\s*ok \d+/gm)?.length ?? 0;
  let failed = out.match(/^\s*not ok \d+/gm)?.length ?? 0;
  if (code !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

/** Deno's summary line: `ok | 12 passed (3 steps) | 0 failed`. */
async function denoTests(filters: string[], env: Record<string, string>): Promise<Tally> {
  const targets = filters.length > 0 ? filters : ["shared/", "local/", "tests/"];
  const { code, out } = await run(DENO, ["test", "-A", "--config", `${PROJECT_ROOT}/deno.json`, ...targets], env);
  // deno-lint-ignore no-control-regex
  const plain = out.replace(/\x1b\[[0-9;]*m/g, "");
  const m = /(\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed/.exec(plain);
  const tally = m ? { passed: Number(m[1]), failed: Number(m[3]) } : { passed: 0, failed: 0 };
  if (code !== 0 && tally.failed === 0) tally.failed = 1;
  return tally;
}

// The function secrets a user may configure, set for the test stack's functions (they read
// Deno.env in this process, where the gateway runs) and handed to the tests.
const randomKey = (): string => Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, "0")).join("");
const functionSecrets = { TOKENWATCH_INGEST_KEY: `ingest-${randomKey()}`, TOKENWATCH_DASHBOARD_KEY: `dash-${randomKey()}` };
for (const [name, value] of Object.entries(functionSecrets)) Deno.env.set(name, value);

await Deno.remove(stateDir, { recursive: true }).catch(() => {});
const stack = await startStack({ env: testEnv, browser: true, log: (line) => console.log(`• ${line}`) });
const totals: Tally = { passed: 0, failed: 0 };
try {
  const sql = postgres(stack.config.dbUrl, { prepare: false, onnotice: () => {}, max: 1 });
  await sql`create extension if not exists pgtap with schema extensions`;
  // Test support (fixture functions the pgTAP files call), never part of the migrations.
  const support = `${PROJECT_ROOT}/tests/sql/support`;
  for (const name of [...Deno.readDirSync(support)].map((f) => f.name).filter((n) => n.endsWith(".sql")).sort()) {
    await sql.unsafe(await Deno.readTextFile(`${support}/${name}`));
  }
  await sql.end();
  const env = { ...testEnv, ...stack.env, ...functionSecrets, TOKENWATCH_TEST: "1" };
  const filters = Deno.args;
  const suites = filters.length > 0 ? [await denoTests(filters, env)] : [await pgTap(testEnv.TOKENWATCH_DB_PORT, env), await denoTests([], env)];
  for (const s of suites) {
    totals.passed += s.passed;
    totals.failed += s.failed;
  }
} catch (error) {
  console.error(error);
  totals.failed += 1;
} finally {
  await stack.stop();
}
console.log(`${totals.passed} passed, ${totals.failed} failed`);
Deno.exit(totals.failed > 0 ? 1 : 0);
