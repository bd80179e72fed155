/**
 * What a user does: `npm install <path>/clients/typescript` (and the packed tarball) into a fresh Node ESM
 * project, then `import "@tokenwatch/client"` with plain `node` (no build step, no TypeScript), and
 * type-check a TypeScript file against the installed declarations (moduleResolution NodeNext).
 */
import assert from "node:assert/strict";
import ts from "npm:typescript@5.9.3";

const PACKAGE = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(cmd, {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const out = new TextDecoder().decode(stdout);
  assert.equal(code, 0, `${cmd} ${args.join(" ")} failed:\n${out}\n${new TextDecoder().decode(stderr)}`);
  return out;
}

// A plain Node 20 ESM program: records one event and one wrapped call (an SDK-shaped stand-in), and
// prints what reached its own little ingest server.
const MAIN = `
import http from "node:http";
import { createTokenwatch, withTokenwatch, BudgetExceededError } from "@tokenwatch/client";

const received = [];
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received.push({ path: req.url, key: req.headers["x-tokenwatch-key"], events: JSON.parse(body) });
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ events: 1, inserted: 1, duplicates: 0 }));
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const tw = createTokenwatch({ url: "http://127.0.0.1:" + server.address().port, key: "ingest-key", app: "node-app" });
const sdk = { chat: { completions: { create: async (params) => ({
  id: "chatcmpl-node", object: "chat.completion", model: params.model,
  usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 }, choices: [],
}) } } };
const openai = tw.wrapOpenAI(sdk);
await openai.chat.completions.create(withTokenwatch({ model: "gpt-4o-mini", messages: [] }, { user: "u-node" }));
await tw.shutdown();
server.close();
console.log(JSON.stringify({ received, budgetError: typeof BudgetExceededError, node: process.versions.node }));
`;

const CONSUMER_TS = `
import { createTokenwatch, withTokenwatch, type BudgetRow, type Tokenwatch } from "@tokenwatch/client";
const tw: Tokenwatch = createTokenwatch({ url: "https://p.supabase.co", key: "k", maxBatchSize: 50 });
const params = withTokenwatch({ model: "gpt-4o", messages: [] as { role: string }[] }, { user: "u1", promptVariant: "mcp" });
const model: string = params.model;
const rows: Promise<BudgetRow[]> = tw.checkBudget({ user_id: "u1" });
// @ts-expect-error an unknown scope key is a type error
tw.checkBudget({ user: "u1" });
export { model, rows };
`;

function typeCheck(dir: string): string[] {
  Deno.writeTextFileSync(`${dir}/consumer.ts`, CONSUMER_TS);
  const program = ts.createProgram([`${dir}/consumer.ts`], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    strict: true,
    noEmit: true,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

Deno.test("npm install of the folder and of the packed tarball imports in plain Node ESM, with types", async () => {
  const work = await Deno.makeTempDir({ prefix: "tokenwatch-client-install-" });
  try {
    const packed = JSON.parse(await run("npm", ["pack", "--json", "--pack-destination", work], PACKAGE)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed[0].files.map((f) => f.path).sort();
    assert.ok(files.includes("dist/index.js") && files.includes("dist/index.d.ts"), files.join(", "));
    assert.ok(files.includes("README.md") && files.includes("package.json"));
    assert.ok(files.every((f) => !f.startsWith("src/") && !f.startsWith("test/")), "only what users need");

    for (const spec of [PACKAGE, `${work}/${packed[0].filename}`]) {
      const app = await Deno.makeTempDir({ dir: work, prefix: "app-" });
      Deno.writeTextFileSync(
        `${app}/package.json`,
        JSON.stringify({ name: "app", private: true, type: "module" }),
      );
      await run("npm", ["install", spec, "--no-audit", "--no-fund", "--loglevel=error"], app);
      Deno.writeTextFileSync(`${app}/main.mjs`, MAIN);
      const out = JSON.parse(await run("node", ["main.mjs"], app));
      assert.ok(Number(out.node.split(".")[0]) >= 20);
      assert.equal(out.budgetError, "function");
      assert.equal(out.received.length, 1, spec);
      const [post] = out.received;
      assert.equal(post.path, "/functions/v1/ingest");
      assert.equal(post.key, "ingest-key");
      assert.equal(post.events.length, 1);
      const { occurred_at, latency_ms, ...event } = post.events[0];
      assert.match(occurred_at, /^\d{4}-\d\d-\d\dT/);
      assert.equal(typeof latency_ms, "number");
      assert.deepEqual(event, {
        request_id: "chatcmpl-node",
        provider: "openai",
        model: "gpt-4o-mini",
        status: "ok",
        usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
        user_id: "u-node",
        app: "node-app",
      });
      assert.deepEqual(typeCheck(app), [], `types of ${spec}`);
    }
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
