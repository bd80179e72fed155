/**
 * Calls `onGone` once when this process's parent exits (the process is then handed to another
 * parent, so `Deno.ppid` changes). A program started by `npm start` / `npm test`, or a function
 * process started by the gateway, uses it to stop when whatever started it is killed without
 * passing the signal on (npm's shell ends on SIGTERM and leaves its child running).
 */
export function onParentExit(onGone: () => void, intervalMs = 500): void {
  const parent = Deno.ppid;
  const timer = setInterval(() => {
    if (Deno.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  Deno.unrefTimer(timer);
}
