import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { readBodyCapped } from "./read_body.ts";

const streamOf = (chunks: Uint8Array[], onPull?: () => void): ReadableStream<Uint8Array> => {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      onPull?.();
      if (i < chunks.length) controller.enqueue(chunks[i++]);
      else controller.close();
    },
  });
};

Deno.test("readBodyCapped returns every byte of a body within the limit, across chunks", async () => {
  const request = new Request("http://x/ingest", {
    method: "POST",
    body: streamOf([new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])]),
  });
  assert.deepEqual(await readBodyCapped(request, { maxBytes: 5 }), new Uint8Array([1, 2, 3, 4, 5]));
});

Deno.test("readBodyCapped refuses a declared Content-Length over the limit before reading", async () => {
  let pulled = 0;
  const request = new Request("http://x/ingest", {
    method: "POST",
    headers: { "content-length": "11" },
    body: streamOf([new Uint8Array(11)], () => pulled++),
  });
  await assert.rejects(readBodyCapped(request, { maxBytes: 10 }), (e: unknown) => {
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 413);
    assert.equal(e.message, "body is 11 bytes (Content-Length); at most 10 accepted");
    return true;
  });
  assert.equal(pulled, 0, "nothing was read");
});

Deno.test("readBodyCapped refuses a streamed body as soon as it passes the limit", async () => {
  let pulled = 0;
  const chunks = [new Uint8Array(6), new Uint8Array(6), new Uint8Array(6)];
  const request = new Request("http://x/ingest", { method: "POST", body: streamOf(chunks, () => pulled++) });
  await assert.rejects(readBodyCapped(request, { maxBytes: 10 }), (e: unknown) => {
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 413);
    assert.equal(e.message, "body is more than 10 bytes; at most 10 accepted");
    return true;
  });
  assert.ok(pulled <= 3, `stopped reading after the second chunk (pulled ${pulled})`);
});

Deno.test("readBodyCapped reads no body as zero bytes", async () => {
  assert.equal(
    (await readBodyCapped(new Request("http://x/ingest", { method: "POST" }), { maxBytes: 1 })).length,
    0,
  );
});

const gzip = async (bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(
    await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );

Deno.test("a gzip body is decompressed, whatever the case of the header, in chunks or whole", async () => {
  const text = JSON.stringify([{ request_id: "r1", model: "gpt-4o" }]).repeat(100);
  const compressed = await gzip(new TextEncoder().encode(text));
  for (const encoding of ["gzip", "GZip", "x-gzip", "gzip, identity"]) {
    const whole = new Request("http://x/ingest", {
      method: "POST",
      headers: { "content-encoding": encoding },
      body: compressed,
    });
    assert.equal(new TextDecoder().decode(await readBodyCapped(whole, { maxBytes: text.length })), text);
  }
  const chunked = new Request("http://x/ingest", {
    method: "POST",
    headers: { "content-encoding": "gzip" },
    body: streamOf([compressed.subarray(0, 7), compressed.subarray(7, 3000), compressed.subarray(3000)]),
  });
  assert.equal(new TextDecoder().decode(await readBodyCapped(chunked, { maxBytes: text.length })), text);
});

Deno.test("the limit applies after decompression: one byte over is a 413", async () => {
  const text = "x".repeat(5000);
  const request = () =>
    gzip(new TextEncoder().encode(text)).then((body) =>
      new Request("http://x/ingest", { method: "POST", headers: { "content-encoding": "gzip" }, body })
    );
  assert.equal((await readBodyCapped(await request(), { maxBytes: 5000 })).length, 5000);
  await assert.rejects(readBodyCapped(await request(), { maxBytes: 4999 }), (e: unknown) => {
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 413);
    assert.equal(e.message, "body is more than 4999 bytes once decompressed; at most 4999 accepted");
    return true;
  });
});

Deno.test("a gzip bomb (100 MB of zeros, ~100 KB sent) is a 413 after about the limit was inflated", async () => {
  const compressed = await gzip(new Uint8Array(100 * 1024 * 1024));
  assert.ok(compressed.length < 120_000, `compressed to ${compressed.length} bytes`);
  let pulledBytes = 0;
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < compressed.length; at += 16_384) chunks.push(compressed.subarray(at, at + 16_384));
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) {
        pulledBytes += chunks[i].length;
        controller.enqueue(chunks[i++]);
      } else controller.close();
    },
  });
  const maxBytes = 10 * 1024 * 1024;
  const request = new Request("http://x/ingest", {
    method: "POST",
    headers: { "content-encoding": "gzip" },
    body,
  });
  await assert.rejects(readBodyCapped(request, { maxBytes }), (e: unknown) => {
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 413);
    return true;
  });
  // 10 MiB of zeros compress to about 10 KiB (deflate's ~1,032:1), so reading stops after ~10 KiB of the
  // ~100 KiB plus the chunks already pulled ahead: well under half of the compressed body.
  assert.ok(
    pulledBytes < compressed.length / 2,
    `read ${pulledBytes} of ${compressed.length} compressed bytes`,
  );
});

Deno.test("a body that is not gzip but says so is a 400 naming the body", async () => {
  const request = new Request("http://x/ingest", {
    method: "POST",
    headers: { "content-encoding": "gzip" },
    body: '{"request_id":"r"}',
  });
  await assert.rejects(readBodyCapped(request, { maxBytes: 1000 }), (e: unknown) => {
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 400);
    assert.equal(e.problems[0].field, "body");
    assert.match(e.problems[0].message, /^Content-Encoding is gzip but the body could not be decompressed/);
    return true;
  });
});

Deno.test("other encodings are a 415 naming the encoding; identity is no encoding", async () => {
  for (const encoding of ["br", "deflate", "zstd", "gzip, br", "gzip, gzip"]) {
    const request = new Request("http://x/ingest", {
      method: "POST",
      headers: { "content-encoding": encoding },
      body: "{}",
    });
    await assert.rejects(readBodyCapped(request, { maxBytes: 1000 }), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.status, 415);
      assert.equal(
        e.message,
        `unsupported Content-Encoding "${encoding}"; send the body uncompressed or with Content-Encoding: gzip`,
      );
      return true;
    });
  }
  const identity = new Request("http://x/ingest", {
    method: "POST",
    headers: { "content-encoding": "identity" },
    body: "{}",
  });
  assert.equal(new TextDecoder().decode(await readBodyCapped(identity, { maxBytes: 10 })), "{}");
});
