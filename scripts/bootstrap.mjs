// Entry point of every npm script: on a fresh clone it installs the pinned npm tools
// (deno, supabase) at the versions package-lock.json pins, then runs the given Deno program with the
// remaining arguments, passing Ctrl-C / SIGTERM through and exiting with its status.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

if (!existsSync(bin("deno")) || !existsSync(bin("supabase"))) {
  // `npm install --no-save`, not `npm ci`: npm 11's ci insists that every other platform's
  // optional binary package (@supabase/cli-darwin-arm64, …) is in the lock file, and some of them
  // are not published for the pinned versions. install takes the lock file's versions; --no-save
  // keeps it from writing package.json or package-lock.json (it would add the other platforms'
  // optional binaries to the lock file and leave a fresh checkout dirty).
  console.log("Installing the pinned tools (npm install --no-save)…");
  const install = spawnSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: root,
    stdio: "inherit",
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const [script, ...args] = process.argv.slice(2);
const child = spawn(bin("deno"), [
  "run",
  "-A",
  "--config",
  join(root, "deno.json"),
  join(root, script),
  ...args,
], {
  cwd: process.cwd(),
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
// `kill -TERM <npm>` ends npm and its shell without passing the signal on, and leaves this
// process behind: when the parent is gone (this process was handed to another), stop the child.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) child.kill("SIGTERM");
}, 500).unref();
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
