/**
 * Counts tokens for requests whose caller reported none.
 *
 * Order of trust: a count the provider reported always wins (`provider`); otherwise text is counted with a
 * real BPE tokenizer (`tokenizer`): exactly for OpenAI models (o200k_base for gpt-4o, gpt-4.1, gpt-4.5,
 * gpt-5*, o1/o3/o4, chatgpt-4o, gpt-oss; cl100k_base for gpt-4, gpt-4-turbo, gpt-3.5*), and with o200k_base,
 * the closest public tokenizer, for every other model; only when no text but its length is known, or the
 * text does not fit what is left of the request's {@link TokenizeBudget}, tokens are estimated as
 * characters ÷ 4, rounded up (`heuristic`).
 *
 * The budget bounds the CPU one request spends tokenizing (hosted Supabase allows 2 s per request): at most
 * {@link MAX_TOKENIZED_BYTES} bytes of UTF-8 text, about 0.3 s for prose and under 1 s for the worst text
 * measured (a megabyte of one letter, one single BPE piece) on this project's machine. A count is tokenized
 * whole or not at all, so a request never stops half-way through one.
 *
 * The tokenizers load lazily on first use (unpacking an encoding's ranks costs about 0.1 s of CPU), so an
 * ingest request whose events all carry provider usage never pays for them.
 */
import { type EncodingName, loadBpeCounter } from "../tokenizer/encodings.ts";
import type { TokenSource } from "./canonical_event.ts";

export type { EncodingName };

/** Which encoding counts a model's tokens, and whether that count is the model's own (exact). */
export interface EncodingChoice {
  encoding: EncodingName;
  exact: boolean;
}

/** One chat message as counted: text content only. */
export interface ChatMessage {
  role: string;
  content: string;
  name?: string;
}

/** A loaded encoding. Special-token strings in the text (`<|endoftext|>`) count as ordinary text. */
export interface Tokenizer {
  encoding: EncodingName;
  count(text: string): number;
}

/** A token count and where it came from. */
export interface TokenCount {
  tokens: number;
  source: TokenSource;
}

/** What {@link countTokens} may count, in order of trust. */
export interface CountTokensOptions {
  /** The model the text was sent to or produced by; picks the encoding. */
  model: string;
  /** A count the provider reported; wins over everything else when not null/undefined. */
  reported?: number | null;
  /** Chat messages, counted with OpenAI's per-message overhead. */
  messages?: readonly ChatMessage[];
  /** Plain text, added to the messages' count when both are given. */
  text?: string;
  /** A known text length in characters, for the ÷ 4 estimate when there is no text. */
  chars?: number | null;
  /** What the request may still tokenize; this count spends from it. A budget of its own by default. */
  budget?: TokenizeBudget;
}

/** The most bytes of UTF-8 text one request tokenizes (see the module comment). */
export const MAX_TOKENIZED_BYTES = 1_000_000;

/** The text a request may still tokenize, in UTF-8 bytes; counts spend from it. */
export interface TokenizeBudget {
  bytes: number;
}

/** A fresh budget for one request: {@link MAX_TOKENIZED_BYTES} unless told otherwise. */
export function tokenizeBudget(bytes: number = MAX_TOKENIZED_BYTES): TokenizeBudget {
  return { bytes };
}

/** The UTF-8 length of a string in bytes (a lone surrogate counts 3, as U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (
      c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      bytes += 2; // a pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * Spends `bytes` from the budget and answers true, or answers false (and spends nothing) when they do not
 * fit in what is left.
 */
export function spend(budget: TokenizeBudget, bytes: number): boolean {
  if (bytes > budget.bytes) return false;
  budget.bytes -= bytes;
  return true;
}

