import assert from "node:assert/strict";
import { MAX_TOKEN_BYTES, packRanks, RankTable, unpackRanks } from "./ranks.ts";

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

Deno.test("RankTable: the rank of a byte range, -1 for anything else", () => {
  const ranks = RankTable.fromTokens([bytes("a"), bytes("b"), null, bytes("ab"), bytes("\xff\x00")]);
  assert.equal(ranks.size, 4);
  assert.equal(ranks.ranks, 5);
  assert.equal(ranks.rank("xaby", 1, 3), 3); // "ab"
  assert.equal(ranks.rank("ab", 0, 1), 0);
  assert.equal(ranks.rank("ab", 1, 2), 1);
  assert.equal(ranks.rank("\xff\x00", 0, 2), 4);
  assert.equal(ranks.rank("ba", 0, 2), -1);
  assert.equal(ranks.rank("abc", 0, 3), -1);
  assert.equal(ranks.rank("ab", 1, 1), -1);
  assert.deepEqual(ranks.token(3), bytes("ab"));
  assert.equal(ranks.token(2), null);
});

Deno.test("RankTable refuses the same token twice, and tokens the format cannot hold", () => {
  assert.throws(() => RankTable.fromTokens([bytes("a"), bytes("a")]), /ranks 0 and 1 are the same token/);
  assert.throws(() => RankTable.fromTokens([new Uint8Array(MAX_TOKEN_BYTES + 1)]), /256 bytes/);
  assert.throws(() => RankTable.fromTokens([new Uint8Array(0)]), /0 bytes/);
});

Deno.test("packRanks / unpackRanks round-trip every rank, holes included", async () => {
  const tokens = [bytes("x"), null, bytes("yz"), bytes("\x80\x81\x82")];
  const ranks = await unpackRanks(await packRanks(tokens));
  assert.deepEqual(Array.from({ length: ranks.ranks }, (_, r) => ranks.token(r)), tokens);
});
