/**
 * The local stack is idempotent: a second start reuses the cluster and its data, a start on a
 * running cluster keeps the data, and stop leaves no process behind. Runs a stack of its own
 * (own state folder and ports) beside the one the runner started.
 */
import assert from "node:assert/strict";
import { clusterRunning, startCluster, stopCluster } from "../../local/postgres_cluster.ts";
import { startStack } from "../../local/stack.ts";
import { StackBusy } from "../../local/stack_lock.ts";
import { PROJECT_ROOT } from "../../local/stack_config.ts";
import { postgres } from "../../shared/deps.ts";
import { portOpen } from "../helpers/test_env.ts";

// Ports and folder next to the runner's own, so that parallel runs (other ports) don't collide.
const apiPort = Number(Deno.env.get("TOKENWATCH_API_PORT") ?? "54421") + 10;
const dbPort = apiPort + 1;
const stateDir = `${Deno.env.get("TOKENWATCH_STATE_DIR") ?? `${PROJECT_ROOT}/.tokenwatch/test`}-restart`;
const env = {
  TOKENWATCH_STATE_DIR: stateDir,
  TOKENWATCH_API_PORT: String(apiPort),
  TOKENWATCH_DB_PORT: String(dbPort),
};

Deno.test("starts twice back to back, and stop/start, keeping the data; stop leaves nothing running", async () => {
  await Deno.remove(stateDir, { recursive: true }).catch(() => {});
  try {
    let stack = await startStack({ env });
    let sql = postgres(stack.config.dbUrl, { prepare: false, onnotice: () => {}, max: 1 });
    await sql`create table public.keep_me (v text)`;
    await sql`insert into public.keep_me values ('survives')`;
    await sql.end();
    await stack.stop();
    assert.equal(await clusterRunning(stateDir), false);
    assert.equal(await portOpen(dbPort), false, "database port closed after stop");
    assert.equal(await portOpen(apiPort), false, "gateway port closed after stop");

    stack = await startStack({ env });
    assert.match(stack.migrationLog, /up to date/i, "second start applies no migration again");
    // A start while the cluster runs (e.g. npm start twice) reuses it.
    await startCluster({ stateDir, port: dbPort, settings: { "vault.local_key": stack.secrets.vaultKey } });
    sql = postgres(stack.config.dbUrl, { prepare: false, onnotice: () => {}, max: 1 });
    const rows = await sql<{ v: string }[]>`select v from public.keep_me`;
    const migrationFiles = [...Deno.readDirSync(`${PROJECT_ROOT}/supabase/migrations`)].filter((f) =>
      f.name.endsWith(".sql")
    );
    const [{ n }] = await sql<
      { n: number }[]
    >`select count(*)::int as n from supabase_migrations.schema_migrations`;
    await sql.end();
    assert.deepEqual(rows.map((r) => r.v), ["survives"]);
    assert.equal(n, migrationFiles.length, "the CLI's migration history lists every migration once");
    await stack.stop();
    assert.equal(await clusterRunning(stateDir), false);
    const ps = new TextDecoder().decode(
      (await new Deno.Command("ps", { args: ["-eo", "ppid=,args="] }).output()).stdout,
    );
    assert.equal(ps.includes(`${stateDir}/pgdata`), false, "no postgres process of this cluster remains");
    // This test's stacks ran their function processes as children of this process.
    const ours = ps.split("\n").filter((line) =>
      line.trim().startsWith(`${Deno.pid} `) && line.includes("function_host.ts")
    );
    assert.deepEqual(ours, [], "no function process of this stack remains");
  } finally {
    await stopCluster(stateDir);
    await Deno.remove(stateDir, { recursive: true }).catch(() => {});
  }
});

Deno.test("a second stack on a running stack's folder stops at once and leaves the first one serving", async () => {
  await Deno.remove(stateDir, { recursive: true }).catch(() => {});
  // The running stack is another process (npm start), so its lock names a live process other than this one.
  const holder = new Deno.Command("sleep", { args: ["60"] }).spawn();
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  try {
    stack = await startStack({ env });
    await Deno.writeTextFile(`${stateDir}/stack.lock`, `${holder.pid}\n`);
    await assert.rejects(
      () => startStack({ env }),
      (e: unknown) => e instanceof StackBusy && e.message.includes(`process ${holder.pid}`),
    );
    assert.equal(await clusterRunning(stateDir), true, "the first stack's database still runs");
    const answer = await fetch(`${stack.config.apiUrl}/functions/v1/track-usage?period=day`, {
      headers: { apikey: stack.secrets.secretKey },
    });
    await answer.body?.cancel();
    assert.equal(answer.status, 200, "the first stack still serves");
    // The lock now belongs to the other process, so this stack's stop leaves its cluster alone.
    await stack.stop();
    stack = undefined;
    assert.equal(
      await clusterRunning(stateDir),
      true,
      "a stack that no longer holds the folder stops no cluster",
    );
  } finally {
    holder.kill();
    await holder.status;
    await stack?.stop();
    await stopCluster(stateDir);
    await Deno.remove(stateDir, { recursive: true }).catch(() => {});
  }
});