/**
 * OpenAI's documented chat overhead (cookbook "How to count tokens with tiktoken", num_tokens_from_messages,
 * for gpt-3.5-turbo-0125, gpt-4-0613, gpt-4o-2024-08-06 and gpt-4o-mini): 3 tokens per message, 1 more when
 * it has a name, and 3 that prime the reply (`<|start|>assistant<|message|>`).
 * https://cookbook.openai.com/examples/how_to_count_tokens_with_tiktoken
 */
export const CHAT_OVERHEAD = { perMessage: 3, perName: 1, replyPriming: 3 } as const;

const O200K = /^(?:gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o[134](?:$|-))/;
const CL100K = /^(?:gpt-4(?:$|-)|gpt-3\.5|gpt-35|text-embedding-ada-002|text-embedding-3)/;

/**
 * The encoding for a model name. Provider prefixes (`openai/gpt-4o`, `azure/...`) and the fine-tune prefix
 * (`ft:gpt-4o-mini:org::id`) are ignored; unknown and non-OpenAI models get o200k_base, not exact.
 */
export function encodingForModel(model: string): EncodingChoice {
  const name = model.trim().toLowerCase().replace(/^ft:/, "").split("/").pop() ?? "";
  if (O200K.test(name)) return { encoding: "o200k_base", exact: true };
  if (CL100K.test(name)) return { encoding: "cl100k_base", exact: true };
  return { encoding: "o200k_base", exact: false };
}

const loaded = new Map<EncodingName, Promise<Tokenizer>>();

/**
 * The tokenizer for an encoding, loaded on first use and cached for the life of the process: Tokenwatch's
 * own exact BPE counter (shared/tokenizer/), whose counts equal gpt-tokenizer 4.0.0's.
 */
export function loadTokenizer(encoding: EncodingName): Promise<Tokenizer> {
  let tokenizer = loaded.get(encoding);
  if (!tokenizer) {
    tokenizer = loadBpeCounter(encoding).then((counter) => ({
      encoding,
      count: (text) => counter.count(text),
    }));
    loaded.set(encoding, tokenizer);
  }
  return tokenizer;
}

/** Tokens of chat messages as the model sees them: their text plus {@link CHAT_OVERHEAD}. */
export function countChatTokens(messages: readonly ChatMessage[], tokenizer: Tokenizer): number {
  let tokens = CHAT_OVERHEAD.replyPriming;
  for (const { role, content, name } of messages) {
    tokens += CHAT_OVERHEAD.perMessage + tokenizer.count(role) + tokenizer.count(content);
    if (name !== undefined) tokens += CHAT_OVERHEAD.perName + tokenizer.count(name);
  }
  return tokens;
}

/** The last-resort estimate: characters ÷ 4, rounded up. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/**
 * Counts tokens in order of trust: the reported count, else the messages and/or text (tokenized, or
 * estimated when they do not fit the budget), else the known character count (estimated). Null when there
 * is nothing to count.
 */
export async function countTokens(opts: CountTokensOptions): Promise<TokenCount | null> {
  if (opts.reported !== undefined && opts.reported !== null) {
    return { tokens: opts.reported, source: "provider" };
  }
  const { messages, text } = opts;
  if (messages !== undefined || text !== undefined) {
    const parts = [text ?? "", ...(messages ?? []).flatMap((m) => [m.role, m.content, m.name ?? ""])];
    const bytes = parts.reduce((n, part) => n + utf8Length(part), 0);
    if (!spend(opts.budget ?? tokenizeBudget(), bytes)) {
      return { tokens: estimateTokens(parts.reduce((n, part) => n + part.length, 0)), source: "heuristic" };
    }
    const tokenizer = await loadTokenizer(encodingForModel(opts.model).encoding);
    const tokens = (messages ? countChatTokens(messages, tokenizer) : 0) + (text ? tokenizer.count(text) : 0);
    return { tokens, source: "tokenizer" };
  }
  if (opts.chars !== undefined && opts.chars !== null) {
    return { tokens: estimateTokens(opts.chars), source: "heuristic" };
  }
  return null;
}
