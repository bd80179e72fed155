/**
 * The project's own PostgreSQL 15 cluster: created in `<stateDir>/pgdata` on first start,
 * configured like Supabase's (pg_cron preloaded for database `postgres`, UTC), listening on
 * 127.0.0.1 only. PostgreSQL refuses to run as root, so as root it runs as the `postgres`
 * system user.
 */
import { isRoot, runCommand } from "./run_command.ts";
import { PG_BIN } from "./system_packages.ts";

const PG_USER = "postgres";

/** Where a cluster lives and how it is reached. */
export interface ClusterOptions {
  stateDir: string;
  port: number;
  /** Extra server settings written into the cluster's configuration. */
  settings?: Record<string, string>;
}

function dataDir(stateDir: string): string {
  return `${stateDir}/pgdata`;
}

async function ownForPostgres(path: string): Promise<void> {
  if (isRoot()) await runCommand("chown", ["-R", `${PG_USER}:`, path]);
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Creates the cluster if the state folder has none; returns true when it was created. */
async function initCluster(stateDir: string): Promise<boolean> {
  const data = dataDir(stateDir);
  try {
    await Deno.stat(`${data}/PG_VERSION`);
    return false;
  } catch {
    // no cluster yet
  }
  await Deno.mkdir(data, { recursive: true, mode: 0o700 });
  const pwfile = `${stateDir}/.pwfile`;
  await Deno.writeTextFile(pwfile, "postgres\n");
  await ownForPostgres(stateDir);
  await runCommand(`${PG_BIN}/initdb`, [
    "-D", data, "-U", PG_USER, "--pwfile", pwfile, "--auth-local=trust", "--auth-host=scram-sha-256",
    "--encoding=UTF8", "--locale=C.UTF-8",
  ], { asUser: PG_USER });
  await Deno.remove(pwfile);
  await Deno.writeTextFile(`${data}/postgresql.conf`, "\ninclude_if_exists = 'tokenwatch.conf'\n", { append: true });
  return true;
}

/** Writes the settings that may change between starts (port, keys) and the fixed ones. */
async function writeSettings(opts: ClusterOptions): Promise<void> {
  const data = dataDir(opts.stateDir);
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
  await Deno.writeTextFile(`${data}/tokenwatch.conf`, `# Written by the local stack at each start.\n${lines.join("\n")}\n`);
  await ownForPostgres(`${data}/tokenwatch.conf`);
}

/** True when the cluster's postmaster is running. */
export async function clusterRunning(stateDir: string): Promise<boolean> {
  const result = await runCommand(`${PG_BIN}/pg_ctl`, ["-D", dataDir(stateDir), "status"], {
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
  const data = dataDir(opts.stateDir);
  const action = (await clusterRunning(opts.stateDir)) ? "restart" : "start";
  await runCommand(`${PG_BIN}/pg_ctl`, ["-D", data, "-l", `${data}/server.log`, "-w", "-t", "60", action], {
    asUser: PG_USER,
  });
  return { created };
}

/** Stops the cluster (fast shutdown) if it runs. */
export async function stopCluster(stateDir: string): Promise<void> {
  if (!(await clusterRunning(stateDir))) return;
  await runCommand(`${PG_BIN}/pg_ctl`, ["-D", dataDir(stateDir), "-m", "fast", "-w", "-t", "60", "stop"], {
    asUser: PG_USER,
  });
}
