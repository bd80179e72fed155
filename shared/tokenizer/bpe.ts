/**
 * Counts byte-pair-encoding tokens exactly as OpenAI's tiktoken (and gpt-tokenizer, which follows it)
 * encodes them, without building the token ids: the text is split by the encoding's pre-tokenizer regex,
 * each piece that is a token of its own counts 1, and any other piece's UTF-8 bytes are merged pair by pair,
 * always the adjacent pair whose merge has the lowest rank (the leftmost of equal ones), until no adjacent
 * pair is a token; the piece counts as many tokens as parts remain.
 *
 * Pieces are handled as "byte strings": one UTF-16 code unit per byte (0-255), so that a piece of ASCII text
 * is its own byte string and any byte sequence (tokens need not be valid UTF-8) has one; ranks are looked up
 * by a range of such a string, so merging allocates no strings.
 *
 * Short pieces are merged the way tiktoken does (a scan for the lowest rank per merge, O(n²)); pieces longer
 * than {@link HEAP_MERGE_FROM} bytes use a binary heap over the same pairs, O(n log n), so that one long
 * run (a megabyte of "aaaa…") cannot take quadratic time. Both pick the same merge at every step.
 */

/** The mergeable tokens of an encoding: the rank of the token whose bytes are `bytes[start..end)`, or -1. */
export interface BpeRanks {
  rank(bytes: string, start: number, end: number): number;
}

/** What a counter needs: the ranks and the pre-tokenizer regex (global, unicode). */
export interface BpeEncoding {
  ranks: BpeRanks;
  splitRegex: RegExp;
}

/** Pieces at least this long (in bytes) are merged with the heap. */
export const HEAP_MERGE_FROM = 64;

/** How many merged pieces the per-counter cache keeps before it starts over. */
export const PIECE_CACHE_SIZE = 50_000;

const NONE = Number.POSITIVE_INFINITY;

const rankOrNone = (ranks: BpeRanks, bytes: string, start: number, end: number): number => {
  const rank = ranks.rank(bytes, start, end);
  return rank < 0 ? NONE : rank;
};

/** The UTF-8 bytes of a string as a byte string; lone surrogates become U+FFFD, as TextEncoder does. */
export function utf8ByteString(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out += text[i];
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x800) out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) {
      out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    } else {
      out += String.fromCharCode(
        0xf0 | (c >> 18),
        0x80 | ((c >> 12) & 63),
        0x80 | ((c >> 6) & 63),
        0x80 | (c & 63),
      );
    }
  }
  return out;
}

// deno-lint-ignore no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** Tokens of one piece (a byte string) by tiktoken's merge loop: rescan for the lowest rank each time. */
export function mergeCountScan(piece: string, ranks: BpeRanks): number {
  if (piece.length < 2) return piece.length;
  // starts[i] is where part i begins; starts[parts] is the end of the piece.
  const starts: number[] = [];
  for (let i = 0; i <= piece.length; i++) starts.push(i);
  const pairRank = (i: number): number =>
    i + 2 < starts.length ? rankOrNone(ranks, piece, starts[i], starts[i + 2]) : NONE;
  const rankAt: number[] = [];
  for (let i = 0; i < starts.length - 1; i++) rankAt.push(pairRank(i));
  while (true) {
    let min = NONE;
    let at = -1;
    for (let i = 0; i < rankAt.length; i++) {
      if (rankAt[i] < min) {
        min = rankAt[i];
        at = i;
      }
    }
    if (at < 0) break;
    starts.splice(at + 1, 1);
    rankAt.splice(at + 1, 1);
    rankAt[at] = pairRank(at);
    if (at > 0) rankAt[at - 1] = pairRank(at - 1);
  }
  return starts.length - 1;
}

/** Heap keys order candidate merges by rank, then start: rank × 2^32 + start (exact below 2^53). */
const START_SPAN = 2 ** 32;

/** Pushes a key onto a binary min-heap held in an array. */
function heapPush(heap: number[], key: number): void {
  let i = heap.length;
  heap.push(key);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= key) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = key;
}

/** Removes and returns the smallest key of a non-empty binary min-heap. */
function heapPop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop()!;
  const size = heap.length;
  if (size === 0) return top;
  let i = 0;
  while (true) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[child + 1] < heap[child]) child++;
    if (heap[child] >= last) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = last;
  return top;
}

/**
 * Tokens of one piece (a byte string) with a heap of candidate merges: the same merges as
 * {@link mergeCountScan} in the same order (lowest rank first, then leftmost), in O(n log n).
 */
export function mergeCountHeap(piece: string, ranks: BpeRanks): number {
  const n = piece.length;
  if (n < 2) return n;
  // Parts are linked by their start offsets: next[i] is where the part starting at i ends, prev[i] where
  // the part before it starts; pairRank[i] is the rank of merging part i with the next one (-1: none).
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  const pairRank = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const heap: number[] = [];
  const consider = (start: number): void => {
    const middle = next[start];
    const rank = middle < n ? ranks.rank(piece, start, next[middle]) : -1;
    pairRank[start] = rank;
    if (rank >= 0) heapPush(heap, rank * START_SPAN + start);
  };
  for (let i = 0; i < n - 1; i++) consider(i);
  let parts = n;
  while (heap.length > 0) {
    const key = heapPop(heap);
    const start = key % START_SPAN;
    // Stale when the pair at `start` changed since (ranks are unique, so an equal rank is the same pair),
    // or when `start` was merged into the part before it (its pairRank is then reset to -1).
    if (pairRank[start] !== (key - start) / START_SPAN) continue;
    const middle = next[start];
    const end = next[middle];
    pairRank[middle] = -1;
    next[start] = end;
    if (end < n) prev[end] = start;
    parts--;
    consider(start);
    if (prev[start] >= 0) consider(prev[start]);
  }
  return parts;
}

/** A token counter for one encoding: `count(text)` is the number of tokens tiktoken would encode it to. */
export interface BpeCounter {
  count(text: string): number;
}

/**
 * Builds a counter. Special-token strings (`<|endoftext|>`) get no special treatment: they count as the
 * ordinary text they are, as tiktoken's `encode_ordinary` and gpt-tokenizer with no special tokens allowed
 * (and none disallowed) count them.
 */
export function createBpeCounter(encoding: BpeEncoding): BpeCounter {
  const { ranks, splitRegex } = encoding;
  const cache = new Map<string, number>();
  const piece = (text: string): number => {
    const bytes = ASCII.test(text) ? text : utf8ByteString(text);
    if (ranks.rank(bytes, 0, bytes.length) >= 0) return 1;
    const cached = cache.get(bytes);
    if (cached !== undefined) return cached;
    const tokens = bytes.length < HEAP_MERGE_FROM
      ? mergeCountScan(bytes, ranks)
      : mergeCountHeap(bytes, ranks);
    if (cache.size >= PIECE_CACHE_SIZE) cache.clear();
    cache.set(bytes, tokens);
    return tokens;
  };
  return {
    count(text: string): number {
      let tokens = 0;
      for (const [match] of text.matchAll(splitRegex)) tokens += piece(match);
      return tokens;
    },
  };
}
