/**
 * The Debian packages the local stack needs beyond what the machine has: pg_cron, pgTAP and
 * pg_prove, and Chromium for the browser test. Installed with apt-get when running as root on
 * Debian; otherwise a clear message names them.
 */
import { isRoot, runCommand } from "./run_command.ts";

export const PG_BIN = "/usr/lib/postgresql/15/bin";

interface Requirement {
  pkg: string;
  present: string;
}

const STACK: Requirement[] = [
  { pkg: "postgresql-15", present: `${PG_BIN}/postgres` },
  { pkg: "postgresql-15-cron", present: "/usr/share/postgresql/15/extension/pg_cron.control" },
  { pkg: "postgresql-15-pgtap", present: "/usr/share/postgresql/15/extension/pgtap.control" },
  { pkg: "libtap-parser-sourcehandler-pgtap-perl", present: "/usr/bin/pg_prove" },
];
const BROWSER: Requirement[] = [{ pkg: "chromium", present: "/usr/bin/chromium" }];

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Installs whichever of the stack's (and, with `browser`, Chromium's) packages are missing. */
export async function ensureSystemPackages(opts: { browser?: boolean } = {}): Promise<void> {
  const wanted = opts.browser ? [...STACK, ...BROWSER] : STACK;
  const missing = wanted.filter((r) => !exists(r.present)).map((r) => r.pkg);
  if (missing.length === 0) return;
  const names = missing.join(" ");
  if (!isRoot() || !exists("/usr/bin/apt-get")) {
    throw new Error(`Tokenwatch needs these Debian packages: ${names}\nInstall them with: sudo apt-get install -y ${names}`);
  }
  console.log(`Installing ${names} (apt-get)…`);
  const env = { ...Deno.env.toObject(), DEBIAN_FRONTEND: "noninteractive" };
  await runCommand("apt-get", ["update", "-qq"], { env });
  await runCommand("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], { env });
}
