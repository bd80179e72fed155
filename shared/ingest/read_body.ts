/**
 * Reads a request body without ever holding more than the limit in memory: a declared
 * `Content-Length` over the limit is refused before anything is read, and a body that turns out
 * longer than the limit (chunked, or a lying header) is refused as soon as it passes it.
 *
 * `Content-Encoding: gzip` (or `x-gzip`) bodies are decompressed while they are read, and the limit
 * applies to the DECOMPRESSED bytes: the compressed bytes are fed to the decompressor in slices of
 * {@link INFLATE_SLICE_BYTES} (deflate expands at most about 1,032×, so one slice never yields more
 * than about 1 MiB) and reading stops with a 413 as soon as the output passes the limit, so a zip
 * bomb is never inflated whole. `identity` is no encoding; any other encoding is a 415 naming it.
 */
import { badRequest, payloadTooLarge, unsupportedMediaType } from "../http/errors.ts";

/** Options for {@link readBodyCapped}. */
export interface ReadBodyOptions {
  /** The most bytes accepted (after decompression). */
  maxBytes: number;
}

/** Compressed bytes given to the decompressor at a time: at most ~1 MiB of output per slice. */
export const INFLATE_SLICE_BYTES = 1024;

/** The encodings a body may be sent in. */
export const ACCEPTED_ENCODINGS = ["gzip", "identity"] as const;

type Encoding = "gzip" | "identity";

/** The body's encoding from `Content-Encoding`; throws a 415 naming an encoding that is not accepted. */
export function bodyEncoding(header: string | null): Encoding {
  const codings = (header ?? "").split(",").map((c) => c.trim().toLowerCase()).filter((c) => c !== "");
  const applied = codings.filter((c) => c !== "identity");
  if (applied.length === 0) return "identity";
  if (applied.length === 1 && (applied[0] === "gzip" || applied[0] === "x-gzip")) return "gzip";
  throw unsupportedMediaType(
    `unsupported Content-Encoding "${header}"; send the body uncompressed or with Content-Encoding: gzip`,
  );
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

const tooLarge = (maxBytes: number, what: string) =>
  payloadTooLarge(`body is more than ${maxBytes} bytes${what}; at most ${maxBytes} accepted`);

/** Reads a plain stream, refusing it as soon as it passes `maxBytes`. */
async function readPlain(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes, "");
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

/** Reads and inflates a gzip stream slice by slice, refusing it as soon as its output passes `maxBytes`. */
async function readGzip(
  body: ReadableStream<Uint8Array<ArrayBuffer>>,
  maxBytes: number,
): Promise<Uint8Array> {
  const inflater = new DecompressionStream("gzip");
  const writer = inflater.writable.getWriter();
  const output = inflater.readable.getReader();
  const input = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let failed: unknown = null;
  let writeError: unknown = null;
  // Writes slices while the reader below drains them; a TransformStream holds back the next write until
  // the previous output was read, so at most one slice's output waits in memory.
  const feeding = (async () => {
    try {
      for (;;) {
        const { done, value } = await input.read();
        if (done) break;
        for (let at = 0; at < value.length; at += INFLATE_SLICE_BYTES) {
          if (failed !== null) return;
          await writer.ready;
          await writer.write(value.subarray(at, at + INFLATE_SLICE_BYTES));
        }
      }
      await writer.close();
    } catch (error) {
      writeError = error;
      await output.cancel().catch(() => {});
    }
  })();
  try {
    for (;;) {
      const { done, value } = await output.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) throw tooLarge(maxBytes, " once decompressed");
      chunks.push(value);
    }
  } catch (error) {
    failed = error;
  }
  if (failed !== null || writeError !== null) {
    failed ??= writeError;
    await input.cancel().catch(() => {});
    await writer.abort().catch(() => {});
    await output.cancel().catch(() => {});
    await feeding;
    if ((failed as { status?: unknown }).status === 413) throw failed;
    throw badRequest("body is not valid gzip; nothing was stored", [{
      field: "body",
      message: `Content-Encoding is gzip but the body could not be decompressed: ${
        (failed as Error).message ?? String(failed)
      }`,
    }]);
  }
  await feeding;
  return concat(chunks, total);
}

/**
 * The body's bytes, decompressed when `Content-Encoding` is gzip; throws a 413 HttpError when they are
 * more than `maxBytes`, a 415 for another encoding, a 400 for a gzip body that does not decompress.
 */
export async function readBodyCapped(request: Request, opts: ReadBodyOptions): Promise<Uint8Array> {
  const { maxBytes } = opts;
  let encoding: Encoding;
  try {
    encoding = bodyEncoding(request.headers.get("content-encoding"));
  } catch (error) {
    await request.body?.cancel().catch(() => {});
    throw error;
  }
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw payloadTooLarge(`body is ${Number(declared)} bytes (Content-Length); at most ${maxBytes} accepted`);
  }
  if (!request.body) return new Uint8Array(0);
  return encoding === "gzip"
    ? await readGzip(request.body as ReadableStream<Uint8Array<ArrayBuffer>>, maxBytes)
    : await readPlain(request.body, maxBytes);
}
