/**
 * What an integration test needs from the stack the runner started (tests/run.ts passes
 * these variables, the same ones `.env.local` holds): the URLs, the keys and a database
 * connection. The legacy keys exist only on the main test stack (tests/hosted/ runs on a stack
 * whose legacy keys are disabled).
 */
import { postgres, type Sql } from "../../shared/deps.ts";

/** Reads a variable the test runner must have set. */
export function required(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set: run the integration tests through \`npm test\``);
  return value;
}

/** The running test stack's coordinates. */
export const stackEnv = {
  get url(): string {
    return required("SUPABASE_URL");
  },
  get dbUrl(): string {
    return required("SUPABASE_DB_URL");
  },
  /** The project's secret key (`sb_secret_…`). */
  get secretKey(): string {
    return required("SUPABASE_SECRET_KEY");
  },
  /** The project's publishable key (`sb_publishable_…`). */
  get publishableKey(): string {
    return required("SUPABASE_PUBLISHABLE_KEY");
  },
  /** Legacy anon JWT (main test stack only). */
  get anonKey(): string {
    return required("SUPABASE_ANON_KEY");
  },
  /** Legacy service_role JWT (main test stack only). */
  get serviceRoleKey(): string {
    return required("SUPABASE_SERVICE_ROLE_KEY");
  },
};

/** A small postgres.js pool on the test database; close it with `await sql.end()`. */
export function connect(): Sql {
  return postgres(stackEnv.dbUrl, { prepare: false, onnotice: () => {}, max: 4 });
}

/** How many usage events with this source the test database holds (on a connection of its own). */
export async function countEvents(source: string): Promise<number> {
  const sql = connect();
  try {
    const [{ n }] = await sql<
      { n: number }[]
    >`select count(*)::int as n from monitoring.usage_events where source = ${source}`;
    return n;
  } finally {
    await sql.end();
  }
}

/** Polls `probe` every `intervalMs` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  opts: { timeoutMs: number; intervalMs?: number; what: string },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 500));
  }
  throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}`);
}

/** True when something listens on 127.0.0.1:`port`. */
export async function portOpen(port: number): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: "127.0.0.1", port })).close();
    return true;
  } catch {
    return false;
  }
}
