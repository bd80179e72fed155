/** Test doubles for the package's unit tests: a scripted fetch and manual timers. */
import type { FetchLike, Timers, UsageEvent } from "../src/types.ts";

/** One scripted answer: a status (and body, headers), or a thrown error, or a promise never settled. */
export type Answer =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { throws: Error }
  | {
    hang: true;
  };

/** A fetch that answers from a script (the last answer repeats) and records every request. */
export function scriptedFetch(answers: Answer[]): {
  fetch: FetchLike;
  requests: { url: string; headers: Record<string, string>; body: string }[];
} {
  const requests: { url: string; headers: Record<string, string>; body: string }[] = [];
  let i = 0;
  const fetch: FetchLike = (url, init) => {
    requests.push({ url, headers: init.headers, body: init.body });
    const answer = answers[Math.min(i++, answers.length - 1)];
    if ("hang" in answer) return new Promise(() => {});
    if ("throws" in answer) return Promise.reject(answer.throws);
    const headers = new Headers(answer.headers ?? {});
    return Promise.resolve({
      status: answer.status,
      headers,
      text: () =>
        Promise.resolve(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {})),
    });
  };
  return { fetch, requests };
}

/** Timers that fire only when the test says so. */
export function manualTimers(): Timers & { pending(): number[]; fire(): void } {
  let next = 1;
  const timers = new Map<number, { fn: () => void; ms: number }>();
  return {
    setTimeout(fn, ms) {
      const id = next++;
      timers.set(id, { fn, ms });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    /** The delays of the timers not yet fired or cleared (the per-request timeouts included). */
    pending: () => [...timers.values()].map((t) => t.ms),
    /** Fires every pending timer whose delay is not a request timeout (10,000 ms in these tests). */
    fire() {
      for (const [id, t] of [...timers]) {
        if (t.ms === 10_000) continue;
        timers.delete(id);
        t.fn();
      }
    },
  };
}

/** An event with the given request id. */
export const event = (id: string): UsageEvent => ({
  request_id: id,
  occurred_at: "2026-12-02T07:00:00.000Z",
  provider: "openai",
  model: "gpt-4o-mini",
  usage: { prompt_tokens: 10, completion_tokens: 2 },
  status: "ok",
  latency_ms: 5,
});

/** Lets queued promise callbacks run. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};
