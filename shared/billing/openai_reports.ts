/**
 * OpenAI's organization usage and costs APIs (Admin API key, `Authorization: Bearer`), read into
 * provider_usage / provider_costs rows. Shapes as documented in OpenAI's API reference ("Usage",
 * "Costs"; the openai-openapi spec's UsageCompletionsResult and CostsResult):
 *
 *     GET /v1/organization/usage/completions?start_time=<unix>&end_time=<unix>&bucket_width=1h
 *         &group_by=model&group_by=project_id&group_by=service_tier&group_by=batch&limit=168[&page=…]
 *     → {"object":"page","data":[{"object":"bucket","start_time":…,"end_time":…,"results":[
 *         {"object":"organization.usage.completions.result","input_tokens":…,"input_cached_tokens":…,
 *          "output_tokens":…,"num_model_requests":…,"project_id":…,"model":…,"batch":…,
 *          "service_tier":…, …}]}],"has_more":…,"next_page":…}
 *
 *     GET /v1/organization/costs?start_time=<unix>&end_time=<unix>&bucket_width=1d
 *         &group_by=line_item&group_by=project_id&limit=180[&page=…]
 *     → {"object":"page","data":[{"object":"bucket","start_time":…,"end_time":…,"results":[
 *         {"object":"organization.costs.result","amount":{"value":0.06,"currency":"usd"},
 *          "line_item":…,"project_id":…}]}],"has_more":…,"next_page":…}
 *
 * `input_tokens` already includes `input_cached_tokens` (OpenAI's usual convention), which is
 * the convention provider_usage keeps.
 *
 * Uncertain and therefore accepted both ways (tests cover both):
 * - `amount.value` is typed a number in the spec, but exports of the API show long decimal
 *   strings ("0.8958740000000000"): a number or a decimal string is accepted, kept exact.
 * - array parameters: the reference lists `group_by` / `project_ids` as arrays without saying how
 *   they are encoded; OpenAI's own cookbook sends them repeated (`group_by=model&group_by=batch`),
 *   which is what is sent here.
 * - line items: the API documents only "the line item"; observed values are "<model>, <kind>"
 *   (e.g. "gpt-4o-2024-08-06, input"). The part before ", " becomes the model when it reads as a
 *   model id; otherwise the cost has no model (counted for the provider and day only).
 */
import { z } from "../deps/zod.ts";
import { decimalText } from "./decimal.ts";
import { getAllPages, type HttpDeps } from "./provider_http.ts";
import type { CostRead, CostRow, UsageRead, UsageRow } from "./rows.ts";
import { addDays, unixSeconds } from "./windows.ts";

const count = z.number().int().nonnegative();
const nullableText = z.string().nullable().optional().transform((v) => v ?? null);

const UsageResult = z.object({
  input_tokens: count.default(0),
  input_cached_tokens: count.nullable().optional(),
  output_tokens: count.default(0),
  num_model_requests: count.nullable().optional(),
  project_id: nullableText,
  model: nullableText,
  service_tier: nullableText,
  batch: z.boolean().nullable().optional(),
}).passthrough();

const Bucket = <R extends z.ZodTypeAny>(result: R) =>
  z.object({ start_time: z.number().int(), end_time: z.number().int(), results: z.array(result) });

export const OpenAIUsagePage = z.object({
  data: z.array(Bucket(UsageResult)),
  has_more: z.boolean(),
  next_page: z.string().nullable().optional(),
});

const CostResult = z.object({
  amount: z.object({
    value: z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, "must be a decimal number")]),
    currency: z.string().default("usd"),
  }),
  line_item: nullableText,
  project_id: nullableText,
}).passthrough();

export const OpenAICostsPage = z.object({
  data: z.array(Bucket(CostResult)),
  has_more: z.boolean(),
  next_page: z.string().nullable().optional(),
});

