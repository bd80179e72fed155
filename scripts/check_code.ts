/**
 * `npm run check`: the code checks CI runs before the tests, with the repo's own deno.json:
 * `deno fmt --check`, `deno lint` and `deno check` on everything. Exits non-zero on the first
 * one that fails, naming it.
 */
const steps: [string, string[]][] = [
  ["deno fmt --check", ["fmt", "--check"]],
  ["deno lint", ["lint"]],
  ["deno check", ["check", "."]],
];
const root = new URL("..", import.meta.url).pathname;
for (const [name, args] of steps) {
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: [...args.slice(0, 1), "--config", `${root}deno.json`, ...args.slice(1)],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) {
    console.error(`${name} failed`);
    Deno.exit(code);
  }
  console.log(`${name}: ok`);
}
