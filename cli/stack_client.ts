/**
 * What every `npm run monitor:*` command starts with: the project's URL and keys (from the
 * environment, else `.env.local` written by `npm start`), a supabase-js client with the
 * service role key, and a clear message when the stack is not running.
 */
import { parseEnvFile } from "../local/stack.ts";
import { PROJECT_ROOT } from "../local/stack_config.ts";
import type { Database } from "../shared/db/database.types.ts";
import { createClient, type SupabaseClient } from "../shared/deps.ts";

/** The four values `.env.local` holds. */
export interface ProjectEnv {
  SUPABASE_URL: string;
  SUPABASE_DB_URL: string;
  SUPABASE_ANON_KEY: string;
  SUPABASE_SERVICE_ROLE_KEY: string;
}

const NAMES = ["SUPABASE_URL", "SUPABASE_DB_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY"] as const;

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
  const values: Record<string, string> = {};
  for (const name of NAMES) {
    const value = Deno.env.get(name) || file[name];
    if (!value) {
      throw new StackUnavailable(
        `${name} is not set and .env.local has none. Start the local stack with \`npm start\` (it writes .env.local), or export the variables of your hosted project.`,
      );
    }
    values[name] = value;
  }
  return values as unknown as ProjectEnv;
}

/** A service-role supabase-js client for the project, after checking that its API answers. */
export async function connectProject(): Promise<{ env: ProjectEnv; supabase: SupabaseClient<Database, "monitoring"> }> {
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
  const supabase = createClient<Database, "monitoring">(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
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
