/** ensureSystemPackages against a stand-in machine: apt's lock is waited for, never fatal at once. */
import assert from "node:assert/strict";
import type { CommandResult } from "./run_command.ts";
import { APT_LOCK_WAIT_SECONDS, ensureSystemPackages, type PackageHost, PG_BIN } from "./system_packages.ts";

const LOCKED: CommandResult = {
  code: 100,
  stdout: "",
  stderr:
    "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)\nE: Unable to lock directory /var/lib/apt/lists/\n",
};
const OK: CommandResult = { code: 0, stdout: "", stderr: "" };

/** A root Debian machine with PostgreSQL but not pg_cron, pgTAP or pg_prove; apt-get answers from `answers`. */
function machine(answers: (args: string[]) => CommandResult) {
  const calls: string[] = [];
  const slept: number[] = [];
  const lines: string[] = [];
  const host: PackageHost = {
    isRoot: () => true,
    exists: (path) => path === "/usr/bin/apt-get" || path === `${PG_BIN}/postgres`,
    run: (cmd, args) => {
      calls.push(`${cmd} ${args.join(" ")}`);
      return Promise.resolve(answers(args));
    },
    sleep: (seconds) => {
      slept.push(seconds);
      return Promise.resolve();
    },
    log: (line) => lines.push(line),
  };
  return { host, calls, slept, lines };
}

const INSTALL =
  "apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends postgresql-15-cron postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl";

Deno.test("system packages: apt-get update is retried while another apt holds the lock; install waits up to 300 s", async () => {
  let updates = 0;
  const m = machine((args) => (args[0] === "update" && ++updates <= 2 ? LOCKED : OK));
  await ensureSystemPackages({}, m.host);
  assert.deepEqual(m.calls, ["apt-get update -qq", "apt-get update -qq", "apt-get update -qq", INSTALL]);
  assert.deepEqual(m.slept, [2, 2], "two held locks, 2 s apart");
  assert.deepEqual(m.lines, [
    "Installing postgresql-15-cron postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl (apt-get)…",
    "Waiting for apt's lock (another apt-get is running)…",
  ]);
});

Deno.test("system packages: a lock held past the bound stops with a message saying what to do", async () => {
  const m = machine((args) => (args[0] === "update" ? LOCKED : OK));
  await assert.rejects(ensureSystemPackages({}, m.host), (e: Error) => {
    assert.match(
      e.message,
      /^apt-get update: apt's lock has been held by another process for 300 s; let it finish/,
    );
    assert.match(e.message, /apt-get install -y postgresql-15-cron postgresql-15-pgtap/);
    return true;
  });
  // Tries at 0, 2, …, 300 s: 151 tries, 150 waits of 2 s = 300 s, and no install.
  assert.equal(APT_LOCK_WAIT_SECONDS, 300);
  assert.equal(m.calls.length, 151);
  assert.equal(m.slept.reduce((a, b) => a + b, 0), 300);
  assert.ok(!m.calls.some((c) => c.includes(" install ")));
});

Deno.test("system packages: any other apt-get failure stops at once with apt's output", async () => {
  const m = machine(() => ({ code: 100, stdout: "", stderr: "E: The repository is not signed.\n" }));
  await assert.rejects(
    ensureSystemPackages({}, m.host),
    (e: Error) => e.message === "apt-get update -qq exited 100\nE: The repository is not signed.\n",
  );
  assert.deepEqual(m.slept, []);
});

Deno.test("system packages: nothing is run when everything is there; not root: the packages are named", async () => {
  const all = machine(() => OK);
  all.host.exists = () => true;
  await ensureSystemPackages({ browser: true }, all.host);
  assert.deepEqual(all.calls, []);

  const user = machine(() => OK);
  user.host.isRoot = () => false;
  await assert.rejects(
    ensureSystemPackages({ browser: true }, user.host),
    (e: Error) =>
      e.message ===
        "Tokenwatch needs these Debian packages: postgresql-15-cron postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl chromium\n" +
          "Install them with: sudo apt-get install -y postgresql-15-cron postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl chromium",
  );
  assert.deepEqual(user.calls, []);
});
