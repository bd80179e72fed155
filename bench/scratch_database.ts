/**
 * A scratch database with every migration applied, for the benches that must measure what an
 * install runs (the drain with its per-entity rollups, the real triggers and indexes), beside
 * the project's own database and never touching it.
 *
 * The server's pg_cron lives in the `postgres` database only (`cron.database_name`), so the scratch
 * database gets a stub `cron` schema: `cron.schedule` / `cron.unschedule` record jobs in `cron.job`
 * and nothing runs them (the benches call the functions themselves). pg_net and Vault get the local
 * stack's stand-ins (local/sql), installed the way the stack installs them where the real extensions
 * are missing; nothing sends HTTP from a bench. The roles (anon, authenticated, service_role) are the
 * server's, created by the stack's baseline.
 */
import { postgres, type Sql } from "../shared/deps.ts";

const CRON_STUB = `
  create schema cron;
  create table cron.job (jobid bigserial primary key, jobname text unique, schedule text, command text,
    database text, username text, active boolean not null default true);
  create table cron.job_run_details (runid bigserial primary key, jobid bigint, job_pid integer, database text,
    username text, command text, status text, return_message text, start_time timestamptz, end_time timestamptz);
  create function cron.schedule(p_name text, p_schedule text, p_command text) returns bigint
  language sql as $$
    insert into cron.job (jobname, schedule, command) values (p_name, p_schedule, p_command)
    on conflict (jobname) do update set schedule = excluded.schedule, command = excluded.command
    returning jobid
  $$;
  create function cron.unschedule(p_name text) returns boolean
  language sql as $$ with d as (delete from cron.job where jobname = p_name returning 1) select count(*) > 0 from d $$;`;

/** The migration files of `dir`, in order. */
export function migrationFiles(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => /^\d{14}_.*\.sql$/.test(n)).sort();
}

/** Creates (or re-creates) an empty database `name` on the server of `databaseUrl`; a connection to it (one session). */
export async function createEmptyDatabase(databaseUrl: string, name: string): Promise<Sql> {
  const admin = postgres(databaseUrl, { prepare: false, onnotice: () => {}, max: 1 });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return postgres(url.toString(), { prepare: false, onnotice: () => {}, max: 1, idle_timeout: 0 });
}

/**
 * Creates (or re-creates) database `name` on the server of `databaseUrl` with every migration of
 * supabase/migrations applied; returns a connection to it (one session).
 */
export async function createScratchDatabase(
  databaseUrl: string,
  name: string,
  log: (line: string) => void = () => {},
): Promise<Sql> {
  const sql = await createEmptyDatabase(databaseUrl, name);
  const local = new URL("../local/sql/", import.meta.url);
  await sql.unsafe(`
    create schema if not exists extensions;
    create extension if not exists pgcrypto with schema extensions;
    create extension if not exists "uuid-ossp" with schema extensions;`);
  await sql.unsafe(CRON_STUB);
  await sql.unsafe(Deno.readTextFileSync(new URL("pg_net_standin.sql", local)));
  await sql.unsafe(Deno.readTextFileSync(new URL("vault_standin.sql", local)));
  const dir = new URL("../supabase/migrations", import.meta.url).pathname;
  const files = migrationFiles(dir);
  for (const file of files) {
    const text = Deno.readTextFileSync(`${dir}/${file}`)
      .replace(/^\s*create extension if not exists (pg_cron|pg_net)[^;]*;/gim, "-- (bench: $1 stubbed)");
    try {
      await sql.unsafe(text);
    } catch (error) {
      await sql.end();
      throw new Error(`${name}: migration ${file} failed: ${error instanceof Error ? error.message : error}`);
    }
  }
  log(`${name}: ${files.length} migrations applied (pg_cron stubbed, pg_net and Vault stand-ins)`);
  return sql;
}
