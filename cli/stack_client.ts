/**
 * What every `npm run monitor:*` command starts with: the project's URL and key (from the
 * environment, else `.env.local` written by `npm start`), a supabase-js client with that key,
 * and a clear message when the stack is not running. The key is the project's secret key
 * (`SUPABASE_SECRET_KEY`, `sb_secret_…`) or, for a project that still uses them, the legacy
 * service_role JWT (`SUPABASE_SERVICE_ROLE_KEY`).
 */
import { parseEnvFile } from "../local/stack.ts";
import { PROJECT_ROOT } from "../local/stack_config.ts";
import type { Database } from "../shared/db/database.types.ts";
import { createClient, type SupabaseClient } from "../shared/deps.ts";

/** What the commands need of a project. */
export interface ProjectEnv {
  SUPABASE_URL: string;
  SUPABASE_DB_URL: string;
  /** The secret key, else the legacy service_role key: what functions accept from the commands. */
  secretKey: string;
}

/** Thrown when the commands cannot reach a project; its message tells the person what to do. */
export class StackUnavailable extends Error {}

/** Reads the project's coordinates: process environment first, then `.env.local`. */
export function projectEnv(): ProjectEnv {
  let file: Record<string, string> = {};
  try {
    file = parseEnvFile(Deno.readTextFileSync(`${PROJECT_ROOT}/.env.local`));
  } catch {
    // no .env.local: only the environment counts
  }
  const fromEnv = (name: string): string | undefined => Deno.env.get(name) || undefined;
  const get = (name: string): string | undefined => fromEnv(name) ?? (file[name] || undefined);
  const missing = (what: string): StackUnavailable =>
    new StackUnavailable(
      `${what} is not set and .env.local has none. Start the local stack with \`npm start\` (it writes .env.local), or export the variables of your hosted project.`,
    );
  const url = get("SUPABASE_URL");
  if (!url) throw missing("SUPABASE_URL");
  const dbUrl = get("SUPABASE_DB_URL");
  if (!dbUrl) throw missing("SUPABASE_DB_URL");
  // A key in the environment wins over any key in .env.local (which may be another stack's).
  const secretKey = fromEnv("SUPABASE_SECRET_KEY") ?? fromEnv("SUPABASE_SERVICE_ROLE_KEY") ??
    (file.SUPABASE_SECRET_KEY || file.SUPABASE_SERVICE_ROLE_KEY || undefined);
  if (!secretKey) throw missing("SUPABASE_SECRET_KEY (or the legacy SUPABASE_SERVICE_ROLE_KEY)");
  return { SUPABASE_URL: url, SUPABASE_DB_URL: dbUrl, secretKey };
}

/** A service-role supabase-js client for the project, after checking that its API answers. */
export async function connectProject(): Promise<
  { env: ProjectEnv; supabase: SupabaseClient<Database, "monitoring"> }
> {
  const env = projectEnv();
  try {
    const probe = await fetch(`${env.SUPABASE_URL}/functions/v1/`, { signal: AbortSignal.timeout(5000) });
    await probe.body?.cancel();
  } catch {
    throw new StackUnavailable(
      `Cannot reach ${env.SUPABASE_URL}. Is the stack running? Start it with \`npm start\` in another terminal.`,
    );
  }
  // Typed with the generated schema types, for commands that read the monitoring schema through
  // the Data API of a hosted project (where the schema has been exposed).
  const supabase = createClient<Database, "monitoring">(env.SUPABASE_URL, env.secretKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    db: { schema: "monitoring" },
  });
  return { env, supabase };
}

/** Runs a command's main function, printing StackUnavailable as a plain message (exit 3). */
export async function runCli(main: () => Promise<number>): Promise<never> {
  try {
    Deno.exit(await main());
  } catch (error) {
    if (error instanceof StackUnavailable) {
      console.error(error.message);
      Deno.exit(3);
    }
    throw error;
  }
}
