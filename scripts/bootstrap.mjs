// Entry point of every npm script: on a fresh clone it installs the pinned npm tools
// (deno, supabase) from package-lock.json, then runs the given Deno program with the
// remaining arguments, passing Ctrl-C / SIGTERM through and exiting with its status.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

if (!existsSync(bin("deno")) || !existsSync(bin("supabase"))) {
  console.log("Installing the pinned tools (npm ci)…");
  const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: root, stdio: "inherit" });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const [script, ...args] = process.argv.slice(2);
const child = spawn(bin("deno"), ["run", "-A", "--config", join(root, "deno.json"), join(root, script), ...args], {
  cwd: process.cwd(),
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
