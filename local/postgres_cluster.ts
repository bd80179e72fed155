/**
 * The project's own PostgreSQL 15 cluster: created in `<stateDir>/pgdata` on first start,
 * configured like Supabase's (pg_cron preloaded for database `postgres`, UTC), listening on
 * 127.0.0.1 only. As on hosted Supabase, the cluster's bootstrap superuser is
 * `supabase_admin`; the `postgres` role people and migrations use is made by the baseline
 * (local/sql/baseline.sql) and is not a superuser.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user. That
 * user must be able to reach the data directory: when the state folder lies below a folder it
 * cannot enter (a clone in /root, or in a `mktemp -d` folder, mode 0700), the data directory
 * goes to /var/lib/tokenwatch/<hash of the state folder>/pgdata instead, owned by `postgres`.
 */
import { isRoot, runCommand } from "./run_command.ts";
import { PG_BIN } from "./system_packages.ts";

/** The system user the server runs as when the stack runs as root. */
const PG_USER = "postgres";
/** The cluster's bootstrap superuser, as on hosted Supabase. */
export const SUPERUSER = "supabase_admin";
/** Where data directories go when the state folder is out of the server user's reach. */
const EXTERNAL_ROOT = "/var/lib/tokenwatch";

/** Where a cluster lives and how it is reached. */
export interface ClusterOptions {
  stateDir: string;
  port: number;
  /** Extra server settings written into the cluster's configuration. */
  settings?: Record<string, string>;
}

const resolved = new Map<string, string>();

async function reachableByServerUser(path: string): Promise<boolean> {
  if (!isRoot()) return true;
  const probe = await runCommand("test", ["-x", path], { asUser: PG_USER, check: false });
  return probe.code === 0;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The cluster's data directory (and socket folder) for a state folder. */
export async function dataDir(stateDir: string): Promise<string> {
  const known = resolved.get(stateDir);
  if (known) return known;
  await Deno.mkdir(stateDir, { recursive: true });
  const absolute = await Deno.realPath(stateDir);
  const dir = (await reachableByServerUser(absolute))
    ? `${stateDir}/pgdata`
    : `${EXTERNAL_ROOT}/${(await sha256Hex(absolute)).slice(0, 16)}/pgdata`;
  resolved.set(stateDir, dir);
  return dir;
}

/** Removes the cluster of a state folder (it must be stopped), wherever its data lives. */
export async function removeCluster(stateDir: string): Promise<void> {
  const data = await dataDir(stateDir);
  await Deno.remove(data, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
}

async function ownForPostgres(path: string): Promise<void> {
  if (isRoot()) await runCommand("chown", ["-R", `${PG_USER}:`, path]);
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Creates the cluster if the state folder has none; returns true when it was created. */
async function initCluster(stateDir: string): Promise<boolean> {
  const data = await dataDir(stateDir);
  try {
    await Deno.stat(`${data}/PG_VERSION`);
    return false;
  } catch {
    // no cluster yet
  }
  if (data.startsWith(EXTERNAL_ROOT)) {
    // The shared parent must stay enterable by the server user (a recursive mkdir would make it 0700).
    await Deno.mkdir(EXTERNAL_ROOT, { recursive: true });
    await Deno.chmod(EXTERNAL_ROOT, 0o755);
  }
  await Deno.mkdir(data, { recursive: true, mode: 0o700 });
  await ownForPostgres(data.startsWith(EXTERNAL_ROOT) ? data.replace(/\/pgdata$/, "") : stateDir);
  // The superuser gets a random password nobody keeps: it is reached only over the local
  // socket (trust), by the stack itself, as hosted's supabase_admin is reached only by Supabase.
  await runCommand(`${PG_BIN}/initdb`, [
    "-D",
    data,
    "-U",
    SUPERUSER,
    "--auth-local=trust",
    "--auth-host=scram-sha-256",
    "--encoding=UTF8",
    "--locale=C.UTF-8",
  ], { asUser: PG_USER });
  await Deno.writeTextFile(`${data}/postgresql.conf`, "\ninclude_if_exists = 'tokenwatch.conf'\n", {
    append: true,
  });
  return true;
}

/** Writes the settings that may change between starts (port, keys) and the fixed ones. */
async function writeSettings(opts: ClusterOptions): Promise<void> {
  const data = await dataDir(opts.stateDir);
  const settings: Record<string, string> = {
    listen_addresses: "127.0.0.1",
    port: String(opts.port),
    unix_socket_directories: data,
    max_connections: "200",
    shared_preload_libraries: "pg_cron",
    "cron.database_name": "postgres",
    "cron.timezone": "UTC",
    "cron.use_background_workers": "on",
    max_worker_processes: "32",
    timezone: "UTC",
    log_timezone: "UTC",
    shared_buffers: "256MB",
    work_mem: "32MB",
    maintenance_work_mem: "256MB",
    logging_collector: "off",
    ...opts.settings,
  };
  const lines = Object.entries(settings).map(([k, v]) => `${k} = ${/^\d+$/.test(v) ? v : quote(v)}`);
  await Deno.writeTextFile(
    `${data}/tokenwatch.conf`,
    `# Written by the local stack at each start.\n${lines.join("\n")}\n`,
  );
  await ownForPostgres(`${data}/tokenwatch.conf`);
}

/** True when the cluster's postmaster is running. */
export async function clusterRunning(stateDir: string): Promise<boolean> {
  const result = await runCommand(`${PG_BIN}/pg_ctl`, ["-D", await dataDir(stateDir), "status"], {
    asUser: PG_USER,
    check: false,
  });
  return result.code === 0;
}

/** Creates (first time) and starts the cluster; a running one is restarted with fresh settings. */
export async function startCluster(opts: ClusterOptions): Promise<{ created: boolean }> {
  await Deno.mkdir(opts.stateDir, { recursive: true });
  const created = await initCluster(opts.stateDir);
  await writeSettings(opts);
  const data = await dataDir(opts.stateDir);
  const action = (await clusterRunning(opts.stateDir)) ? "restart" : "start";
  await runCommand(`${PG_BIN}/pg_ctl`, ["-D", data, "-l", `${data}/server.log`, "-w", "-t", "60", action], {
    asUser: PG_USER,
  });
  return { created };
}

/** Stops the cluster (fast shutdown) if it runs. */
export async function stopCluster(stateDir: string): Promise<void> {
  if (!(await clusterRunning(stateDir))) return;
  await runCommand(`${PG_BIN}/pg_ctl`, [
    "-D",
    await dataDir(stateDir),
    "-m",
    "fast",
    "-w",
    "-t",
    "60",
    "stop",
  ], {
    asUser: PG_USER,
  });
}
