/**
 * The track-usage answer as a document for people (`npm run monitor:tokens`): a summary, the
 * comparison with the baselines, the prompt variants, and with `verbose` the models and days.
 * Numbers are only formatted here; they come from SQL.
 */
import { type Block, number, tableOr, text } from "../shared/document/document.ts";
import {
  costText,
  dayLabel,
  int,
  num,
  pct,
  pp,
  signed,
  usd,
  usdFine,
  utcMinute,
} from "../shared/document/format.ts";
import type { TrackUsageResult } from "../shared/tracking/types.ts";

const PERIOD_NAMES: Record<string, string> = {
  day: "last 24 hours",
  week: "last 7 days",
  month: "last 30 days",
};

/** Options for {@link usageDocument}. */
export interface UsageDocumentOptions {
  /** Add the per-model and per-day breakdowns. */
  verbose?: boolean;
}

/** The title line: "Token usage, last 7 days". */
export function usageTitle(r: TrackUsageResult): string {
  return `Token usage, ${PERIOD_NAMES[r.period] ?? "custom window"}`;
}

/** The track-usage answer as blocks. */
export function usageDocument(r: TrackUsageResult, opts: UsageDocumentOptions = {}): Block[] {
  const filters = Object.entries(r.filters).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`);
  const b = r.baselines;
  const tc = b.target_check;
  const blocks: Block[] = [
    { kind: "title", text: usageTitle(r) },
    {
      kind: "paragraph",
      text: `${utcMinute(r.from)} to ${utcMinute(r.to)}${
        filters.length ? `, ${filters.join(", ")}` : ", all apps"
      }. Data as of ${utcMinute(r.data_as_of)}.`,
    },
    {
      kind: "facts",
      items: [
        { label: "Requests", value: `${int(r.requests)} (${int(r.errors)} errors, ${pct(r.error_rate)})` },
        {
          label: "Tokens",
          value: `${int(r.total_tokens)} total: input ${int(r.input_tokens)} (cache reads ${
            int(r.cache_read_tokens)
          }, writes ${int(r.cache_write_tokens)}), output ${int(r.output_tokens)} (reasoning ${
            int(r.reasoning_tokens)
          })`,
        },
        {
          label: "Per request",
          value: `${num(r.per_request.total_tokens, 2)} tokens: input ${
            num(r.per_request.input_tokens, 2)
          }, output ${num(r.per_request.output_tokens, 2)}, system prompt ${
            num(r.per_request.system_prompt_tokens, 2)
          }`,
        },
        {
          label: "Cost",
          value: `${costText({ cost: r.cost_usd, requests: r.requests, unpriced: r.unpriced_requests })} (${
            usdFine(r.cost_per_request)
          } per priced request)`,
        },
        { label: "Unpriced", value: `${int(r.unpriced_requests)} requests (${pct(r.unpriced_share)})` },
        {
          label: "Token counts",
          value: `provider ${pct(r.token_source.provider)}, tokenizer ${
            pct(r.token_source.tokenizer)
          }, heuristic ${pct(r.token_source.heuristic)}`,
        },
        {
          label: "Tools",
          value: `${int(r.tool_calls)} calls, ${int(r.tool_failures)} failed (${pct(r.tool_failure_rate)})`,
        },
        { label: "Latency", value: `p50 ${num(r.latency_ms.p50, 0)} ms, p95 ${num(r.latency_ms.p95, 0)} ms` },
      ],
    },
    { kind: "section", text: "Against the baselines" },
    {
      kind: "facts",
      items: [
        {
          label: b.target ? `Target (${b.target.name})` : "Target",
          value: !b.target || !tc || tc.avg_system_prompt_tokens === null
            ? "n/a (no requests of the target prompt variant reported system-prompt tokens)"
            : `${num(tc.avg_system_prompt_tokens, 2)} system-prompt tokens vs ${
              int(b.target.system_prompt_tokens)
            } (band ${int(b.target.band_low)}-${int(b.target.band_high)}, ${signed(tc.delta_tokens, 2)}): ${
              tc.met ? "met" : "missed"
            }`,
        },
        {
          label: "Savings",
          value: `${pct(tc?.system_prompt_savings_rate ?? null, 2)} of system-prompt tokens vs the ${
            b.reference ? int(b.reference.system_prompt_tokens) : "n/a"
          }-token reference (promised ${pct(b.promised_savings_rate, 2)}, ${
            pp(tc?.savings_rate_delta ?? null)
          })`,
        },
        {
          label: "All requests",
          value: `${num(b.overall.avg_system_prompt_tokens, 2)} system-prompt tokens on average (${
            pct(b.overall.system_prompt_savings_rate, 2)
          } below the reference)`,
        },
        {
          label: "Saved vs traditional",
          value: b.dollars_saved.usd === null
            ? (b.dollars_saved.unpriced_requests_excluded > 0 ? "unpriced" : "n/a")
            : `${usd(b.dollars_saved.usd)} over ${
              int(b.dollars_saved.requests_counted)
            } requests at each request's own input price`,
        },
      ],
    },
    { kind: "subsection", text: "By prompt variant" },
    tableOr(
      [
        text("Variant"),
        number("Requests"),
        number("Tokens/req"),
        number("System prompt"),
        number("Savings"),
        number("Saved"),
        number("Cost"),
      ],
      r.by_prompt_variant.map((v) => {
        const base = b.by_prompt_variant.find((x) => x.prompt_variant === v.prompt_variant);
        return [
          v.prompt_variant ?? "(none)",
          int(v.requests),
          num(v.avg_tokens_per_request, 2),
          num(v.avg_system_prompt_tokens, 2),
          pct(base?.system_prompt_savings_rate ?? null, 2),
          base && base.dollars_saved_usd === null && base.unpriced_requests_excluded > 0
            ? "unpriced"
            : usd(base?.dollars_saved_usd ?? null),
          costText({ cost: v.cost_usd, requests: v.requests, unpriced: v.unpriced_requests }),
        ];
      }),
      "No requests in this window.",
    ),
  ];
  if (opts.verbose) {
    blocks.push({ kind: "subsection", text: "By model" });
    blocks.push(tableOr(
      [
        text("Provider"),
        text("Model"),
        number("Requests"),
        number("Tokens"),
        number("Tokens/req"),
        number("Cost"),
        number("Share"),
        number("Errors"),
      ],
      r.by_model.map((m) => [
        m.provider,
        m.model,
        int(m.requests),
        int(m.total_tokens),
        num(m.avg_tokens_per_request, 2),
        costText({ cost: m.cost_usd, requests: m.requests, unpriced: m.unpriced_requests }),
        m.requests > 0 && m.unpriced_requests >= m.requests ? "n/a" : pct(m.cost_share),
        int(m.errors),
      ]),
      "No requests in this window.",
    ));
    blocks.push({ kind: "subsection", text: "By day (UTC)" });
    blocks.push(tableOr(
      [
        text("Day"),
        number("Requests"),
        number("Tokens"),
        number("Tokens/req"),
        number("System prompt"),
        number("Errors"),
        number("Cost"),
      ],
      r.by_day.map((d) => [
        dayLabel(d.day),
        int(d.requests),
        int(d.total_tokens),
        num(d.avg_tokens_per_request, 2),
        num(d.avg_system_prompt_tokens, 2),
        int(d.errors),
        costText({ cost: d.cost_usd, requests: d.requests, unpriced: d.unpriced_requests }),
      ]),
      "No days in this window.",
    ));
  }
  return blocks;
}
