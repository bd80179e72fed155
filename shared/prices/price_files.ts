/**
 * Reads the two community-kept price files into price quotes shaped like `monitoring.model_prices` rows
 * (USD per 1M tokens, one quote per model × service tier × long-context threshold × start date):
 *
 * - LiteLLM's `model_prices_and_context_window.json` (BerriAI/litellm, MIT): an object keyed by model, USD
 *   per token; `*_batches`, `*_flex`, `*_priority` give the tiers, `*_above_<N>k_tokens` the long-context
 *   rates (above N thousand input tokens), `cache_creation_input_token_cost_above_1hr` the one-hour cache
 *   write. Entries of other providers than OpenAI, Anthropic and Google (Gemini API), and entries that are
 *   not chat models, are skipped.
 * - pydantic's genai-prices `prices/data.json` (MIT): an array of providers with models whose `prices` are
 *   one price set or a list of sets with a `constraint.start_date`; each price is a number or
 *   `{base, tiers: [{start, price}]}` (the tier's price applies to the whole request when the input tokens
 *   exceed `start`, genai-prices' own rule). Sets with other constraints are skipped.
 *
 * A quote says only what its file states: a rate the file does not give is absent, never 0.
 */
import { z } from "../deps/zod.ts";

/** The rates of one price row, USD per 1M tokens. */
export interface QuotedRates {
  input_per_mtok: number;
  output_per_mtok: number;
  cache_read_per_mtok?: number;
  cache_write_per_mtok?: number;
  cache_write_1h_per_mtok?: number;
}

/** One price as a file states it. */
export interface PriceQuote {
  provider: string;
  model: string;
  service_tier: string;
  /** null: any prompt size; N: requests with more than N input tokens. */
  input_tokens_above: number | null;
  /** First day the price applies (YYYY-MM-DD), when the file says; else null. */
  effective_from: string | null;
  /** For an undated set followed by dated ones: the first dated set's start (the undated one ends then). */
  effective_until: string | null;
  rates: QuotedRates;
}

/** What a file held: its quotes, and how many entries were skipped and why. */
export interface ParsedPriceFile {
  format: "litellm" | "genai-prices";
  quotes: PriceQuote[];
  skipped: { entry: string; reason: string }[];
}

/** The providers whose prices are imported, by each file's provider name. */
const LITELLM_PROVIDERS: Record<string, string> = {
  openai: "openai",
  anthropic: "anthropic",
  gemini: "google",
};
const GENAI_PROVIDERS: Record<string, string> = {
  openai: "openai",
  anthropic: "anthropic",
  google: "google",
};

/** USD per token to USD per 1M tokens, without binary noise (3e-06 -> 3, 1.875e-05 -> 18.75). */
export function perMillion(perToken: number): number {
  return Number((perToken * 1_000_000).toPrecision(12));
}

const Num = z.number().finite().nonnegative();

const LiteLLMEntry = z.record(z.unknown());

/** Parses LiteLLM's model_prices_and_context_window.json. */
export function parseLiteLLM(json: unknown): ParsedPriceFile {
  const file = z.record(LiteLLMEntry).parse(json);
  const quotes: PriceQuote[] = [];
  const skipped: ParsedPriceFile["skipped"] = [];
  for (const [key, entry] of Object.entries(file)) {
    if (key === "sample_spec") continue;
    const provider = LITELLM_PROVIDERS[String(entry.litellm_provider)];
    if (!provider) {
      skipped.push({ entry: key, reason: `provider ${String(entry.litellm_provider)} not imported` });
      continue;
    }
    if (entry.mode !== "chat") {
      skipped.push({ entry: key, reason: `mode ${String(entry.mode)} is not chat` });
      continue;
    }
    const rate = (field: string): number | undefined => {
      const parsed = Num.safeParse(entry[field]);
      return parsed.success ? perMillion(parsed.data) : undefined;
    };
    const model = key.startsWith(`${entry.litellm_provider}/`)
      ? key.slice(String(entry.litellm_provider).length + 1)
      : key;
    const quote = (
      service_tier: string,
      input_tokens_above: number | null,
      fields: Record<keyof QuotedRates, string>,
    ): void => {
      const input = rate(fields.input_per_mtok);
      const output = rate(fields.output_per_mtok);
      if (input === undefined || output === undefined) return;
      const rates: QuotedRates = { input_per_mtok: input, output_per_mtok: output };
      for (
        const name of ["cache_read_per_mtok", "cache_write_per_mtok", "cache_write_1h_per_mtok"] as const
      ) {
        const value = rate(fields[name]);
        if (value !== undefined) rates[name] = value;
      }
      quotes.push({
        provider,
        model,
        service_tier,
        input_tokens_above,
        effective_from: null,
        effective_until: null,
        rates,
      });
    };
    const before = quotes.length;
    quote("default", null, {
      input_per_mtok: "input_cost_per_token",
      output_per_mtok: "output_cost_per_token",
      cache_read_per_mtok: "cache_read_input_token_cost",
      cache_write_per_mtok: "cache_creation_input_token_cost",
      cache_write_1h_per_mtok: "cache_creation_input_token_cost_above_1hr",
    });
    if (quotes.length === before) {
      skipped.push({ entry: key, reason: "no input_cost_per_token / output_cost_per_token" });
      continue;
    }
    for (
      const [tier, suffix] of [["batch", "batches"], ["flex", "flex"], ["priority", "priority"]] as const
    ) {
      quote(tier, null, {
        input_per_mtok: `input_cost_per_token_${suffix}`,
        output_per_mtok: `output_cost_per_token_${suffix}`,
        cache_read_per_mtok: `cache_read_input_token_cost_${suffix}`,
        cache_write_per_mtok: `cache_creation_input_token_cost_${suffix}`,
        cache_write_1h_per_mtok: `cache_creation_input_token_cost_above_1hr_${suffix}`,
      });
    }
    const thresholds = new Set(
      Object.keys(entry).map((f) => /^input_cost_per_token_above_(\d+)k_tokens$/.exec(f)?.[1]).filter(
        (t): t is string => t !== undefined,
      ),
    );
    for (const k of [...thresholds].sort((a, b) => Number(a) - Number(b))) {
      quote("default", Number(k) * 1000, {
        input_per_mtok: `input_cost_per_token_above_${k}k_tokens`,
        output_per_mtok: `output_cost_per_token_above_${k}k_tokens`,
        cache_read_per_mtok: `cache_read_input_token_cost_above_${k}k_tokens`,
        cache_write_per_mtok: `cache_creation_input_token_cost_above_${k}k_tokens`,
        cache_write_1h_per_mtok: `cache_creation_input_token_cost_above_1hr_above_${k}k_tokens`,
      });
    }
  }
  return { format: "litellm", quotes, skipped };
}

