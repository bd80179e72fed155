/**
 * One stack per state folder. A stack holds `<stateDir>/stack.lock` (its process id) while it
 * runs; a second stack on the same folder stops at once with a message saying which process
 * holds it, and leaves that stack alone. A lock whose process has died (a stack killed with
 * SIGKILL) is stale and is taken over. Only the lock's holder stops the cluster.
 */

/** Thrown when another live stack holds the state folder. */
export class StackBusy extends Error {}

function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

function holder(file: string): number | null {
  try {
    const pid = Number(Deno.readTextFileSync(file).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** A held lock. */
export interface StackLock {
  /** True while this process still holds the lock (nobody took it over). */
  held(): boolean;
  release(): void;
}

/** Takes the state folder's lock, or throws {@link StackBusy} naming the live holder. */
export function lockStateDir(stateDir: string): StackLock {
  Deno.mkdirSync(stateDir, { recursive: true });
  const file = `${stateDir}/stack.lock`;
  // Created atomically (createNew), so two stacks starting at once cannot both take it.
  for (let attempt = 0;; attempt++) {
    try {
      Deno.writeTextFileSync(file, `${Deno.pid}\n`, { createNew: true });
      break;
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists) || attempt > 0) throw error;
    }
    const other = holder(file);
    if (other !== null && other !== Deno.pid && alive(other)) {
      throw new StackBusy(
        `Another Tokenwatch stack (process ${other}) is running on ${stateDir}. Stop it first (Ctrl-C in its terminal, or kill ${other}), or give this one its own TOKENWATCH_STATE_DIR and ports.`,
      );
    }
    Deno.removeSync(file); // stale: its stack died without releasing it
  }
  return {
    held: () => holder(file) === Deno.pid,
    release() {
      if (holder(file) === Deno.pid) Deno.removeSync(file);
    },
  };
}
