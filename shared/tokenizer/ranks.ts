/**
 * An encoding's ranks: the packed form shipped in shared/tokenizer/data/ (written by scripts/gen_bpe_ranks.ts)
 * and the lookup table the counter reads.
 *
 * Packed: base64 of the gzip of every token's bytes in rank order, each preceded by its length in one byte
 * (0 marks a rank no token has); about a third of the size of the same ranks written as a JavaScript array,
 * which keeps the `ingest` bundle under hosted Supabase's 5 MB limit.
 *
 * Table: the tokens' bytes side by side and an open-addressing hash table of ranks (FNV-1a over the bytes,
 * linear probing), looked up by a range of a byte string without allocating one. Building it for o200k_base
 * takes a few milliseconds, where a `Map` of 200,000 fresh strings costs about 0.3 s of CPU (hashing them).
 */
import type { BpeRanks } from "./bpe.ts";

/** The longest token the packed format can hold (one length byte). */
export const MAX_TOKEN_BYTES = 255;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Ranks by token bytes (see the module comment). */
export class RankTable implements BpeRanks {
  readonly #bytes: Uint8Array;
  readonly #offset: Int32Array;
  readonly #length: Uint8Array;
  readonly #slots: Int32Array;
  readonly #mask: number;
  /** How many tokens the table holds. */
  readonly size: number;

  /** Builds the table from packed bytes (length byte, then the token's bytes, per rank; see the module comment). */
  constructor(packed: Uint8Array) {
    let ranks = 0;
    let size = 0;
    for (let at = 0; at < packed.length; ranks++) {
      const length = packed[at];
      if (length > 0) size++;
      at += 1 + length;
    }
    this.#bytes = packed;
    this.#offset = new Int32Array(ranks);
    this.#length = new Uint8Array(ranks);
    this.size = size;
    let capacity = 1;
    while (capacity < size * 2) capacity *= 2;
    this.#slots = new Int32Array(capacity);
    this.#mask = capacity - 1;
    let rank = 0;
    for (let at = 0; at < packed.length; rank++) {
      const length = packed[at++];
      this.#offset[rank] = at;
      this.#length[rank] = length;
      if (length > 0) this.#insert(rank);
      at += length;
    }
  }

  /** Builds the table from tokens in rank order (`null` for a rank no token has). */
  static fromTokens(tokens: readonly (Uint8Array | null)[]): RankTable {
    return new RankTable(packTokens(tokens));
  }

  #insert(rank: number): void {
    const offset = this.#offset[rank];
    const length = this.#length[rank];
    let hash = FNV_OFFSET;
    for (let i = offset; i < offset + length; i++) hash = Math.imul(hash ^ this.#bytes[i], FNV_PRIME);
    let slot = (hash >>> 0) & this.#mask;
    while (this.#slots[slot] !== 0) {
      const other = this.#slots[slot] - 1;
      if (this.#same(other, this.#bytes, offset, length)) {
        throw new Error(`ranks ${other} and ${rank} are the same token`);
      }
      slot = (slot + 1) & this.#mask;
    }
    this.#slots[slot] = rank + 1;
  }

  #same(rank: number, bytes: Uint8Array, offset: number, length: number): boolean {
    if (this.#length[rank] !== length) return false;
    const at = this.#offset[rank];
    for (let i = 0; i < length; i++) if (this.#bytes[at + i] !== bytes[offset + i]) return false;
    return true;
  }

  /** The rank of the token whose bytes are the code units `bytes[start..end)`, or -1. */
  rank(bytes: string, start: number, end: number): number {
    const length = end - start;
    if (length > MAX_TOKEN_BYTES || length <= 0) return -1;
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes.charCodeAt(i), FNV_PRIME);
    let slot = (hash >>> 0) & this.#mask;
    while (true) {
      const entry = this.#slots[slot];
      if (entry === 0) return -1;
      const rank = entry - 1;
      if (this.#length[rank] === length) {
        const at = this.#offset[rank];
        let i = 0;
        while (i < length && this.#bytes[at + i] === bytes.charCodeAt(start + i)) i++;
        if (i === length) return rank;
      }
      slot = (slot + 1) & this.#mask;
    }
  }

  /** The bytes of a rank's token, or null when no token has that rank. */
  token(rank: number): Uint8Array | null {
    if (rank < 0 || rank >= this.#length.length || this.#length[rank] === 0) return null;
    return this.#bytes.slice(this.#offset[rank], this.#offset[rank] + this.#length[rank]);
  }

  /** How many ranks there are, holes included. */
  get ranks(): number {
    return this.#length.length;
  }
}

function packTokens(tokens: readonly (Uint8Array | null)[]): Uint8Array {
  const out = new Uint8Array(tokens.reduce((n, t) => n + 1 + (t?.length ?? 0), 0));
  let at = 0;
  for (const [rank, token] of tokens.entries()) {
    if (token !== null && (token.length === 0 || token.length > MAX_TOKEN_BYTES)) {
      throw new Error(`token ${rank} has ${token.length} bytes; 1 to ${MAX_TOKEN_BYTES} can be packed`);
    }
    out[at++] = token?.length ?? 0;
    if (token) {
      out.set(token, at);
      at += token.length;
    }
  }
  return out;
}

async function gzip(bytes: Uint8Array, mode: "compress" | "decompress"): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    mode === "compress" ? new CompressionStream("gzip") : new DecompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Packs tokens given in rank order (`null` for a rank no token has) into the shipped text form. */
export async function packRanks(tokens: readonly (Uint8Array | null)[]): Promise<string> {
  const compressed = await gzip(packTokens(tokens), "compress");
  let binary = "";
  for (let i = 0; i < compressed.length; i += 0x8000) {
    binary += String.fromCharCode(...compressed.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Unpacks the shipped text form into a {@link RankTable}. */
export async function unpackRanks(packed: string): Promise<RankTable> {
  const binary = atob(packed);
  const compressed = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) compressed[i] = binary.charCodeAt(i);
  return new RankTable(await gzip(compressed, "decompress"));
}
