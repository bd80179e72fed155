import assert from "node:assert/strict";
import { lockStateDir, StackBusy } from "./stack_lock.ts";

Deno.test("a live stack's lock refuses a second stack and is left as it was", async () => {
  const dir = await Deno.makeTempDir();
  const other = new Deno.Command("sleep", { args: ["30"] }).spawn();
  try {
    await Deno.writeTextFile(`${dir}/stack.lock`, `${other.pid}\n`);
    assert.throws(
      () => lockStateDir(dir),
      (e: unknown) => e instanceof StackBusy && e.message.includes(`process ${other.pid}`),
    );
    assert.equal(await Deno.readTextFile(`${dir}/stack.lock`), `${other.pid}\n`);
  } finally {
    other.kill();
    await other.status;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a dead stack's lock is taken over; only the holder releases it", async () => {
  const dir = await Deno.makeTempDir();
  const gone = new Deno.Command("true").spawn();
  await gone.status;
  try {
    await Deno.writeTextFile(`${dir}/stack.lock`, `${gone.pid}\n`);
    const lock = lockStateDir(dir);
    assert.equal(lock.held(), true);
    assert.equal(await Deno.readTextFile(`${dir}/stack.lock`), `${Deno.pid}\n`);
    // Someone else took the folder over: this stack no longer holds it and leaves the file alone.
    await Deno.writeTextFile(`${dir}/stack.lock`, "1\n");
    assert.equal(lock.held(), false);
    lock.release();
    assert.equal(await Deno.readTextFile(`${dir}/stack.lock`), "1\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
