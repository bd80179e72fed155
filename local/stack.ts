/**
 * The whole local stack in one call: system packages, the PostgreSQL cluster, the Supabase
 * baseline and stand-ins, migrations through the Supabase CLI, Vault secrets, the function
 * environment, the gateway and the pg_net sender. `npm start` and the test runner both use it.
 */
import { installBaseline, pushMigrations, storeVaultSecrets } from "./database_setup.ts";
import { startGateway } from "./gateway.ts";
import { startPgNetWorker } from "./pg_net_worker.ts";
import { startCluster, stopCluster } from "./postgres_cluster.ts";
import { loadStackConfig, type StackConfig } from "./stack_config.ts";
import { loadStackSecrets, type StackSecrets } from "./stack_secrets.ts";
import { ensureSystemPackages } from "./system_packages.ts";

/** A running local stack. */
export interface Stack {
  config: StackConfig;
  secrets: StackSecrets;
  /** The four variables hosted Supabase gives every function. */
  env: Record<string, string>;
  standIns: string[];
  migrationLog: string;
  stop(): Promise<void>;
}

/** Options for {@link startStack}. */
export interface StartOptions {
  /** Write `.env.local` in the project root (npm start does; the tests do not). */
  writeEnvFile?: boolean;
  /** Also make sure Chromium is installed (the browser test needs it). */
  browser?: boolean;
  log?: (line: string) => void;
  /** Variables that override the process environment (ports, state folder). */
  env?: Record<string, string>;
}

/** Reads `KEY=value` lines (the format of supabase/functions/.env, the function secrets). */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) values[m[1]] = m[2].replace(/^(['"])(.*)\1$/, "$2");
  }
  return values;
}

async function functionSecrets(root: string): Promise<Record<string, string>> {
  try {
    return parseEnvFile(await Deno.readTextFile(`${root}/supabase/functions/.env`));
  } catch {
    return {};
  }
}

/** Brings the stack up (idempotent: an existing cluster is reused, only new migrations run). */
export async function startStack(opts: StartOptions = {}): Promise<Stack> {
  const log = opts.log ?? (() => {});
  const config = loadStackConfig({ ...Deno.env.toObject(), ...opts.env });
  await ensureSystemPackages({ browser: opts.browser });
  const secrets = await loadStackSecrets(config.stateDir);

  log(`PostgreSQL 15 on 127.0.0.1:${config.dbPort} (${config.stateDir}/pgdata)`);
  await startCluster({ stateDir: config.stateDir, port: config.dbPort, settings: { "vault.local_key": secrets.vaultKey } });
  try {
    const { standIns } = await installBaseline(config.dbUrl);
    log(`Migrations: supabase db push`);
    const migrationLog = await pushMigrations(config);
    await storeVaultSecrets(config.dbUrl, { projectUrl: config.apiUrl, serviceRoleKey: secrets.serviceRoleKey });

    const env = {
      SUPABASE_URL: config.apiUrl,
      SUPABASE_DB_URL: config.dbUrl,
      SUPABASE_ANON_KEY: secrets.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: secrets.serviceRoleKey,
    };
    for (const [key, value] of Object.entries({ ...(await functionSecrets(config.root)), ...env })) {
      Deno.env.set(key, value);
    }
    if (opts.writeEnvFile) {
      const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
      await Deno.writeTextFile(`${config.root}/.env.local`, `# Written by npm start for the local stack.\n${lines.join("\n")}\n`);
    }

    log(`Gateway on ${config.apiUrl}/functions/v1/ (${config.functions.map((f) => f.name).join(", ") || "no functions"})`);
    const gateway = await startGateway({ port: config.apiPort, functions: config.functions, jwtSecret: secrets.jwtSecret });
    const worker = standIns.includes("pg_net") ? await startPgNetWorker(config.dbUrl) : null;
    return {
      config,
      secrets,
      env,
      standIns,
      migrationLog,
      async stop() {
        await worker?.close();
        await gateway.close();
        await stopCluster(config.stateDir);
      },
    };
  } catch (error) {
    await stopCluster(config.stateDir);
    throw error;
  }
}