const TieredPrice = z.union([
  Num,
  z.object({ base: Num, tiers: z.array(z.object({ start: z.number().int().nonnegative(), price: Num })) }),
]);
const PriceSet = z.record(z.unknown());
const GenaiModel = z.object({
  id: z.string(),
  prices: z.union([
    PriceSet,
    z.array(z.object({ constraint: z.record(z.unknown()).optional(), prices: PriceSet })),
  ]),
}).passthrough();
const GenaiFile = z.array(z.object({ id: z.string(), models: z.array(GenaiModel) }).passthrough());

const GENAI_FIELDS: Record<keyof QuotedRates, string> = {
  input_per_mtok: "input_mtok",
  output_per_mtok: "output_mtok",
  cache_read_per_mtok: "cache_read_mtok",
  cache_write_per_mtok: "cache_write_mtok",
  cache_write_1h_per_mtok: "cache_write_1h_mtok",
};

/** Parses pydantic genai-prices' prices/data.json. */
export function parseGenaiPrices(json: unknown): ParsedPriceFile {
  const file = GenaiFile.parse(json);
  const quotes: PriceQuote[] = [];
  const skipped: ParsedPriceFile["skipped"] = [];
  for (const providerEntry of file) {
    const provider = GENAI_PROVIDERS[providerEntry.id];
    if (!provider) {
      skipped.push({ entry: providerEntry.id, reason: `provider ${providerEntry.id} not imported` });
      continue;
    }
    for (const model of providerEntry.models) {
      const sets = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }];
      const dated = sets.map((s) => ({
        start: typeof s.constraint?.start_date === "string" ? s.constraint.start_date : null,
        other: Object.keys(s.constraint ?? {}).filter((k) => k !== "start_date"),
        prices: s.prices,
      }));
      const firstStart = dated.map((s) => s.start).filter((s): s is string => s !== null).sort()[0] ?? null;
      for (const set of dated) {
        const label = `${providerEntry.id}/${model.id}${set.start ? `@${set.start}` : ""}`;
        if (set.other.length > 0) {
          skipped.push({ entry: label, reason: `constraint ${set.other.join(", ")} not supported` });
          continue;
        }
        const fields = new Map<keyof QuotedRates, z.infer<typeof TieredPrice>>();
        for (const [name, key] of Object.entries(GENAI_FIELDS) as [keyof QuotedRates, string][]) {
          const parsed = TieredPrice.safeParse(set.prices[key]);
          if (parsed.success) fields.set(name, parsed.data);
        }
        if (!fields.has("input_per_mtok") || !fields.has("output_per_mtok")) {
          skipped.push({ entry: label, reason: "no input_mtok / output_mtok" });
          continue;
        }
        const starts = new Set<number>();
        for (const price of fields.values()) {
          if (typeof price !== "number") { for (const t of price.tiers) starts.add(t.start); }
        }
        for (const threshold of [null, ...[...starts].sort((a, b) => a - b)]) {
          const at = (price: z.infer<typeof TieredPrice>): number => {
            if (typeof price === "number") return price;
            const passed = price.tiers.filter((t) => threshold !== null && threshold >= t.start);
            return passed.length === 0 ? price.base : passed.sort((a, b) => b.start - a.start)[0].price;
          };
          const rates = {} as QuotedRates;
          for (const [name, price] of fields) rates[name] = at(price);
          quotes.push({
            provider,
            model: model.id,
            service_tier: "default",
            input_tokens_above: threshold,
            effective_from: set.start,
            effective_until: set.start === null ? firstStart : null,
            rates,
          });
        }
      }
    }
  }
  return { format: "genai-prices", quotes, skipped };
}

/** Parses either file, told apart by its shape (genai-prices is an array of providers). */
export function parsePriceFile(json: unknown): ParsedPriceFile {
  return Array.isArray(json) ? parseGenaiPrices(json) : parseLiteLLM(json);
}