/** The model a cost line item names ("gpt-4o-2024-08-06, input" → "gpt-4o-2024-08-06"), or null. */
export function modelOfLineItem(lineItem: string | null): string | null {
  if (lineItem === null) return null;
  const head = lineItem.split(",")[0].trim();
  return /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/.test(head) && /\d|-/.test(head) ? head.toLowerCase() : null;
}

const iso = (unix: number): string => new Date(unix * 1000).toISOString();

/** What a read of one source needs. */
export interface ReadTarget {
  baseUrl: string;
  apiKey: string;
  projectId: string | null;
}

function headers(target: ReadTarget): Record<string, string> {
  return { authorization: `Bearer ${target.apiKey}` };
}

/** Hourly completions usage for [from, to) (whole hours). */
export async function readOpenAIUsage(
  target: ReadTarget,
  from: Date,
  to: Date,
  deps: HttpDeps,
): Promise<UsageRead> {
  const url = new URL(`${target.baseUrl}/v1/organization/usage/completions`);
  url.searchParams.set("start_time", String(unixSeconds(from)));
  url.searchParams.set("end_time", String(unixSeconds(to)));
  url.searchParams.set("bucket_width", "1h");
  for (const g of ["model", "project_id", "service_tier", "batch"]) url.searchParams.append("group_by", g);
  if (target.projectId) url.searchParams.append("project_ids", target.projectId);
  url.searchParams.set("limit", "168");
  const { buckets, pages } = await getAllPages(url, headers(target), OpenAIUsagePage, deps);
  const rows: UsageRow[] = buckets.flatMap((b) =>
    b.results.map((r) => ({
      bucket_start: iso(b.start_time),
      bucket_end: iso(b.end_time),
      model: r.model,
      project_id: r.project_id,
      service_tier: r.service_tier,
      batch: r.batch ?? null,
      context_window: null,
      requests: r.num_model_requests ?? null,
      input_tokens: r.input_tokens,
      cache_read_tokens: r.input_cached_tokens ?? 0,
      cache_write_tokens: 0,
      cache_write_1h_tokens: 0,
      output_tokens: r.output_tokens,
      raw: r,
    }))
  );
  return { from, to, rows, pages };
}

/** Daily costs for UTC days [fromDay, toDay). */
export async function readOpenAICosts(
  target: ReadTarget,
  fromDay: string,
  toDay: string,
  deps: HttpDeps,
): Promise<CostRead> {
  const url = new URL(`${target.baseUrl}/v1/organization/costs`);
  url.searchParams.set("start_time", String(unixSeconds(new Date(`${fromDay}T00:00:00Z`))));
  url.searchParams.set("end_time", String(unixSeconds(new Date(`${toDay}T00:00:00Z`))));
  url.searchParams.set("bucket_width", "1d");
  for (const g of ["line_item", "project_id"]) url.searchParams.append("group_by", g);
  if (target.projectId) url.searchParams.append("project_ids", target.projectId);
  url.searchParams.set("limit", String(Math.min(180, Math.max(1, dayCount(fromDay, toDay)))));
  const { buckets, pages } = await getAllPages(url, headers(target), OpenAICostsPage, deps);
  const rows: CostRow[] = buckets.flatMap((b) =>
    b.results.map((r) => ({
      bucket_start: iso(b.start_time),
      bucket_end: iso(b.end_time),
      line_item: r.line_item,
      project_id: r.project_id,
      model: modelOfLineItem(r.line_item),
      service_tier: null,
      token_type: null,
      cost_type: null,
      context_window: null,
      amount_usd: decimalText(r.amount.value),
      currency: r.amount.currency.toLowerCase(),
      raw: r,
    }))
  );
  return { from: fromDay, to: toDay, rows, pages };
}

function dayCount(fromDay: string, toDay: string): number {
  let n = 0;
  for (let d = fromDay; d < toDay && n < 1000; d = addDays(d, 1)) n++;
  return n;
}
