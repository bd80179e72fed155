// Exactness against gpt-tokenizer 4.0.0, the tokenizer Tokenwatch counted with before (a test-only import).
import assert from "node:assert/strict";
import cl100kTable from "npm:gpt-tokenizer@4.0.0/bpeRanks/cl100k_base";
import o200kTable from "npm:gpt-tokenizer@4.0.0/bpeRanks/o200k_base";
import { countTokens as gptCl100k } from "npm:gpt-tokenizer@4.0.0/encoding/cl100k_base";
import { countTokens as gptO200k } from "npm:gpt-tokenizer@4.0.0/encoding/o200k_base";
import { tokenBytes } from "../../scripts/gen_bpe_ranks.ts";
import { COOKBOOK_MESSAGES, REFERENCE_STRINGS } from "../../tests/fixtures/usage/tokenizer_references.ts";
import { type EncodingName, loadBpeCounter } from "./encodings.ts";
import o200kPacked from "./data/o200k_base.js";
import cl100kPacked from "./data/cl100k_base.js";
import { unpackRanks } from "./ranks.ts";

const PLAIN = { disallowedSpecial: new Set<string>() };
const ENCODINGS = [
  ["o200k_base", o200kTable, o200kPacked, (text: string) => gptO200k(text, PLAIN)],
  ["cl100k_base", cl100kTable, cl100kPacked, (text: string) => gptCl100k(text, PLAIN)],
] as const;

Deno.test("the shipped ranks are gpt-tokenizer's, rank for rank", async () => {
  for (const [name, table, packed] of ENCODINGS) {
    const expected = tokenBytes(table);
    const ranks = await unpackRanks(packed);
    assert.equal(ranks.ranks, expected.length, name);
    for (const [rank, token] of expected.entries()) {
      const got = ranks.token(rank);
      if (got === null || token === null ? got !== token : got.join() !== token.join()) {
        assert.fail(`${name} rank ${rank}: ${got} ≠ ${token}`);
      }
    }
  }
});

/** Texts that exercise every branch of the pre-tokenizers: prose, code, numbers, scripts, emoji, specials. */
function corpus(): string[] {
  const texts = [
    ...REFERENCE_STRINGS.map(([text]) => text),
    ...COOKBOOK_MESSAGES.map((m) => m.content),
    Deno.readTextFileSync(new URL("../../README.md", import.meta.url)),
    Deno.readTextFileSync(new URL("./bpe.ts", import.meta.url)),
    "hello <|endoftext|> world <|im_start|>user<|im_sep|>",
    "I'M HERE, you're there; they'LL see. We've 1234567 items: 3.14159, 1e10, ０１２.",
    "Ünïcödé naïve café — “quotes” ‘single’ … 中文字符测试，日本語のテキスト。한국어 텍스트 Ελληνικά русский العربية १२३",
    "🎉👩‍👩‍👧‍👦🏳️‍🌈 e\u0301 \u200b\u00a0\t\r\n\r\n   \n\n\nend   ",
    "a".repeat(3000),
    "一".repeat(500),
    "\ud800 lone \udc00 surrogates \ud83d",
    "\x00\x01\x7f control \u0085 chars",
  ];
  let seed = 99;
  const random = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
  for (let i = 0; i < 300; i++) {
    let text = "";
    for (let j = 0, n = random(200); j < n; j++) {
      text += String.fromCodePoint(random(4) > 0 ? 32 + random(95) : random(0x2ffff));
    }
    texts.push(text);
  }
  return texts;
}

Deno.test("counts equal gpt-tokenizer's on the reference texts and a corpus, in both encodings", async () => {
  const texts = corpus();
  for (const [name, , , reference] of ENCODINGS) {
    const counter = await loadBpeCounter(name as EncodingName);
    for (const text of texts) {
      assert.equal(counter.count(text), reference(text), `${name}: ${JSON.stringify(text.slice(0, 60))}`);
    }
  }
});

Deno.test("the published reference counts (tiktoken's tests, the OpenAI cookbook)", async () => {
  const o200k = await loadBpeCounter("o200k_base");
  const cl100k = await loadBpeCounter("cl100k_base");
  for (const [text, o, c] of REFERENCE_STRINGS) {
    assert.equal(o200k.count(text), o, text);
    assert.equal(cl100k.count(text), c, text);
  }
});
