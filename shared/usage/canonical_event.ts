/**
 * The canonical usage event: one row of `monitoring.usage_events` as the ingest function hands it to the
 * database, snake_case keys equal to the column names (see DESIGN.md). `cost_usd` is absent: the database
 * prices each event itself.
 *
 * Token fields follow the OpenTelemetry GenAI conventions: `input_tokens` counts all input, cache reads and
 * writes included; `output_tokens` counts all output, reasoning included.
 */
import { countProblem, type FieldError } from "./field_checks.ts";

/** Where an event's token counts came from, from most to least trustworthy. */
export type TokenSource = "provider" | "tokenizer" | "heuristic";

/** Whether the request succeeded. */
export type EventStatus = "ok" | "error";

/** Per-tool detail for one request. */
export interface ToolUsage {
  name: string;
  calls: number;
  failures: number;
}

/** The six token counts that a provider's usage object maps onto. */
export interface TokenCounts {
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
}

/** The names of the token count fields, in column order. */
export const TOKEN_FIELDS: readonly (keyof TokenCounts)[] = [
  "input_tokens",
  "cache_read_tokens",
  "cache_write_tokens",
  "cache_write_1h_tokens",
  "output_tokens",
  "reasoning_tokens",
];

/** One LLM request, validated and normalised, ready for `monitoring.usage_events`. */
export interface CanonicalEvent extends TokenCounts {
  request_id: string;
  source: string;
  /** ISO 8601, UTC (`toISOString()` form). */
  occurred_at: string;
  /** Lower-cased; inferred from the model when not sent (see provider_usage.ts `inferProvider`). */
  provider: string;
  model: string;
  system_prompt_tokens: number | null;
  tool_calls: number;
  tool_failures: number;
  tools: ToolUsage[] | null;
  status: EventStatus;
  error_type: string | null;
  latency_ms: number | null;
  conversation_id: string | null;
  user_id: string | null;
  /** Who pays for the request (cost attribution, budgets). */
  customer_id: string | null;
  app: string | null;
  environment: string | null;
  prompt_variant: string | null;
  token_source: TokenSource;
  /**
   * The service tier the provider served the request on, lowercase (`default`, `batch`, `flex`, `priority`,
   * or the provider's own value such as `standard` or `scale`); `default` when nobody said. Priced by the
   * price rows of that tier (see monitoring.price_for); a tier without prices leaves the event unpriced.
   */
  service_tier: string;
  /** Lowercase hex SHA-256 of the system prompt's UTF-8 bytes. */
  system_prompt_hash: string | null;
  metadata: Record<string, unknown>;
}

const SOURCE_RANK: Record<TokenSource, number> = { provider: 0, tokenizer: 1, heuristic: 2 };

/** The least trustworthy of the given token sources (`provider` when none is given). */
export function weakestTokenSource(sources: readonly TokenSource[]): TokenSource {
  return sources.reduce<TokenSource>((a, b) => (SOURCE_RANK[b] > SOURCE_RANK[a] ? b : a), "provider");
}

/**
 * Checks token counts: each within the per-event limit, cache reads plus writes within input, one-hour
 * writes within writes, reasoning within output. A count left undefined is unknown (it failed validation
 * elsewhere): relations whose whole is unknown are skipped, unknown parts count as 0. `fieldOf` names the
 * field a count came from (for example `usage.prompt_tokens_details.cached_tokens`); by default its own name.
 */
export function checkTokenCounts(
  tokens: Partial<TokenCounts>,
  fieldOf: (field: keyof TokenCounts) => string = (field) => field,
): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of TOKEN_FIELDS) {
    const at = fieldOf(field);
    const problem = tokens[field] === undefined ? null : countProblem(tokens[field]);
    if (problem) {
      errors.push({ field: at, message: at === field ? problem : `gives ${field} that ${problem}` });
    }
  }
  const exceeds = (
    parts: (keyof TokenCounts)[],
    whole: keyof TokenCounts,
    blame: keyof TokenCounts,
  ): void => {
    const total = tokens[whole];
    const sum = parts.reduce((n, part) => n + (tokens[part] ?? 0), 0);
    if (total === undefined || sum <= total) return;
    errors.push({
      field: fieldOf(blame),
      message: `${parts.join(" + ")} (${sum}) exceeds ${whole} (${total}), which includes ${
        parts.length > 1 ? "them" : "it"
      }`,
    });
  };
  exceeds(
    ["cache_read_tokens", "cache_write_tokens"],
    "input_tokens",
    tokens.cache_read_tokens ? "cache_read_tokens" : "cache_write_tokens",
  );
  exceeds(["cache_write_1h_tokens"], "cache_write_tokens", "cache_write_1h_tokens");
  exceeds(["reasoning_tokens"], "output_tokens", "reasoning_tokens");
  return errors;
}
