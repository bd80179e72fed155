/**
 * `npm start` as people run it, on ports and a state folder of its own: a second `npm start` on
 * the same folder stops at once, says another stack is running and leaves the first one
 * serving; SIGTERM to the npm process (npm's shell ends without passing it on) still stops the
 * whole stack: no process of it remains and its ports are free.
 */
import assert from "node:assert/strict";
import { PROJECT_ROOT } from "../../local/stack_config.ts";
import { portOpen, waitFor } from "../helpers/test_env.ts";

const apiPort = Number(Deno.env.get("TOKENWATCH_API_PORT") ?? "54421") + 13;
const dbPort = apiPort + 1;
const stateDir = `${Deno.env.get("TOKENWATCH_STATE_DIR") ?? `${PROJECT_ROOT}/.tokenwatch/test`}-npm-start`;
const env = {
  TOKENWATCH_STATE_DIR: stateDir,
  TOKENWATCH_API_PORT: String(apiPort),
  TOKENWATCH_DB_PORT: String(dbPort),
  // .env.local is the checkout's own; this stack writes its keys elsewhere.
  TOKENWATCH_ENV_FILE: `${stateDir}.env.local`,
};

function npmStart(): { child: Deno.ChildProcess; output: () => string; done: Promise<Deno.CommandStatus> } {
  const child = new Deno.Command("npm", {
    args: ["start"],
    cwd: PROJECT_ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  let text = "";
  const read = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  };
  const reading = Promise.all([read(child.stdout), read(child.stderr)]);
  return { child, output: () => text, done: reading.then(() => child.status) };
}

/** Processes of this stack: npm, node, deno, the function processes (by their environment) and Postgres (by its data folder). */
function stackProcesses(): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const environ = Deno.readTextFileSync(`/proc/${entry.name}/environ`);
      const args = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`).replaceAll("\0", " ");
      if (
        environ.includes(`TOKENWATCH_API_PORT=${apiPort}\0`) ||
        environ.includes(`SUPABASE_URL=http://127.0.0.1:${apiPort}\0`) ||
        args.includes(stateDir)
      ) found.push(`${entry.name} ${args}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

Deno.test("npm start: a second start refuses and leaves the first serving; SIGTERM to npm stops everything", async () => {
  await Deno.remove(stateDir, { recursive: true }).catch(() => {});
  const first = npmStart();
  try {
    await waitFor(
      () => Promise.resolve(first.output().includes("Tokenwatch local stack is up") || undefined),
      {
        timeoutMs: 240_000,
        intervalMs: 500,
        what: `npm start to come up:\n${first.output()}`,
      },
    );

    const second = npmStart();
    const status = await second.done;
    assert.equal(status.code, 1, second.output());
    assert.match(second.output(), /Another Tokenwatch stack \(process \d+\) is running on/);
    const probe = await fetch(`http://127.0.0.1:${apiPort}/functions/v1/track-usage?period=day`);
    await probe.body?.cancel();
    assert.equal(probe.status, 401, "the first stack still answers (401: no key sent)");
    assert.equal(await portOpen(dbPort), true, "the first stack's database still runs");

    first.child.kill("SIGTERM");
    // npm itself ends at once; what it started must follow (its output pipes close only then).
    await first.child.status;
    await waitFor(
      async () =>
        (!(await portOpen(apiPort)) && !(await portOpen(dbPort)) && stackProcesses().length === 0) ||
        undefined,
      {
        timeoutMs: 60_000,
        intervalMs: 250,
        what: `the stack to stop after SIGTERM to npm; still running: ${stackProcesses().join("; ")}`,
      },
    );
  } finally {
    // Whatever is left (only when the test failed) is killed, so its pipes close.
    for (const line of stackProcesses()) {
      try {
        Deno.kill(Number(line.split(" ")[0]), "SIGKILL");
      } catch {
        // already gone
      }
    }
    await first.done;
    await Deno.remove(stateDir, { recursive: true }).catch(() => {});
    await Deno.remove(env.TOKENWATCH_ENV_FILE).catch(() => {});
  }
});
