/**
 * The whole local stack in one call: system packages, the PostgreSQL cluster, the Supabase
 * baseline and stand-ins, migrations through the Supabase CLI, Vault secrets, the function
 * environment, the gateway and the pg_net sender. `npm start` and the test runner both use it.
 */
import { installBaseline, pushMigrations, storeVaultSecrets } from "./database_setup.ts";
import { startGateway } from "./gateway.ts";
import { startPgNetWorker } from "./pg_net_worker.ts";
import { dataDir, startCluster, stopCluster } from "./postgres_cluster.ts";
import { loadStackConfig, type StackConfig } from "./stack_config.ts";
import { lockStateDir } from "./stack_lock.ts";
import { loadStackSecrets, type StackSecrets } from "./stack_secrets.ts";
import { ensureSystemPackages } from "./system_packages.ts";

/** A running local stack. */
export interface Stack {
  config: StackConfig;
  secrets: StackSecrets;
  /** What `.env.local` holds: the project's URLs and keys, as people and the CLI use them. */
  env: ProjectKeys;
  /** The variables hosted Supabase gives every function (without the function secrets). */
  functionEnv: Record<string, string>;
  standIns: string[];
  migrationLog: string;
  stop(): Promise<void>;
}

/** Options for {@link startStack}. */
export interface StartOptions {
  /** Write the project's keys to this file (npm start: `.env.local` in the project root; the tests: none). */
  envFile?: string;
  /** Also make sure Chromium is installed (the browser test needs it). */
  browser?: boolean;
  log?: (line: string) => void;
  /** Variables that override the process environment (ports, state folder, legacy keys). */
  env?: Record<string, string>;
  /** Function secrets (as `supabase secrets set` makes them), beside supabase/functions/.env. */
  functionSecrets?: Record<string, string>;
}

/** The project's coordinates, as `.env.local` holds them; the legacy keys only while they exist. */
export interface ProjectKeys {
  SUPABASE_URL: string;
  SUPABASE_DB_URL: string;
  SUPABASE_PUBLISHABLE_KEY: string;
  SUPABASE_SECRET_KEY: string;
  SUPABASE_ANON_KEY?: string;
  SUPABASE_SERVICE_ROLE_KEY?: string;
}

/** The keys of a project: new-format keys always, legacy JWT keys only while enabled. */
export function projectKeys(config: StackConfig, secrets: StackSecrets): ProjectKeys {
  return {
    SUPABASE_URL: config.apiUrl,
    SUPABASE_DB_URL: config.dbUrl,
    SUPABASE_PUBLISHABLE_KEY: secrets.publishableKey,
    SUPABASE_SECRET_KEY: secrets.secretKey,
    ...(config.legacyKeys
      ? { SUPABASE_ANON_KEY: secrets.anonKey, SUPABASE_SERVICE_ROLE_KEY: secrets.serviceRoleKey }
      : {}),
  };
}

/**
 * What hosted gives every function: the URLs, the new-format keys as JSON objects (name →
 * key) and, while legacy keys exist, SUPABASE_ANON_KEY / SUPABASE_SERVICE_ROLE_KEY.
 */
export function hostedFunctionEnv(keys: ProjectKeys): Record<string, string> {
  return {
    SUPABASE_URL: keys.SUPABASE_URL,
    SUPABASE_DB_URL: keys.SUPABASE_DB_URL,
    SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: keys.SUPABASE_PUBLISHABLE_KEY }),
    SUPABASE_SECRET_KEYS: JSON.stringify({ default: keys.SUPABASE_SECRET_KEY }),
    ...(keys.SUPABASE_ANON_KEY ? { SUPABASE_ANON_KEY: keys.SUPABASE_ANON_KEY } : {}),
    ...(keys.SUPABASE_SERVICE_ROLE_KEY ? { SUPABASE_SERVICE_ROLE_KEY: keys.SUPABASE_SERVICE_ROLE_KEY } : {}),
  };
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
  // Refuses (StackBusy) while another live stack runs on this state folder, touching nothing of it.
  const lock = lockStateDir(config.stateDir);
  const secrets = await loadStackSecrets(config.stateDir);
  // Stops the cluster only while this stack still holds the folder's lock.
  const stopOurCluster = async (): Promise<void> => {
    if (lock.held()) await stopCluster(config.stateDir);
    lock.release();
  };

  log(`PostgreSQL 15 on 127.0.0.1:${config.dbPort} (${await dataDir(config.stateDir)})`);
  try {
    await startCluster({
      stateDir: config.stateDir,
      port: config.dbPort,
      settings: { "vault.local_key": secrets.vaultKey },
    });
    const { standIns } = await installBaseline(config.stateDir, config.dbPort);
    log(`Migrations: supabase db push (as postgres, not a superuser)`);
    const migrationLog = await pushMigrations(config);
    await storeVaultSecrets(config.dbUrl, { projectUrl: config.apiUrl, secretKey: secrets.secretKey });

    const env = projectKeys(config, secrets);
    const functionEnv = hostedFunctionEnv(env);
    if (opts.envFile) {
      const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
      await Deno.writeTextFile(
        opts.envFile,
        `# Written by npm start for the local stack.\n${lines.join("\n")}\n`,
      );
    }

    log(
      `Gateway on ${config.apiUrl}/functions/v1/ (${
        config.functions.map((f) => f.name).join(", ") || "no functions"
      }), each function in its own process${config.legacyKeys ? "" : "; legacy JWT keys disabled"}${
        config.html === "plain" ? "; text/html served as text/plain" : ""
      }`,
    );
    const gateway = await startGateway({
      port: config.apiPort,
      functions: config.functions,
      jwtSecret: secrets.jwtSecret,
      legacyKeys: config.legacyKeys,
      html: config.html,
      env: { ...(await functionSecrets(config.root)), ...opts.functionSecrets, ...functionEnv },
      denoConfig: `${config.root}/deno.json`,
    });
    const worker = standIns.includes("pg_net") ? await startPgNetWorker(config.dbUrl) : null;
    return {
      config,
      secrets,
      env,
      functionEnv,
      standIns,
      migrationLog,
      async stop() {
        await worker?.close();
        await gateway.close();
        await stopOurCluster();
      },
    };
  } catch (error) {
    await stopOurCluster();
    throw error;
  }
}
