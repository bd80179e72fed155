/**
 * `npm run prices:import`'s work: compares price quotes (price_files.ts) with `monitoring.model_prices` and
 * adds the differences as new effective-dated rows.
 *
 * Each quote is compared with the row the database itself would price such a request by
 * (`monitoring.price_for(model, at, tier, input_tokens)`, the one pricing rule), at the quote's start date
 * (an undated quote: now, or the instant before the file's next dated price for that model):
 * - `new`: no row prices it, or only a row for another long-context threshold (a new model, a tier or a
 *   long-context rate the table lacks);
 * - `changed`: the row in force differs in a rate the file states (rates the file does not state are not
 *   compared);
 * - `unchanged`.
 * Applying inserts one row per new or changed quote: an exact-name pattern (LIKE wildcards escaped), the
 * quote's start date (else `effectiveFrom`, by default the start of today, UTC), the file as `source_url`,
 * `custom = false`. Rows in force are never updated: the new row wins by the usual precedence (newer
 * effective_from; same date, the more specific exact name). Importing the same file again finds nothing.
 */
import type { Sql, TransactionSql } from "../deps/postgres.ts";
import type { PriceQuote, QuotedRates } from "./price_files.ts";

/** The row a quote was compared with. */
export interface PriceInForce {
  id: number;
  model_pattern: string;
  effective_from: string;
  input_tokens_above: number | null;
  rates: Required<QuotedRates> | Record<keyof QuotedRates, number | null>;
}

/** One quote, compared. */
export interface PriceDifference {
  status: "new" | "changed" | "unchanged";
  quote: PriceQuote;
  /** When the comparison was made (ISO). */
  at: string;
  inForce: PriceInForce | null;
  /** For `changed`: each stated rate that differs, old -> new. */
  changes: { field: keyof QuotedRates; from: number | null; to: number }[];
}

const RATE_FIELDS: (keyof QuotedRates)[] = [
  "input_per_mtok",
  "cache_read_per_mtok",
  "cache_write_per_mtok",
  "cache_write_1h_per_mtok",
  "output_per_mtok",
];

/** The instant a quote is compared at. */
export function comparisonInstant(quote: PriceQuote, now: Date): Date {
  if (quote.effective_from) return new Date(`${quote.effective_from}T00:00:00Z`);
  if (quote.effective_until) return new Date(Date.parse(`${quote.effective_until}T00:00:00Z`) - 1);
  return now;
}

/** Compares every quote with the row in force for it. */
export async function diffPrices(
  sql: Sql | TransactionSql,
  quotes: PriceQuote[],
  now: Date,
): Promise<PriceDifference[]> {
  const out: PriceDifference[] = [];
  for (const quote of quotes) {
    const at = comparisonInstant(quote, now);
    const input = quote.input_tokens_above === null ? 0 : quote.input_tokens_above + 1;
    const rows = await sql<
      {
        id: string;
        model_pattern: string;
        effective_from: Date;
        input_tokens_above: number | null;
        input_per_mtok: string;
        cache_read_per_mtok: string | null;
        cache_write_per_mtok: string | null;
        cache_write_1h_per_mtok: string | null;
        output_per_mtok: string;
      }[]
    >`select id, model_pattern, effective_from, input_tokens_above, input_per_mtok, cache_read_per_mtok,
             cache_write_per_mtok, cache_write_1h_per_mtok, output_per_mtok
      from monitoring.price_for(${quote.model}, ${at.toISOString()}::timestamptz, ${quote.service_tier}, ${input}::bigint)`;
    const row = rows[0];
    const inForce: PriceInForce | null = row
      ? {
        id: Number(row.id),
        model_pattern: row.model_pattern,
        effective_from: row.effective_from.toISOString(),
        input_tokens_above: row.input_tokens_above,
        rates: Object.fromEntries(
          RATE_FIELDS.map((f) => [f, row[f] === null ? null : Number(row[f])]),
        ) as Record<keyof QuotedRates, number | null>,
      }
      : null;
    if (!inForce || inForce.input_tokens_above !== quote.input_tokens_above) {
      out.push({ status: "new", quote, at: at.toISOString(), inForce, changes: [] });
      continue;
    }
    const changes = RATE_FIELDS.flatMap((field) => {
      const to = quote.rates[field];
      if (to === undefined) return [];
      const from = inForce.rates[field];
      return from !== null && Math.abs(from - to) < 1e-9 ? [] : [{ field, from, to }];
    });
    out.push({
      status: changes.length > 0 ? "changed" : "unchanged",
      quote,
      at: at.toISOString(),
      inForce,
      changes,
    });
  }
  return out;
}

