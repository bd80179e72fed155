/**
 * The system prompt's fingerprint: its SHA-256 (to track prompt versions without storing the text) and its
 * token count for a model (to watch for prompt creep against the baselines).
 */
import {
  encodingForModel,
  estimateTokens,
  loadTokenizer,
  spend,
  type TokenCount,
  type TokenizeBudget,
  tokenizeBudget,
  utf8Length,
} from "./token_counter.ts";

/** Lowercase hex SHA-256 of the text's UTF-8 bytes, exactly as given (no trimming or normalising). */
export async function hashSystemPrompt(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The system prompt's tokens for a model, counted as plain text (no message overhead); exact for OpenAI
 * models, o200k_base for others (see token_counter.ts). Spends from the request's budget; a prompt that
 * does not fit it is estimated (characters ÷ 4, `heuristic`).
 */
export async function countSystemPromptTokens(
  text: string,
  model: string,
  budget: TokenizeBudget = tokenizeBudget(),
): Promise<TokenCount> {
  if (!spend(budget, utf8Length(text))) return { tokens: estimateTokens(text.length), source: "heuristic" };
  const tokenizer = await loadTokenizer(encodingForModel(model).encoding);
  return { tokens: tokenizer.count(text), source: "tokenizer" };
}
