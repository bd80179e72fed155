/**
 * `npm test`: starts a fresh local stack of its own (state in .tokenwatch/test, ports
 * 54421/54422 unless TOKENWATCH_TEST_API_PORT / TOKENWATCH_TEST_DB_PORT /
 * TOKENWATCH_TEST_STATE_DIR say otherwise, so it runs beside `npm start` and beside another run), runs every suite against it, stops it, and ends with the line
 * `N passed, N failed` summed over the suites. Exit status 1 on any failure.
 *
 * Suites: pgTAP files (tests/sql/*.sql, via pg_prove, after the test support in tests/sql/support/
 * is loaded) and Deno tests (unit tests beside the modules in shared/, local/ and cli/, the client package's
 * tests in clients/, integration and
 * browser tests in tests/) run against a stack whose project still has its legacy JWT keys (as
 * existing projects do). Then tests/hosted/ runs against a second stack made like a project
 * created today with its legacy keys disabled (TOKENWATCH_LEGACY_KEYS=disabled: only the
 * sb_publishable_ / sb_secret_ keys) on the default domain (TOKENWATCH_HTML=plain: text/html
 * GET answers become text/plain), on the test ports + 20 (state in .tokenwatch/test-hosted).
 * Extra arguments are passed to `deno test` as filters, e.g. `npm test -- tests/integration/x_test.ts`
 * (filters under tests/hosted/ run on the second stack; pgTAP runs only without filters).
 */
import { adminSql } from "../local/database_setup.ts";
import { removeCluster, stopCluster } from "../local/postgres_cluster.ts";
import { PROJECT_ROOT } from "../local/stack_config.ts";
import { lockStateDir } from "../local/stack_lock.ts";
import { type Stack, startStack } from "../local/stack.ts";
import { postgres } from "../shared/deps.ts";

interface Tally {
  passed: number;
  failed: number;
}