/**
 * Whether applying a difference makes sense: new or changed, and not an undated price the file says
 * ended (a later dated price replaced it) before the date undated prices would start at.
 */
export function isApplicable(d: PriceDifference, effectiveFrom: Date): boolean {
  if (d.status === "unchanged") return false;
  const until = d.quote.effective_until;
  return d.quote.effective_from !== null || until === null ||
    Date.parse(`${until}T00:00:00Z`) > effectiveFrom.getTime();
}

/** `a_b%` -> `a\_b\%`: a LIKE pattern that matches exactly this name. */
export function exactPattern(model: string): string {
  return model.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Where the rows come from: the file's name and digest, for source_url and notes. */
export interface ImportSource {
  fileName: string;
  format: string;
  sha256: string;
}

/** Inserts a new effective-dated row for every new or changed difference; returns the new rows' ids. */
export async function applyPriceDifferences(
  sql: Sql | TransactionSql,
  differences: PriceDifference[],
  source: ImportSource,
  effectiveFrom: Date,
  today: string,
): Promise<number[]> {
  const ids: number[] = [];
  for (const d of differences.filter((d) => isApplicable(d, effectiveFrom))) {
    const q = d.quote;
    const from = q.effective_from ? `${q.effective_from}T00:00:00Z` : effectiveFrom.toISOString();
    const [{ id }] = await sql<{ id: string }[]>`
      insert into monitoring.model_prices
        (provider, model_pattern, service_tier, input_tokens_above, input_per_mtok, cache_read_per_mtok,
         cache_write_per_mtok, cache_write_1h_per_mtok, output_per_mtok, effective_from, custom,
         source_url, source_date, notes)
      values (${q.provider}, ${exactPattern(q.model)}, ${q.service_tier}, ${q.input_tokens_above},
              ${q.rates.input_per_mtok}, ${q.rates.cache_read_per_mtok ?? null}, ${
      q.rates.cache_write_per_mtok ?? null
    },
              ${
      q.rates.cache_write_1h_per_mtok ?? null
    }, ${q.rates.output_per_mtok}, ${from}::timestamptz, false,
              ${`file:${source.fileName}`}, ${today}::date,
              ${`prices:import (${source.format}, sha256 ${
      source.sha256.slice(0, 16)
    }): ${d.status} ${q.provider} ${q.model}${d.inForce ? `, was row ${d.inForce.id}` : ""}`})
      returning id`;
    ids.push(Number(id));
  }
  return ids;
}

const money = (n: number | null) => (n === null ? "-" : String(n));

/**
 * One line per difference that is not `unchanged`, and a summary line; a difference that will not be
 * applied (a price the file says ended before `effectiveFrom`) says so.
 */
export function describeDifferences(differences: PriceDifference[], effectiveFrom: Date): string[] {
  const lines: string[] = [];
  for (const d of differences) {
    if (d.status === "unchanged") continue;
    const q = d.quote;
    const what = `${q.provider} ${q.model} [${q.service_tier}${
      q.input_tokens_above === null ? "" : `, above ${q.input_tokens_above.toLocaleString("en")} input tokens`
    }]${q.effective_from ? ` from ${q.effective_from}` : ""}${
      q.effective_until ? ` until ${q.effective_until}` : ""
    }${isApplicable(d, effectiveFrom) ? "" : " (ended before the import date: not applied)"}`;
    if (d.status === "new") {
      const rates = RATE_FIELDS.filter((f) => q.rates[f] !== undefined).map((f) => `${f} ${q.rates[f]}`).join(
        ", ",
      );
      lines.push(`new      ${what}: ${rates}`);
    } else {
      const changes = d.changes.map((c) => `${c.field} ${money(c.from)} -> ${c.to}`).join(", ");
      lines.push(
        `changed  ${what}: ${changes} (in force: row ${d.inForce!.id} '${d.inForce!.model_pattern}' from ${
          d.inForce!.effective_from.slice(0, 10)
        })`,
      );
    }
  }
  const count = (s: PriceDifference["status"]) => differences.filter((d) => d.status === s).length;
  lines.push(`${count("new")} new, ${count("changed")} changed, ${count("unchanged")} unchanged`);
  return lines;
}
