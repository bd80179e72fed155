/**
 * How `ingest` reads a body, through the real gateway with Deno's own `fetch`: input nested thousands of
 * levels deep is a 400 naming the field and the limit (it was a 500: a stack overflow), `metadata` is
 * stored exactly as sent (every key, `__proto__` too, and every number's digits), and gzip bodies are
 * read, with the 10 MiB cap applied after decompression (a gzip bomb is a 413). Nothing is stored by a
 * refused request: this test's own source is counted.
 */
import assert from "node:assert/strict";
import { connect, countEvents, stackEnv } from "../helpers/test_env.ts";

const SOURCE = `twtest-h6-body-${crypto.randomUUID().slice(0, 8)}`;
const INGEST = () => `${stackEnv.url}/functions/v1/ingest`;
const base = `"source":"${SOURCE}","model":"gpt-4o-mini","input_tokens":10,"output_tokens":2`;
const auth = () => ({ apikey: stackEnv.secretKey });

async function post(
  body: BodyInit,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { error?: string; problems?: unknown[]; inserted?: number } }> {
  const response = await fetch(INGEST(), {
    method: "POST",
    headers: { ...auth(), "content-type": "application/json", ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

const nest = (levels: number, open: string, close: string, inner: string): string =>
  open.repeat(levels) + inner + close.repeat(levels);

const DEPTH = "nests more than 32 levels of objects and arrays; at most 32 allowed";

Deno.test("deep JSON: 400 naming the field, its event (and line) and the 32-level limit; nothing stored", async () => {
  // 2,600 levels of {"a": …} is 2,600 × 6 + 1 = 15,601 bytes: under metadata's 16 KB, deep enough to overflow.
  const deepObject = nest(2_600, '{"a":', "}", "1");
  assert.equal(deepObject.length, 15_601);
  const deepArray = nest(5_000, "[", "]", "");
  const cases: { name: string; body: string; type?: string; problem: Record<string, unknown> }[] = [
    {
      name: "metadata 2,600 objects deep",
      body: `[{"request_id":"d0",${base}},{"request_id":"d1",${base},"metadata":${deepObject}}]`,
      problem: { index: 1, field: "metadata", message: DEPTH },
    },
    {
      name: "metadata holding arrays 5,000 deep",
      body: `{"request_id":"d2",${base},"metadata":{"list":${deepArray}}}`,
      problem: { index: 0, field: "metadata", message: DEPTH },
    },
    {
      name: "NDJSON, line 3",
      body: `{"request_id":"d3",${base}}\n\n{"request_id":"d4",${base},"metadata":${deepObject}}\n`,
      type: "application/x-ndjson",
      problem: { index: 1, line: 3, field: "metadata", message: DEPTH },
    },
    {
      name: "usage 2,600 deep",
      body: `{"request_id":"d5","source":"${SOURCE}","model":"gpt-4o","usage":${deepObject}}`,
      problem: { index: 0, field: "usage", message: DEPTH },
    },
    {
      name: "a content part of messages 5,000 deep",
      body: `{"request_id":"d6","source":"${SOURCE}","model":"gpt-4o","output_tokens":1,` +
        `"messages":[{"role":"user","content":[{"type":"text","text":"hi","extra":${deepArray}}]}]}`,
      problem: { index: 0, field: "messages", message: DEPTH },
    },
    {
      name: "tools 5,000 deep",
      body: `{"request_id":"d7",${base},"tools":${deepArray}}`,
      problem: { index: 0, field: "tools", message: DEPTH },
    },
  ];
  for (const c of cases) {
    const response = await post(c.body, c.type ? { "content-type": c.type } : {});
    assert.equal(response.status, 400, `${c.name}: ${JSON.stringify(response.body)}`);
    assert.deepEqual(response.body.problems, [c.problem], c.name);
  }
  // The whole body nested 100,000 arrays deep (200 KB): one event that is not an object.
  const body = await post(nest(100_000, "[", "]", ""));
  assert.equal(body.status, 400);
  assert.deepEqual(body.body.problems, [{ index: 0, field: "event", message: "must be a JSON object" }]);
  assert.equal(await countEvents(SOURCE), 0);
});

Deno.test("metadata is stored exactly as sent: every key, every number's digits (compared as jsonb)", async () => {
  const sent = [
    '{"__proto__": {"polluted": true}, "a": 1, "constructor": {"prototype": 2}}',
    '{"big": 12345678901234567891, "negative": -98765432109876543210123, "max": 9007199254740993}',
    '{"decimal": 0.12345678901234567890123456789, "trailing": 1.50, "exp": 1e400, "tiny": -2.5e-400}',
    '{"nested": {"list": [18446744073709551616, {"__proto__": [1, 2]}]}, "repeated": 1, "repeated": 2}',
  ];
  const json = `[${sent.map((m, i) => `{"request_id":"m${i}",${base},"metadata":${m}}`).join(",")}]`;
  const ndjson = sent.map((m, i) => `{"request_id":"n${i}",${base},"metadata":${m}}`).join("\n");
  assert.equal((await post(json)).status, 200);
  assert.equal((await post(ndjson, { "content-type": "application/x-ndjson" })).status, 200);
  assert.equal(
    (await post(`{"request_id":"s0",${base},"metadata" :  ${sent[1]} }`)).status,
    200,
  );
  const sql = connect();
  try {
    const rows = await sql<{ request_id: string; same: boolean; stored: string; expected: string }[]>`
      select e.request_id, e.metadata = s.sent::jsonb as same, e.metadata::text as stored,
             s.sent::jsonb::text as expected
      from monitoring.usage_events e
      join (select * from unnest(${["m0", "m1", "m2", "m3", "n0", "n1", "n2", "n3", "s0"]}::text[],
                                 ${[...sent, ...sent, sent[1]]}::text[]) as t(request_id, sent)) s
        using (request_id)
      where e.source = ${SOURCE}
      order by e.request_id`;
    assert.equal(rows.length, 9);
    for (const row of rows) {
      assert.ok(row.same, `${row.request_id}: stored ${row.stored}, sent ${row.expected}`);
      assert.equal(row.stored, row.expected, row.request_id);
    }
    // Spelled out for one of them: the digits past 2^53 and the __proto__ key are there.
    const [m1] = await sql<{ big: string; max: string }[]>`
      select metadata->>'big' as big, metadata->>'max' as max from monitoring.usage_events
      where source = ${SOURCE} and request_id = 'm1'`;
    assert.deepEqual(m1, { big: "12345678901234567891", max: "9007199254740993" });
    const [m0] = await sql<{ proto: string }[]>`
      select metadata->'__proto__'->>'polluted' as proto from monitoring.usage_events
      where source = ${SOURCE} and request_id = 'm0'`;
    assert.equal(m0.proto, "true");
  } finally {
    await sql.end();
  }
});

const gzip = async (bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(
    await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );

const GZIP_SOURCE = `${SOURCE}-gz`;

Deno.test("a gzip batch is stored: whole (Content-Length) and streamed through CompressionStream", async () => {
  const events = (prefix: string) =>
    Array.from({ length: 50 }, (_, i) => ({
      request_id: `${prefix}${i}`,
      source: GZIP_SOURCE,
      model: "gpt-4o-mini",
      input_tokens: 100 + i,
      output_tokens: 10,
    }));
  const whole = await post(await gzip(new TextEncoder().encode(JSON.stringify(events("w")))), {
    "content-encoding": "gzip",
  });
  assert.equal(whole.status, 200, JSON.stringify(whole.body));
  assert.deepEqual(whole.body, { events: 50, inserted: 50, duplicates: 0 });

  const ndjson = events("s").map((e) => JSON.stringify(e)).join("\n");
  const streamed = await post(
    new Blob([ndjson]).stream().pipeThrough(new CompressionStream("gzip")),
    { "content-encoding": "gzip", "content-type": "application/x-ndjson" },
  );
  assert.equal(streamed.status, 200, JSON.stringify(streamed.body));
  assert.deepEqual(streamed.body, { events: 50, inserted: 50, duplicates: 0 });

  // 100 events: input tokens 2 × (100 + … + 149) = 2 × 50 × 249 / 2 = 12,450.
  const sql = connect();
  try {
    const [row] = await sql<{ n: number; input: number }[]>`
      select count(*)::int as n, sum(input_tokens)::int as input from monitoring.usage_events
      where source = ${GZIP_SOURCE}`;
    assert.deepEqual(row, { n: 100, input: 12_450 });
  } finally {
    await sql.end();
  }
});

Deno.test("gzip bombs (10 MB and 100 MB of zeros) are 413 while decompressing; memory stays bounded", async () => {
  const bombSource = `${SOURCE}-bomb`;
  // A valid start, then zeros inside a string: only the decompressed size can tell it is too large.
  // 10 MiB and one byte (one past the cap), and 100 MiB.
  const bomb = async (mb: number) => {
    const bytes = new Uint8Array(mb * 1024 * 1024 + (mb === 10 ? 1 : 0));
    bytes.set(new TextEncoder().encode(`{"request_id":"b","source":"${bombSource}","metadata":{"x":"`));
    return await gzip(bytes);
  };
  for (const mb of [10, 100]) {
    const compressed = await bomb(mb);
    // deflate's best ratio is about 1,032:1: 10 MB → ~10 KB, 100 MB → ~100 KB.
    assert.ok(compressed.length < mb * 1_100, `${mb} MB compressed to ${compressed.length} bytes`);
    const response = await post(compressed, { "content-encoding": "gzip" });
    assert.equal(response.status, 413, JSON.stringify(response.body));
    assert.equal(
      response.body.error,
      "body is more than 10485760 bytes once decompressed; at most 10485760 accepted",
    );
  }
  assert.equal(await countEvents(bombSource), 0);
  const metrics = await (await fetch(`${stackEnv.url}/_internal/metrics`)).json() as Record<
    string,
    { peakRssMb: number }
  >;
  // Inflated whole, the 100 MB bomb alone would take the process past 100 MB more than it ever held;
  // read slice by slice it stays under hosted's 256 MB.
  assert.ok(metrics.ingest.peakRssMb < 256, `ingest peak RSS ${metrics.ingest.peakRssMb} MB`);
});

Deno.test("another Content-Encoding is a 415 naming it; a body that is not gzip is a 400; nothing stored", async () => {
  const body = `{"request_id":"x",${base}}`;
  const br = await post(body, { "content-encoding": "br" });
  assert.equal(br.status, 415);
  assert.equal(
    br.body.error,
    'unsupported Content-Encoding "br"; send the body uncompressed or with Content-Encoding: gzip',
  );
  const notGzip = await post(body, { "content-encoding": "gzip" });
  assert.equal(notGzip.status, 400);
  assert.match(
    JSON.stringify(notGzip.body.problems),
    /Content-Encoding is gzip but the body could not be decompressed/,
  );
  assert.equal(await countEvents(SOURCE), 9, "only the metadata test's nine events");
});
