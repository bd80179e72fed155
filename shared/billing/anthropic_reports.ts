/**
 * Anthropic's Admin usage and cost reports (Admin API key in `x-api-key`, `anthropic-version:
 * 2023-06-01`), read into provider_usage / provider_costs rows. Shapes as documented in the
 * Admin API reference ("Get Messages Usage Report", "Get Cost Report"):
 *
 *     GET /v1/organizations/usage_report/messages?starting_at=<RFC 3339>&ending_at=<RFC 3339>
 *         &bucket_width=1h&group_by[]=model&group_by[]=service_tier&group_by[]=context_window
 *         &limit=168[&page=…]
 *     → {"data":[{"starting_at":…,"ending_at":…,"results":[{"uncached_input_tokens":…,
 *         "cache_creation":{"ephemeral_1h_input_tokens":…,"ephemeral_5m_input_tokens":…},
 *         "cache_read_input_tokens":…,"output_tokens":…,"model":…,"service_tier":…,
 *         "context_window":…,"workspace_id":…,"api_key_id":…,"server_tool_use":…}]}],
 *        "has_more":…,"next_page":…}
 *
 *     GET /v1/organizations/cost_report?starting_at=…&ending_at=…&bucket_width=1d
 *         &group_by[]=workspace_id&group_by[]=description&limit=31[&page=…]
 *     → {"data":[{"starting_at":…,"ending_at":…,"results":[{"amount":"123.45","currency":"USD",
 *         "description":…,"cost_type":…,"context_window":…,"model":…,"service_tier":…,
 *         "token_type":…,"workspace_id":…}]}],"has_more":…,"next_page":…}
 *
 * `amount` is "in lowest currency units (e.g. cents) as a decimal string": "123.45" is $1.2345
 * (divided by 100 exactly, decimal.ts). Input tokens in provider_usage are all input: uncached
 * + cache reads + both cache-creation parts (Anthropic's own input counts exclude the cache).
 * The usage report has no request count (requests stay NULL).
 *
 * A source's project_id is a workspace: the usage report is filtered with `workspace_ids[]` (a
 * documented parameter); the cost report documents no such filter, so its rows are grouped by
 * workspace_id and the other workspaces' rows dropped here.
 *
 * Uncertain and therefore accepted both ways (tests cover both): `amount` as a JSON number
 * instead of a string (still cents); `cache_creation` missing or null (no cache writes).
 */
import { z } from "../deps/zod.ts";
import { centsToDollars, decimalText } from "./decimal.ts";
import { getAllPages, type HttpDeps } from "./provider_http.ts";
import type { CostRead, CostRow, UsageRead, UsageRow } from "./rows.ts";
import type { ReadTarget } from "./openai_reports.ts";

/** The API version header every Admin API call sends. */
export const ANTHROPIC_VERSION = "2023-06-01";

const count = z.number().int().nonnegative();
const nullableText = z.string().nullable().optional().transform((v) => v ?? null);

const UsageResult = z.object({
  uncached_input_tokens: count.default(0),
  cache_read_input_tokens: count.default(0),
  cache_creation: z.object({
    ephemeral_5m_input_tokens: count.default(0),
    ephemeral_1h_input_tokens: count.default(0),
  }).nullable().optional(),
  output_tokens: count.default(0),
  model: nullableText,
  service_tier: nullableText,
  context_window: nullableText,
  workspace_id: nullableText,
}).passthrough();

const Bucket = <R extends z.ZodTypeAny>(result: R) =>
  z.object({
    starting_at: z.string().datetime({ offset: true }),
    ending_at: z.string().datetime({ offset: true }),
    results: z.array(result),
  });

export const AnthropicUsagePage = z.object({
  data: z.array(Bucket(UsageResult)),
  has_more: z.boolean(),
  next_page: z.string().nullable().optional(),
});

