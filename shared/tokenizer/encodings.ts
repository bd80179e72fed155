/**
 * The two OpenAI encodings Tokenwatch counts with, o200k_base and cl100k_base: their pre-tokenizer regexes
 * and their ranks, shipped as local modules in shared/tokenizer/data/ (packed, see ranks.ts) instead of the
 * gpt-tokenizer npm package, whose folder (27 MB, carried whole) would not fit a function bundle.
 *
 * The regexes are tiktoken's (MIT, Copyright (c) 2022 OpenAI, Shantanu Jain) as gpt-tokenizer 4.0.0 writes
 * them for JavaScript (MIT, Copyright (c) 2023-2024 Bazyli Brzoska; src/encodingParams/constants.ts); the
 * licences are in shared/tokenizer/data/LICENSE. Counts equal gpt-tokenizer's: encodings_test.ts compares
 * them on the reference texts and on a corpus.
 */
import { type BpeCounter, createBpeCounter } from "./bpe.ts";
import { unpackRanks } from "./ranks.ts";

/** The encodings shipped. */
export type EncodingName = "o200k_base" | "cl100k_base";

const CONTRACTION = String.raw`'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE])`;

/** The pre-tokenizer regex of each encoding. */
export const SPLIT_PATTERNS: Readonly<Record<EncodingName, string>> = {
  cl100k_base: String
    .raw`${CONTRACTION}|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s+$|\s*[\r\n]|\s+(?!\S)|\s`,
  o200k_base: String
    .raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:${CONTRACTION})?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:${CONTRACTION})?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
};

/** The packed ranks of an encoding (a literal import each, so bundlers see both). */
async function packedRanks(encoding: EncodingName): Promise<string> {
  const module = encoding === "o200k_base"
    ? await import("./data/o200k_base.js")
    : await import("./data/cl100k_base.js");
  return module.default;
}

/** Unpacks an encoding's ranks and builds its counter (about 0.1 s for o200k_base). */
export async function loadBpeCounter(encoding: EncodingName): Promise<BpeCounter> {
  const ranks = await unpackRanks(await packedRanks(encoding));
  return createBpeCounter({ ranks, splitRegex: new RegExp(SPLIT_PATTERNS[encoding], "gu") });
}
