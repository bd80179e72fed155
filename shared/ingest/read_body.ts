/**
 * Reads a request body without ever holding more than the limit in memory: a declared
 * `Content-Length` over the limit is refused before anything is read, and a body that turns out
 * longer than the limit (chunked, or a lying header) is refused as soon as it passes it.
 */
import { payloadTooLarge } from "../http/errors.ts";

/** Options for {@link readBodyCapped}. */
export interface ReadBodyOptions {
  /** The most bytes accepted. */
  maxBytes: number;
}

/** The body's bytes; throws a 413 HttpError when it is longer than `maxBytes`. */
export async function readBodyCapped(request: Request, opts: ReadBodyOptions): Promise<Uint8Array> {
  const { maxBytes } = opts;
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw payloadTooLarge(`body is ${Number(declared)} bytes (Content-Length); at most ${maxBytes} accepted`);
  }
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(`body is more than ${maxBytes} bytes; at most ${maxBytes} accepted`);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
