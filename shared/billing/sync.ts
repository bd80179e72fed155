/**
 * One billing sync: for each billing source (every enabled one, or the one asked for), read the
 * provider's usage and cost reports for the windows not yet final (windows.ts) and store each
 * read whole (monitoring.store_provider_usage / store_provider_costs replace the window, so a
 * re-read changes nothing and a corrected bucket replaces the old one). The admin key is read
 * from Vault by the source's secret_name at the moment of use and never leaves this module.
 *
 * Failures stay with their source: a 401 (or any provider error) is recorded in last_error and
 * disables nothing; a rate limit or 5xx that outlasts the back-off (provider_http.ts) is recorded
 * the same way and, since last_synced_at does not advance, the next hourly run re-reads the gap.
 * A read that failed half way stores nothing; a source whose usage was stored but whose costs
 * failed keeps the usage (each read is whole on its own).
 */
import type { Sql } from "../deps/postgres.ts";
import { HttpError } from "../http/errors.ts";
import { readAnthropicCosts, readAnthropicUsage } from "./anthropic_reports.ts";
import { readOpenAICosts, readOpenAIUsage, type ReadTarget } from "./openai_reports.ts";
import { defaultHttpDeps, type HttpDeps, ProviderError } from "./provider_http.ts";
import type { CostRead, UsageRead } from "./rows.ts";
import { syncWindows } from "./windows.ts";

/** What monitoring.store_provider_* return. */
export interface StoreCounts {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

/** How one report of one source went. */
export interface ReportResult extends StoreCounts {
  from: string;
  to: string;
  pages: number;
  rows: number;
}

/** How one source went. */
export interface SourceResult {
  source: string;
  provider: "openai" | "anthropic";
  status: "ok" | "error";
  usage: ReportResult | null;
  costs: ReportResult | null;
  error: string | null;
  /** For an error: whether trying again later may work (rate limits, 5xx, network). */
  retryable: boolean | null;
}

/** The answer of a sync. */
export interface SyncResult {
  synced_at: string;
  sources: SourceResult[];
}

/** Options for {@link syncBilling}. */
export interface SyncOptions {
  /** Only this source (enabled or not); every enabled source by default. */
  source?: string | null;
  /** Re-read from this UTC day (YYYY-MM-DD) instead of the finality window. */
  from?: string | null;
  /** The clock (default: now). */
  now?: Date;
  /** HTTP, sleep and retry policy (default: the real ones). */
  http?: HttpDeps;
}

interface SourceRow {
  name: string;
  provider: "openai" | "anthropic";
  base_url: string;
  secret_name: string;
  project_id: string | null;
  last_synced_at: Date | null;
  api_key: string | null;
}

const READERS = {
  openai: { usage: readOpenAIUsage, costs: readOpenAICosts },
  anthropic: { usage: readAnthropicUsage, costs: readAnthropicCosts },
} as const;

async function storeUsage(sql: Sql, source: string, read: UsageRead): Promise<ReportResult> {
  const [{ counts }] = await sql<{ counts: StoreCounts }[]>`
    select monitoring.store_provider_usage(${source}, ${read.from.toISOString()}::timestamptz,
      ${read.to.toISOString()}::timestamptz, ${JSON.stringify(read.rows)}::text::jsonb) as counts`;
  return {
    from: read.from.toISOString(),
    to: read.to.toISOString(),
    pages: read.pages,
    rows: read.rows.length,
    ...counts,
  };
}

async function storeCosts(sql: Sql, source: string, read: CostRead): Promise<ReportResult> {
  const [{ counts }] = await sql<{ counts: StoreCounts }[]>`
    select monitoring.store_provider_costs(${source}, ${read.from}::date, ${read.to}::date,
      ${JSON.stringify(read.rows)}::text::jsonb) as counts`;
  return { from: read.from, to: read.to, pages: read.pages, rows: read.rows.length, ...counts };
}

async function syncSource(
  sql: Sql,
  s: SourceRow,
  opts: Required<Pick<SyncOptions, "now" | "http">> & {
    from: string | null;
  },
): Promise<SourceResult> {
  const result: SourceResult = {
    source: s.name,
    provider: s.provider,
    status: "ok",
    usage: null,
    costs: null,
    error: null,
    retryable: null,
  };
  try {
    if (s.api_key === null || s.api_key === "") {
      throw new ProviderError(
        null,
        `Vault secret "${s.secret_name}" not found (select vault.create_secret('<admin key>', '${s.secret_name}'))`,
        false,
      );
    }
    const target: ReadTarget = { baseUrl: s.base_url, apiKey: s.api_key, projectId: s.project_id };
    const w = syncWindows(opts.now, s.last_synced_at, opts.from);
    const readers = READERS[s.provider];
    result.usage = await storeUsage(
      sql,
      s.name,
      await readers.usage(target, w.usageFrom, w.usageTo, opts.http),
    );
    result.costs = await storeCosts(
      sql,
      s.name,
      await readers.costs(target, w.costFrom, w.costTo, opts.http),
    );
    await sql`
      update monitoring.billing_sources
         set last_synced_at = ${opts.now.toISOString()}::timestamptz, last_attempt_at = ${opts.now.toISOString()}::timestamptz,
             last_error = null
       where name = ${s.name}`;
  } catch (error) {
    // a provider's answer that cannot be stored (a bucket outside the window asked for, a bad
    // number) is this source's problem too: recorded on it, the other sources still sync
    if (!(error instanceof ProviderError)) console.error(`billing-sync ${s.name}:`, error);
    result.status = "error";
    result.error = error instanceof ProviderError
      ? error.message
      : `storing the reports failed: ${error instanceof Error ? error.message : String(error)}`;
    result.retryable = error instanceof ProviderError ? error.retryable : null;
    await sql`
      update monitoring.billing_sources
         set last_attempt_at = ${opts.now.toISOString()}::timestamptz, last_error = ${result.error}
       where name = ${s.name}`;
  }
  return result;
}

/** Syncs the sources (see the module comment). An unknown `source` is a 404. */
export async function syncBilling(sql: Sql, opts: SyncOptions = {}): Promise<SyncResult> {
  const now = opts.now ?? new Date();
  const http = opts.http ?? defaultHttpDeps;
  const only = opts.source ?? null;
  const sources = await sql<SourceRow[]>`
    select s.name, s.provider, s.base_url, s.secret_name, s.project_id, s.last_synced_at,
           (select v.decrypted_secret from vault.decrypted_secrets v where v.name = s.secret_name limit 1) as api_key
      from monitoring.billing_sources s
     where case when ${only}::text is null then s.enabled else s.name = ${only}::text end
     order by s.name`;
  if (only !== null && sources.length === 0) {
    throw new HttpError(404, `No billing source named ${JSON.stringify(only)}`, [{
      field: "source",
      message: "no such billing source (monitoring.billing_sources.name)",
    }]);
  }
  const results: SourceResult[] = [];
  for (const s of sources) results.push(await syncSource(sql, s, { now, http, from: opts.from ?? null }));
  return { synced_at: now.toISOString(), sources: results };
}
