/**
 * Where the local stack lives and what it serves: ports and functions from
 * supabase/config.toml, overridable by environment variables so that the tests can run a
 * second stack beside a running `npm start`.
 *
 *   TOKENWATCH_API_PORT      gateway port           (default [api] port, 54321)
 *   TOKENWATCH_DB_PORT       PostgreSQL port        (default [db] port, 54322)
 *   TOKENWATCH_STATE_DIR     cluster, keys, logs    (default .tokenwatch/ in the project root)
 *   TOKENWATCH_EXTRA_FUNCTIONS  extra function folders (comma separated; the tests add fixtures)
 *   TOKENWATCH_LEGACY_KEYS   `disabled`: behave like a project that turned its legacy JWT keys off
 *   TOKENWATCH_HTML          `plain`: rewrite text/html GET answers to text/plain, as hosted's
 *                            default *.supabase.co domain does (default: HTML, as a custom domain)
 */
import { parse } from "npm:smol-toml@1.9.1";

/** One function the gateway serves. */
export interface FunctionConfig {
  name: string;
  verifyJwt: boolean;
  /** Absolute path of the module that calls `Deno.serve`. */
  entrypoint: string;
}

/** Everything the stack's parts need to agree on. */
export interface StackConfig {
  root: string;
  stateDir: string;
  apiPort: number;
  dbPort: number;
  apiUrl: string;
  dbUrl: string;
  functions: FunctionConfig[];
  /** False when TOKENWATCH_LEGACY_KEYS=disabled: no anon / service_role JWT keys. */
  legacyKeys: boolean;
  /** `plain` imitates hosted's default domain (text/html GET answers become text/plain). */
  html: "render" | "plain";
}

function choice<T extends string>(
  value: string | undefined,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === "") return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${name}=${value}: expected one of ${allowed.join(", ")}`);
}

/** The project root: the folder that holds supabase/config.toml. */
export const PROJECT_ROOT: string = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

function portFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${value} is not a valid port`);
  }
  return port;
}

function functionsIn(dir: string, sections: Record<string, Record<string, unknown>>): FunctionConfig[] {
  const found: FunctionConfig[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.isDirectory || entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
    const section = sections[entry.name] ?? {};
    const entrypoint = typeof section.entrypoint === "string"
      ? new URL(section.entrypoint, `file://${PROJECT_ROOT}/supabase/`).pathname
      : `${dir}/${entry.name}/index.ts`;
    try {
      Deno.statSync(entrypoint);
    } catch {
      continue;
    }
    found.push({ name: entry.name, verifyJwt: section.verify_jwt !== false, entrypoint });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** Reads supabase/config.toml and the environment into one StackConfig. */
export function loadStackConfig(env: Record<string, string | undefined> = Deno.env.toObject()): StackConfig {
  const toml = parse(Deno.readTextFileSync(`${PROJECT_ROOT}/supabase/config.toml`)) as Record<
    string,
    unknown
  >;
  const api = (toml.api ?? {}) as Record<string, unknown>;
  const db = (toml.db ?? {}) as Record<string, unknown>;
  const sections = (toml.functions ?? {}) as Record<string, Record<string, unknown>>;
  const apiPort = portFrom(env.TOKENWATCH_API_PORT, Number(api.port ?? 54321), "TOKENWATCH_API_PORT");
  const dbPort = portFrom(env.TOKENWATCH_DB_PORT, Number(db.port ?? 54322), "TOKENWATCH_DB_PORT");
  const stateDir = env.TOKENWATCH_STATE_DIR || `${PROJECT_ROOT}/.tokenwatch`;
  const functionDirs = [`${PROJECT_ROOT}/supabase/functions`];
  for (const extra of (env.TOKENWATCH_EXTRA_FUNCTIONS ?? "").split(",").filter(Boolean)) {
    functionDirs.push(extra.startsWith("/") ? extra : `${PROJECT_ROOT}/${extra}`);
  }
  return {
    root: PROJECT_ROOT,
    stateDir,
    apiPort,
    dbPort,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    dbUrl: `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres`,
    functions: functionDirs.flatMap((dir) => functionsIn(dir, sections)),
    legacyKeys:
      choice(env.TOKENWATCH_LEGACY_KEYS, "TOKENWATCH_LEGACY_KEYS", ["enabled", "disabled"], "enabled") ===
        "enabled",
    html: choice(env.TOKENWATCH_HTML, "TOKENWATCH_HTML", ["render", "plain"], "render"),
  };
}
