import assert from "node:assert/strict";
import { createBpeCounter, HEAP_MERGE_FROM, mergeCountHeap, mergeCountScan, utf8ByteString } from "./bpe.ts";
import { RankTable } from "./ranks.ts";

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
/** Ranks in the order given: tokens[i] has rank i. */
const table = (...tokens: string[]): RankTable => RankTable.fromTokens(tokens.map(bytes));

const mergers = [["scan", mergeCountScan], ["heap", mergeCountHeap]] as const;

Deno.test("the lowest-ranked pair merges first", () => {
  // a=0 b=1 c=2 bc=3 ab=4 abc=5. "abc": pairs ab (4) and bc (3); bc merges first, then a+bc = abc (5): 1 token.
  // Merging ab first would leave ab+c, which is abc too: so also "abd" (d=6, no "bd"): bc absent there, ab
  // merges, ab+d is no token: 2 tokens.
  const ranks = table("a", "b", "c", "bc", "ab", "abc", "d");
  for (const [name, merge] of mergers) {
    assert.equal(merge("abc", ranks), 1, name);
    assert.equal(merge("abd", ranks), 2, name);
  }
});

Deno.test("of equal ranks the leftmost pair merges first (tiktoken's strict <)", () => {
  // a=0 b=1 aa=2 aab=3, no "ab". "aaab": pairs aa@0 (2), aa@1 (2), ab@2 (none).
  // Leftmost: aa+a+b, then "aaa" and "ab" are no tokens: 3 tokens. (Rightmost would give a+aab: 2 tokens.)
  const ranks = table("a", "b", "aa", "aab");
  for (const [name, merge] of mergers) assert.equal(merge("aaab", ranks), 3, name);
});

Deno.test("a piece with no mergeable pair counts one token per byte", () => {
  const ranks = table("x", "y", "z");
  for (const [name, merge] of mergers) {
    assert.equal(merge("xyzzy", ranks), 5, name);
    assert.equal(merge("x", ranks), 1, name);
    assert.equal(merge("", ranks), 0, name);
  }
});

Deno.test("scan and heap merge alike on random ranks and pieces", () => {
  let seed = 12345;
  const random = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
  for (let trial = 0; trial < 50; trial++) {
    const alphabet = "abcd";
    const tokens = new Set<string>(alphabet);
    while (tokens.size < 40) {
      const length = 2 + random(4);
      let token = "";
      for (let i = 0; i < length; i++) token += alphabet[random(alphabet.length)];
      tokens.add(token);
    }
    const ranks = table(...tokens);
    for (let p = 0; p < 20; p++) {
      let piece = "";
      for (let i = 0, n = 1 + random(300); i < n; i++) piece += alphabet[random(alphabet.length)];
      assert.equal(mergeCountHeap(piece, ranks), mergeCountScan(piece, ranks), piece);
    }
  }
});

Deno.test("utf8ByteString gives TextEncoder's bytes, lone surrogates as U+FFFD", () => {
  for (const text of ["plain", "é", "お誕生日", "🎉x", "\ud800", "a\udc00b", "\ud83c", "\u{10ffff}"]) {
    const expected = String.fromCharCode(...new TextEncoder().encode(text));
    assert.equal(utf8ByteString(text), expected, JSON.stringify(text));
  }
});

Deno.test("createBpeCounter: split by the regex, whole-token pieces count 1, others merge", () => {
  // Every byte is a token (so any text can be counted), plus "he", "hel", "hell", "hello" and "é"'s two bytes.
  const all = Array.from({ length: 256 }, (_, b) => String.fromCharCode(b));
  const ranks = table(...all, "he", "hel", "hell", "hello", "\xc3\xa9");
  const counter = createBpeCounter({ ranks, splitRegex: /\S+|\s+/gu });
  // "hello" 1 + " " 1 + "help" (he→hel, +p no token: 2) + " " 1 + "é" (2 bytes merge: 1) = 6.
  assert.equal(counter.count("hello help é"), 6);
  // A piece past HEAP_MERGE_FROM bytes takes the heap path: "hello" × 20 with no spaces is one 100-byte piece;
  // each "hello" merges to 1 and "hellohello" is no token: 20.
  assert.ok("hello".repeat(20).length >= HEAP_MERGE_FROM);
  assert.equal(counter.count("hello".repeat(20)), 20);
  assert.equal(counter.count(""), 0);
});