const CostResult = z.object({
  amount: z.union([z.string().regex(/^-?\d+(\.\d+)?$/, "must be a decimal string"), z.number()]),
  currency: z.string().default("USD"),
  description: nullableText,
  cost_type: nullableText,
  context_window: nullableText,
  model: nullableText,
  service_tier: nullableText,
  token_type: nullableText,
  workspace_id: nullableText,
}).passthrough();

export const AnthropicCostPage = z.object({
  data: z.array(Bucket(CostResult)),
  has_more: z.boolean(),
  next_page: z.string().nullable().optional(),
});

function headers(target: ReadTarget): Record<string, string> {
  return { "x-api-key": target.apiKey, "anthropic-version": ANTHROPIC_VERSION };
}

const iso = (text: string): string => new Date(text).toISOString();

/** Hourly messages usage for [from, to). */
export async function readAnthropicUsage(
  target: ReadTarget,
  from: Date,
  to: Date,
  deps: HttpDeps,
): Promise<UsageRead> {
  const url = new URL(`${target.baseUrl}/v1/organizations/usage_report/messages`);
  url.searchParams.set("starting_at", from.toISOString());
  url.searchParams.set("ending_at", to.toISOString());
  url.searchParams.set("bucket_width", "1h");
  for (const g of ["model", "service_tier", "context_window"]) url.searchParams.append("group_by[]", g);
  if (target.projectId) url.searchParams.append("workspace_ids[]", target.projectId);
  url.searchParams.set("limit", "168");
  const { buckets, pages } = await getAllPages(url, headers(target), AnthropicUsagePage, deps);
  const rows: UsageRow[] = buckets.flatMap((b) =>
    b.results.map((r) => {
      const write5m = r.cache_creation?.ephemeral_5m_input_tokens ?? 0;
      const write1h = r.cache_creation?.ephemeral_1h_input_tokens ?? 0;
      return {
        bucket_start: iso(b.starting_at),
        bucket_end: iso(b.ending_at),
        model: r.model,
        project_id: null,
        service_tier: r.service_tier,
        batch: null,
        context_window: r.context_window,
        requests: null,
        input_tokens: r.uncached_input_tokens + r.cache_read_input_tokens + write5m + write1h,
        cache_read_tokens: r.cache_read_input_tokens,
        cache_write_tokens: write5m + write1h,
        cache_write_1h_tokens: write1h,
        output_tokens: r.output_tokens,
        raw: r,
      };
    })
  );
  return { from, to, rows, pages };
}

/** Daily costs for UTC days [fromDay, toDay). */
export async function readAnthropicCosts(
  target: ReadTarget,
  fromDay: string,
  toDay: string,
  deps: HttpDeps,
): Promise<CostRead> {
  const url = new URL(`${target.baseUrl}/v1/organizations/cost_report`);
  url.searchParams.set("starting_at", `${fromDay}T00:00:00Z`);
  url.searchParams.set("ending_at", `${toDay}T00:00:00Z`);
  url.searchParams.set("bucket_width", "1d");
  for (const g of ["workspace_id", "description"]) url.searchParams.append("group_by[]", g);
  // the cost report documents no workspace filter: a source limited to one workspace keeps its rows
  url.searchParams.set("limit", "31");
  const { buckets, pages } = await getAllPages(url, headers(target), AnthropicCostPage, deps);
  const rows: CostRow[] = buckets.flatMap((b) =>
    b.results.filter((r) => target.projectId === null || r.workspace_id === target.projectId).map((r) => ({
      bucket_start: iso(b.starting_at),
      bucket_end: iso(b.ending_at),
      line_item: r.description,
      project_id: r.workspace_id,
      model: r.model === null ? null : r.model.toLowerCase(),
      service_tier: r.service_tier,
      token_type: r.token_type,
      cost_type: r.cost_type,
      context_window: r.context_window,
      amount_usd: centsToDollars(decimalText(r.amount)),
      currency: r.currency.toLowerCase(),
      raw: r,
    }))
  );
  return { from: fromDay, to: toDay, rows, pages };
}
