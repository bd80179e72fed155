/**
 * What every dialect module (dialect_*.ts) gives: whether a span speaks it, and the span's usage in the
 * ingest event's own fields, so that the usage then goes through the same validation as ingest's.
 */
import type { Attributes, AttributeValue } from "./model.ts";

/** The attribute dialects read, most specific first (a span that carries several is read by the first). */
export type DialectName = "vercel_ai" | "openinference" | "langfuse" | "gen_ai";

/** One span's usage, as fields of an ingest event. */
export interface UsageReading {
  dialect: DialectName;
  /**
   * The token fields of the event: `usage` (a provider usage object, mapped by shared/usage/provider_usage.ts)
   * or the six canonical counts (`input_tokens` including cache reads and writes, ...).
   */
  tokens: Record<string, unknown>;
  /** The model, response model first; undefined when the dialect names none. */
  model?: AttributeValue;
  /** The provider, as the dialect names it; undefined when it does not. */
  provider?: AttributeValue;
  /**
   * True for a span that sums the LLM calls below it (the Vercel AI SDK's `ai.generateText` around its
   * `ai.generateText.doGenerate` steps, an OpenInference CHAIN or AGENT span): never an LLM call of its own.
   */
  aggregate: boolean;
}

/** A dialect: whether a span's attributes speak it, and how its usage reads. */
export interface Dialect {
  name: DialectName;
  /** Whether the span carries this dialect's usage attributes. */
  detects(attributes: Attributes): boolean;
  read(attributes: Attributes): UsageReading;
}
