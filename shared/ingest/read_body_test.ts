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
