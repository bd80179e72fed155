/**
 * Prepares the local database the way hosted Supabase is prepared before a user's
 * migrations run: the Supabase baseline, the pg_net and Vault stand-ins (only where the real
 * extensions are absent), installed by the superuser supabase_admin; then the project's
 * migrations through the real Supabase CLI as `postgres` (not a superuser, as on hosted), and
 * finally the Vault secrets the cron jobs read.
 */
import { postgres, type Sql } from "../shared/deps.ts";
import { dataDir, SUPERUSER } from "./postgres_cluster.ts";
import { runCommand } from "./run_command.ts";
import type { StackConfig } from "./stack_config.ts";

const SQL_DIR = new URL("./sql/", import.meta.url);

async function sqlFile(name: string): Promise<string> {
  return await Deno.readTextFile(new URL(name, SQL_DIR));
}

/**
 * Names of the Vault secrets the cron jobs read (the same names on hosted Supabase, where the
 * README has people store their project URL and `sb_secret_…` key under them).
 */
export const VAULT_SECRET_NAMES = {
  projectUrl: "tokenwatch_project_url",
  secretKey: "tokenwatch_secret_key",
} as const;

function connectAs(user: string, socketDir: string, port: number): Sql {
  return postgres({
    host: socketDir,
    port,
    user,
    database: "postgres",
    prepare: false,
    onnotice: () => {},
    max: 1,
  });
}

/**
 * A connection as the superuser supabase_admin over the cluster's local socket (the only way
 * in for that role). A cluster made before the stack had supabase_admin (its bootstrap
 * superuser was postgres) gets the role first; the baseline then demotes postgres.
 */
export async function adminSql(stateDir: string, port: number): Promise<Sql> {
  const socketDir = await dataDir(stateDir);
  const admin = connectAs(SUPERUSER, socketDir, port);
  try {
    await admin`select 1`;
    return admin;
  } catch (error) {
    await admin.end();
    if (!String(error).includes(`role "${SUPERUSER}" does not exist`)) throw error;
  }
  const bootstrap = connectAs("postgres", socketDir, port);
  try {
    await bootstrap.unsafe(
      `create role ${SUPERUSER} superuser createdb createrole replication bypassrls login`,
    );
  } finally {
    await bootstrap.end();
  }
  return connectAs(SUPERUSER, socketDir, port);
}

/** Installs the baseline and whichever stand-ins this server needs, as supabase_admin. */
export async function installBaseline(stateDir: string, port: number): Promise<{ standIns: string[] }> {
  const sql = await adminSql(stateDir, port);
  try {
    await sql.unsafe(await sqlFile("baseline.sql"));
    const available = await sql<{ name: string }[]>`
      select name from pg_available_extensions where name in ('pg_net', 'supabase_vault')`;
    const has = new Set(available.map((r) => r.name));
    const standIns: string[] = [];
    if (has.has("pg_net")) await sql`create extension if not exists pg_net`;
    else {
      await sql.unsafe(await sqlFile("pg_net_standin.sql"));
      standIns.push("pg_net");
    }
    if (has.has("supabase_vault")) await sql`create extension if not exists supabase_vault`;
    else {
      await sql.unsafe(await sqlFile("vault_standin.sql"));
      standIns.push("vault");
    }
    return { standIns };
  } finally {
    await sql.end();
  }
}

/** Applies new migrations with `supabase db push --remote=<url>`; returns the CLI's output. */
export async function pushMigrations(config: StackConfig): Promise<string> {
  const result = await runCommand(
    `${config.root}/node_modules/.bin/supabase`,
    ["db", "push", `--remote=${config.dbUrl}`, "--workdir", config.root, "--yes"],
    {
      cwd: config.root,
      env: {
        ...Deno.env.toObject(),
        SUPABASE_TELEMETRY_DISABLED: "1",
        DO_NOT_TRACK: "1",
        PGSSLMODE: "disable",
      },
    },
  );
  return `${result.stdout}${result.stderr}`.trim();
}

/** Creates or updates (as postgres, as a person would) the Vault secrets the cron jobs use to call the functions. */
export async function storeVaultSecrets(
  dbUrl: string,
  values: { projectUrl: string; secretKey: string },
): Promise<void> {
  const sql = postgres(dbUrl, { prepare: false, onnotice: () => {}, max: 1 });
  try {
    for (const [key, name] of Object.entries(VAULT_SECRET_NAMES)) {
      const secret = values[key as keyof typeof values];
      const [existing] = await sql<{ id: string }[]>`select id from vault.secrets where name = ${name}`;
      if (existing) await sql`select vault.update_secret(${existing.id}::uuid, ${secret})`;
      else await sql`select vault.create_secret(${secret}, ${name}, 'Written by the Tokenwatch local stack')`;
    }
  } finally {
    await sql.end();
  }
}
