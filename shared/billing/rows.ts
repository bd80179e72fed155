/**
 * The rows billing-sync stores: monitoring.provider_usage and monitoring.provider_costs, keyed by
 * their column names (monitoring.store_provider_usage / store_provider_costs take them as JSON).
 */

/** One hourly usage bucket x grouping. Token counts follow usage_events: input includes cache reads and writes. */
export interface UsageRow {
  bucket_start: string;
  bucket_end: string;
  model: string | null;
  project_id: string | null;
  service_tier: string | null;
  batch: boolean | null;
  context_window: string | null;
  /** Null when the provider reports no request count (Anthropic). */
  requests: number | null;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  raw: unknown;
}

/** One daily cost bucket x line item, in US dollars as exact decimal text. */
export interface CostRow {
  bucket_start: string;
  bucket_end: string;
  line_item: string | null;
  project_id: string | null;
  model: string | null;
  service_tier: string | null;
  token_type: string | null;
  cost_type: string | null;
  context_window: string | null;
  amount_usd: string;
  currency: string;
  raw: unknown;
}

/** A report read for a window: the rows and the window they replace. */
export interface UsageRead {
  from: Date;
  to: Date;
  rows: UsageRow[];
  pages: number;
}

/** The same for costs; the window is in whole UTC days (`from`/`to` as YYYY-MM-DD). */
export interface CostRead {
  from: string;
  to: string;
  rows: CostRow[];
  pages: number;
}