const DENO = `${PROJECT_ROOT}/node_modules/.bin/deno`;
const HOSTED_SUITE = "tests/hosted/";

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  const child = new Deno.Command(cmd, {
    args,
    env: { ...Deno.env.toObject(), ...env },
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
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
  const files = [...Deno.readDirSync(`${PROJECT_ROOT}/tests/sql`)].filter((f) => f.name.endsWith(".sql")).map(
    (f) => `tests/sql/${f.name}`,
  ).sort();
  if (files.length === 0) return { passed: 0, failed: 0 };
  const { code, out } = await run("pg_prove", [
    "--verbose",
    "-h",
    "127.0.0.1",
    "-p",
    dbPort,
    "-U",
    "postgres",
    "-d",
    "postgres",
    ...files,
  ], { ...env, PGPASSWORD: "postgres" });
  const passed = out.match(/^\s*ok \d+/gm)?.length ?? 0;
  let failed = out.match(/^\s*not ok \d+/gm)?.length ?? 0;
  if (code !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

/** Deno's summary line: `ok | 12 passed (3 steps) | 0 failed`. */
async function denoTests(targets: string[], env: Record<string, string>): Promise<Tally> {
  const { code, out } = await run(
    DENO,
    ["test", "-A", "--config", `${PROJECT_ROOT}/deno.json`, ...targets],
    env,
  );
  // deno-lint-ignore no-control-regex
  const plain = out.replace(/\x1b\[[0-9;]*m/g, "");
  const m = /(\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed/.exec(plain);
  const tally = m ? { passed: Number(m[1]), failed: Number(m[3]) } : { passed: 0, failed: 0 };
  if (code !== 0 && tally.failed === 0) tally.failed = 1;
  return tally;
}

// The function secrets a user may configure (`supabase secrets set`), given to the test stacks'
// functions and handed to the tests.
const randomKey = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => b.toString(16).padStart(2, "0")).join("");
const functionSecrets = {
  TOKENWATCH_INGEST_KEY: `ingest-${randomKey()}`,
  TOKENWATCH_DASHBOARD_KEY: `dash-${randomKey()}`,
};

/** The environment of one test stack: its own state folder and ports. */
function stackEnvironment(
  name: string,
  portOffset: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  const base = Deno.env.get("TOKENWATCH_TEST_STATE_DIR") ?? `${PROJECT_ROOT}/.tokenwatch/test`;
  const port = (variable: string, fallback: number): string =>
    String(Number(Deno.env.get(variable) ?? fallback) + portOffset);
  return {
    TOKENWATCH_STATE_DIR: name === "main" ? base : `${base}-${name}`,
    TOKENWATCH_API_PORT: port("TOKENWATCH_TEST_API_PORT", 54421),
    TOKENWATCH_DB_PORT: port("TOKENWATCH_TEST_DB_PORT", 54422),
    TOKENWATCH_EXTRA_FUNCTIONS: "tests/fixtures/functions",
    ...extra,
  };
}

/** Starts a fresh stack, prepares it for the suites, runs `suites`, stops it. */
async function withFreshStack(
  stackEnv: Record<string, string>,
  suites: (stack: Stack, env: Record<string, string>) => Promise<Tally[]>,
): Promise<Tally> {
  const stateDir = stackEnv.TOKENWATCH_STATE_DIR;
  const tally: Tally = { passed: 0, failed: 0 };
  let stack: Stack | undefined;
  try {
    // A fresh cluster each run, unless another live run holds this folder (then StackBusy says so).
    const lock = lockStateDir(stateDir);
    await stopCluster(stateDir).catch(() => {});
    await removeCluster(stateDir);
    lock.release();
    await Deno.remove(stateDir, { recursive: true }).catch(() => {});
    stack = await startStack({
      env: stackEnv,
      browser: true,
      functionSecrets,
      log: (line) => console.log(`• ${line}`),
    });
    // Test-only extensions and support, installed as hosted would let a user enable them.
    const admin = await adminSql(stateDir, stack.config.dbPort);
    try {
      await admin`create extension if not exists pgtap with schema extensions`;
      await admin`create extension if not exists dblink with schema extensions`;
    } finally {
      await admin.end();
    }
    const sql = postgres(stack.config.dbUrl, { prepare: false, onnotice: () => {}, max: 1 });
    try {
      // Test support (fixture functions the pgTAP files call), never part of the migrations.
      const support = `${PROJECT_ROOT}/tests/sql/support`;
      for (
        const name of [...Deno.readDirSync(support)].map((f) => f.name).filter((n) => n.endsWith(".sql"))
          .sort()
      ) {
        await sql.unsafe(await Deno.readTextFile(`${support}/${name}`));
      }
    } finally {
      await sql.end();
    }
    const env = { ...stackEnv, ...stack.env, ...functionSecrets, TOKENWATCH_TEST: "1" };
    for (const s of await suites(stack, env)) {
      tally.passed += s.passed;
      tally.failed += s.failed;
    }
  } catch (error) {
    console.error(error);
    tally.failed += 1;
  } finally {
    await stack?.stop();
  }
  return tally;
}

/** The folders of tests/ that run on the main stack: all but tests/hosted/. */
function mainTestDirs(): string[] {
  return [...Deno.readDirSync(`${PROJECT_ROOT}/tests`)]
    .filter((e) => e.isDirectory && `tests/${e.name}/` !== HOSTED_SUITE)
    .map((e) => `tests/${e.name}/`).sort();
}

const filters = Deno.args;
const hostedFilters = filters.filter((f) => f.startsWith(HOSTED_SUITE));
const mainFilters = filters.filter((f) => !f.startsWith(HOSTED_SUITE));
const totals: Tally = { passed: 0, failed: 0 };
const add = (t: Tally): void => {
  totals.passed += t.passed;
  totals.failed += t.failed;
};

if (filters.length === 0 || mainFilters.length > 0) {
  add(
    await withFreshStack(
      stackEnvironment("main", 0),
      async (stack, env) =>
        filters.length > 0 ? [await denoTests(mainFilters, env)] : [
          await pgTap(String(stack.config.dbPort), env),
          await denoTests(["shared/", "local/", "cli/", "clients/", ...mainTestDirs()], env),
        ],
    ),
  );
}
if (filters.length === 0 || hostedFilters.length > 0) {
  add(
    await withFreshStack(
      stackEnvironment("hosted", 20, { TOKENWATCH_LEGACY_KEYS: "disabled", TOKENWATCH_HTML: "plain" }),
      async (
        _stack,
        env,
      ) => [await denoTests(hostedFilters.length > 0 ? hostedFilters : [HOSTED_SUITE], env)],
    ),
  );
}
console.log(`${totals.passed} passed, ${totals.failed} failed`);
Deno.exit(totals.failed > 0 ? 1 : 0);
