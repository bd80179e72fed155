/**
 * The Debian packages the local stack needs beyond what the machine has: pg_cron, pgTAP and
 * pg_prove, and Chromium for the browser test. Installed with apt-get when running as root on
 * Debian; otherwise a clear message names them.
 *
 * apt allows one user at a time (`npm start` and `npm test` started together on a new machine,
 * or unattended-upgrades): instead of failing on a held lock, both apt-get steps wait for it,
 * at most APT_LOCK_WAIT_SECONDS each. `apt-get install` waits by itself
 * (`-o DPkg::Lock::Timeout`); `apt-get update` ignores that option (apt 2.6 has no lock timeout
 * for the lists lock), so it is retried while the lock is held. When another run installed the
 * packages meanwhile, `apt-get install` waits for it to finish and then has nothing to do.
 */
import { type CommandResult, isRoot, runCommand, type RunOptions } from "./run_command.ts";

export const PG_BIN = "/usr/lib/postgresql/15/bin";

/** How long each apt-get step waits for apt's lock before giving up. */
export const APT_LOCK_WAIT_SECONDS = 300;
/** Seconds between two tries of `apt-get update` while its lock is held. */
const UPDATE_RETRY_SECONDS = 2;

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

/** What {@link ensureSystemPackages} uses of the machine (the tests pass stand-ins). */
export interface PackageHost {
  isRoot: () => boolean;
  exists: (path: string) => boolean;
  run: (cmd: string, args: string[], opts: RunOptions) => Promise<CommandResult>;
  sleep: (seconds: number) => Promise<void>;
  log: (line: string) => void;
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

const machine: PackageHost = {
  isRoot,
  exists,
  run: runCommand,
  sleep: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
  log: (line) => console.log(line),
};

/** True when apt-get failed only because another process holds apt's lock. */
function lockHeld(result: CommandResult): boolean {
  return result.code !== 0 && /Could not get lock|Unable to lock directory/.test(result.stderr);
}

function failure(cmd: string, args: string[], result: CommandResult): Error {
  return new Error(`${cmd} ${args.join(" ")} exited ${result.code}\n${result.stdout}${result.stderr}`);
}

/** Installs whichever of the stack's (and, with `browser`, Chromium's) packages are missing. */
export async function ensureSystemPackages(
  opts: { browser?: boolean } = {},
  host: PackageHost = machine,
): Promise<void> {
  const wanted = opts.browser ? [...STACK, ...BROWSER] : STACK;
  const missing = wanted.filter((r) => !host.exists(r.present)).map((r) => r.pkg);
  if (missing.length === 0) return;
  const names = missing.join(" ");
  if (!host.isRoot() || !host.exists("/usr/bin/apt-get")) {
    throw new Error(
      `Tokenwatch needs these Debian packages: ${names}\nInstall them with: sudo apt-get install -y ${names}`,
    );
  }
  host.log(`Installing ${names} (apt-get)…`);
  const env = { ...Deno.env.toObject(), DEBIAN_FRONTEND: "noninteractive" };

  const update = ["update", "-qq"];
  for (let waited = 0;; waited += UPDATE_RETRY_SECONDS) {
    const result = await host.run("apt-get", update, { env, check: false });
    if (result.code === 0) break;
    if (!lockHeld(result)) throw failure("apt-get", update, result);
    if (waited >= APT_LOCK_WAIT_SECONDS) {
      throw new Error(
        `apt-get update: apt's lock has been held by another process for ${APT_LOCK_WAIT_SECONDS} s; ` +
          `let it finish (or stop it) and start again, or install the packages yourself: apt-get install -y ${names}\n` +
          result.stderr,
      );
    }
    if (waited === 0) host.log("Waiting for apt's lock (another apt-get is running)…");
    await host.sleep(UPDATE_RETRY_SECONDS);
  }

  const install = [
    "-o",
    `DPkg::Lock::Timeout=${APT_LOCK_WAIT_SECONDS}`,
    "install",
    "-y",
    "-qq",
    "--no-install-recommends",
    ...missing,
  ];
  const result = await host.run("apt-get", install, { env, check: false });
  if (result.code !== 0) throw failure("apt-get", install, result);
}
