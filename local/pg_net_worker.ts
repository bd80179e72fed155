/**
 * The sending half of the local pg_net stand-in, playing pg_net's background worker: it
 * waits for committed requests in `net.http_request_queue` (woken by the NOTIFY that
 * net.http_post sends at commit, and polling once a second in case a wake-up was missed),
 * takes them off the queue, sends them over real HTTP and records each outcome in
 * `net._http_response` as pg_net does (status, headers, body, timed_out, error_msg).
 */
import { postgres } from "../shared/deps.ts";

interface QueuedRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string> | null;
  body: Uint8Array | null;
  timeout_milliseconds: number;
}

/** A running worker. */
export interface PgNetWorker {
  close(): Promise<void>;
}

const BATCH = 50;

/** Starts sending the queue of the database at `dbUrl`. */
export async function startPgNetWorker(dbUrl: string): Promise<PgNetWorker> {
  const sql = postgres(dbUrl, { prepare: false, onnotice: () => {}, max: 4 });
  let closed = false;
  let draining: Promise<void> | null = null;
  let again = false;

  async function send(request: QueuedRequest): Promise<void> {
    let row: Record<string, unknown>;
    try {
      const response = await fetch(request.url, {
        method: request.method.toUpperCase(),
        headers: request.headers ?? {},
        body: request.body ? new Uint8Array(request.body) : undefined,
        signal: AbortSignal.timeout(request.timeout_milliseconds),
      });
      row = {
        status_code: response.status,
        content_type: response.headers.get("content-type"),
        headers: Object.fromEntries(response.headers),
        content: await response.text(),
        timed_out: false,
        error_msg: null,
      };
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === "TimeoutError";
      row = {
        status_code: null,
        content_type: null,
        headers: null,
        content: null,
        timed_out: timedOut,
        error_msg: timedOut ? `Timeout of ${request.timeout_milliseconds} ms reached` : String(error),
      };
    }
    await sql`insert into net._http_response ${sql({ id: request.id, ...row } as Record<string, unknown>)}`;
  }

  async function drain(): Promise<void> {
    do {
      again = false;
      while (!closed) {
        const batch = await sql<QueuedRequest[]>`
          delete from net.http_request_queue
          where id in (select id from net.http_request_queue order by id limit ${BATCH} for update skip locked)
          returning id, method, url, headers, body, timeout_milliseconds`;
        if (batch.length === 0) break;
        await Promise.all(batch.map(send));
      }
    } while (again && !closed);
  }

  function wake(): void {
    if (closed) return;
    if (draining) {
      again = true;
      return;
    }
    draining = drain().catch((error) => console.error("pg_net stand-in:", error)).finally(() => {
      draining = null;
    });
  }

  const listener = await sql.listen("pg_net_standin", wake);
  const timer = setInterval(wake, 1000);
  wake();
  return {
    async close() {
      closed = true;
      clearInterval(timer);
      await listener.unlisten();
      await draining;
      await sql.end({ timeout: 5 });
    },
  };
}
