/**
 * Recommendations for the weekly report. Each one is prompted by a number in the report and
 * names it (metric path + value), so a reader can check why it is there. The numbers come from
 * SQL; this module only compares them with the limits and words the advice. The limits are the
 * enabled alert rules' thresholds (thresholds.ts; a metric with no rule gets no recommendation);
 * the system-prompt band comes from monitoring.baselines via the report itself.
 */
import { costText, dayLabel, int, num, pct, usd } from "../document/format.ts";
import { REPORT_ONLY_LIMITS, type RuleThresholds } from "./thresholds.ts";
import type { Recommendation, WeeklyReport } from "./types.ts";

/** `value` is above `limit` (never, when there is no limit). */
const above = (value: number | null, limit: number | null): value is number =>
  value !== null && limit !== null && value > limit;

const ORDER: Record<Recommendation["severity"], number> = { high: 0, medium: 1, low: 2, info: 3 };

/** The recommendations for a report, most severe first (stable within a severity). */
export function recommend(report: WeeklyReport, limits: RuleThresholds): Recommendation[] {
  const out: Recommendation[] = [];
  const add = (r: Recommendation) => out.push(r);
  const s = report.savings;
  const u = report.usage;
  const target = s.target;
  const tc = s.target_check;

  if (u.requests === 0) {
    add({
      id: "no-traffic",
      severity: "info",
      text: "No requests were recorded this week: check that your apps send usage to the ingest function.",
      metric: "usage.requests",
      value: 0,
    });
  }

  // Savings target: the mcp prompt variant's system prompt against its band.
  if (target && tc && tc.band_status === "above") {
    add({
      id: "trim-system-prompt",
      severity: "high",
      text: `Trim the ${tc.prompt_variant} system prompt: it averaged ${
        num(tc.avg_system_prompt_tokens, 1)
      } tokens this week, ${num(tc.delta_tokens, 1)} above the ${
        int(target.system_prompt_tokens)
      }-token target (healthy band ${int(target.band_low)}-${
        int(target.band_high)
      }). Review the prompt changes of the week.`,
      metric: "savings.target_check.avg_system_prompt_tokens",
      value: tc.avg_system_prompt_tokens,
    });
  } else if (target && tc && tc.band_status === "below") {
    add({
      id: "system-prompt-below-band",
      severity: "medium",
      text: `Check the ${tc.prompt_variant} system prompt is complete: it averaged ${
        num(tc.avg_system_prompt_tokens, 1)
      } tokens, below the healthy band ${int(target.band_low)}-${int(target.band_high)}.`,
      metric: "savings.target_check.avg_system_prompt_tokens",
      value: tc.avg_system_prompt_tokens,
    });
  }
  if (target) {
    report.per_day.forEach((d, i) => {
      if (d.target_band_status !== "above" && d.target_band_status !== "below") return;
      if (out.filter((r) => r.id === "system-prompt-day").length >= 3) return;
      add({
        id: "system-prompt-day",
        severity: "medium",
        text: `Find what changed on ${dayLabel(d.day)}: the ${target.name} system prompt averaged ${
          num(d.target_avg_system_prompt_tokens, 1)
        } tokens that day, ${d.target_band_status} the band ${int(target.band_low)}-${
          int(target.band_high)
        }.`,
        metric: `per_day[${i}].target_avg_system_prompt_tokens`,
        value: d.target_avg_system_prompt_tokens,
      });
    });
  }

  // Tools.
  const t = report.tools;
  const worstTool = t.tools[0];
  if (above(t.failure_rate, limits.toolFailureRate)) {
    add({
      id: "tool-failures",
      severity: "high",
      text: `Fix failing tools: ${pct(t.failure_rate)} of ${int(t.tool_calls)} tool calls failed (limit ${
        pct(limits.toolFailureRate ?? 0, 0)
      })${
        worstTool && worstTool.failures > 0
          ? `; ${worstTool.tool_name} failed ${int(worstTool.failures)} of ${int(worstTool.calls)} calls (${
            pct(worstTool.failure_rate)
          })`
          : ""
      }.`,
      metric: "tools.failure_rate",
      value: t.failure_rate,
    });
  } else if (
    worstTool && above(worstTool.failure_rate, limits.toolFailureRate)
  ) {
    add({
      id: "tool-failures",
      severity: "medium",
      text: `Look at the ${worstTool.tool_name} tool: ${int(worstTool.failures)} of ${
        int(worstTool.calls)
      } calls failed (${pct(worstTool.failure_rate)}).`,
      metric: "tools.tools[0].failure_rate",
      value: worstTool.failure_rate,
    });
  }
  if (
    t.failure_rate !== null && limits.toolFailureRate !== null && t.failure_rate <= limits.toolFailureRate
  ) {
    report.per_day.forEach((d, i) => {
      if (!above(d.tool_failure_rate, limits.toolFailureRate)) return;
      if (out.filter((r) => r.id === "tool-failures-day").length >= 2) return;
      add({
        id: "tool-failures-day",
        severity: "medium",
        text: `Tool failures peaked on ${dayLabel(d.day)}: ${int(d.tool_failures)} of ${
          int(d.tool_calls)
        } calls failed (${pct(d.tool_failure_rate)}).`,
        metric: `per_day[${i}].tool_failure_rate`,
        value: d.tool_failure_rate,
      });
    });
  }

  // Errors.
  const rel = report.reliability;
  const topError = rel.by_error_type[0];
  if (above(rel.error_rate, limits.errorRate)) {
    add({
      id: "errors",
      severity: "high",
      text: `Reduce errors: ${pct(rel.error_rate)} of requests failed (limit ${
        pct(limits.errorRate ?? 0, 0)
      })${
        topError
          ? `; the most common is ${topError.error_type ?? "unclassified"} (${int(topError.errors)})`
          : ""
      }.`,
      metric: "reliability.error_rate",
      value: rel.error_rate,
    });
  } else if (
    rel.worst_day && above(rel.worst_day.error_rate, limits.errorRate) &&
    rel.worst_day.requests >= REPORT_ONLY_LIMITS.minRequestsForDailyRate
  ) {
    add({
      id: "errors-day",
      severity: "medium",
      text: `Errors peaked on ${dayLabel(rel.worst_day.day)}: ${int(rel.worst_day.errors)} of ${
        int(rel.worst_day.requests)
      } requests failed (${pct(rel.worst_day.error_rate)}).`,
      metric: "reliability.worst_day.error_rate",
      value: rel.worst_day.error_rate,
    });
  }

  // Open alerts.
  const alerts = report.health.alerts;
  if (alerts.available && (alerts.open_at_end ?? 0) > 0) {
    const first = alerts.list?.find((a) => a.state_at_end === "open");
    add({
      id: "open-alerts",
      severity: "high",
      text: `Resolve the ${int(alerts.open_at_end)} alert(s) still open at the end of the week${
        first?.rule ? `, starting with ${first.rule} (${first.severity})` : ""
      }.`,
      metric: "health.alerts.open_at_end",
      value: alerts.open_at_end ?? null,
    });
  }

  // Cost.
  const c = report.cost;
  if (c.unpriced_requests > 0) {
    const models = c.by_model.filter((m) => m.unpriced_requests > 0).map((m) => m.model);
    add({
      id: "add-prices",
      severity: "medium",
      text: `Add prices for ${models.join(", ") || "the unpriced models"}: ${
        int(c.unpriced_requests)
      } request(s) (${
        pct(u.unpriced_share)
      }) had no price and are missing from every cost figure. Insert a custom row into monitoring.model_prices, then run monitoring.reprice for the week.`,
      metric: "cost.unpriced_requests",
      value: c.unpriced_requests,
    });
  }
  const reference = s.reference;
  const legacy = reference
    ? s.by_prompt_variant.find((v) => v.prompt_variant === reference.name && v.requests > 0)
    : undefined;
  if (legacy && target && legacy.excess_over_target_usd !== null && legacy.excess_over_target_usd > 0) {
    add({
      id: "move-to-target",
      severity: "medium",
      text: `Move the ${
        int(legacy.requests)
      } request(s) still on the ${legacy.prompt_variant} prompt to ${target.name}: their system prompts cost ${
        usd(legacy.excess_over_target_usd)
      } more this week than the ${int(target.system_prompt_tokens)}-token ${target.name} prompt would have.`,
      metric: `savings.by_prompt_variant[${s.by_prompt_variant.indexOf(legacy)}].excess_over_target_usd`,
      value: legacy.excess_over_target_usd,
    });
  }
  report.per_day.forEach((d, i) => {
    if (!above(d.cost_usd, limits.dailyCostUsd)) return;
    if (out.filter((r) => r.id === "daily-cost").length >= 2) return;
    add({
      id: "daily-cost",
      severity: "medium",
      text: `Cost reached ${
        costText({ cost: d.cost_usd, requests: d.requests, unpriced: d.unpriced_requests })
      } on ${dayLabel(d.day)}, above the ${usd(limits.dailyCostUsd ?? 0)} daily limit.`,
      metric: `per_day[${i}].cost_usd`,
      value: d.cost_usd,
    });
  });
  if (
    above(c.week_over_week_change_rate, REPORT_ONLY_LIMITS.weekOverWeekIncrease)
  ) {
    const top = c.by_model[0];
    add({
      id: "cost-rising",
      severity: "low",
      text: `Cost rose ${pct(c.week_over_week_change_rate)} week over week (${
        usd(c.previous_week.cost_usd)
      } in ${c.previous_week.week}, ${usd(c.cost_usd)} now)${
        top ? `; the largest share is ${top.model} (${usd(top.cost_usd)}, ${pct(top.cost_share)})` : ""
      }.`,
      metric: "cost.week_over_week_change_rate",
      value: c.week_over_week_change_rate,
    });
  }
  if (above(u.avg_tokens_per_request, limits.avgTokensPerRequest)) {
    add({
      id: "tokens-per-request",
      severity: "low",
      text: `Requests averaged ${num(u.avg_tokens_per_request, 1)} tokens (above ${
        int(limits.avgTokensPerRequest ?? 0)
      }): trim conversation history and retrieved context, or cache long prefixes.`,
      metric: "usage.avg_tokens_per_request",
      value: u.avg_tokens_per_request,
    });
  }

  // Health checks.
  const checks = report.health.checks;
  if (!checks.available) {
    add({
      id: "install-alerting",
      severity: "info",
      text:
        "No health checks are recorded on this database: deploy the check-alerts function and its cron job to get a health score and alerts.",
      metric: "health.checks.available",
      value: false,
    });
  } else if ((checks.count ?? 0) === 0 && u.requests > 0) {
    add({
      id: "no-health-checks",
      severity: "low",
      text: "No health check ran during this week: make sure the check-alerts cron job is scheduled.",
      metric: "health.checks.count",
      value: 0,
    });
  }

  if (!out.some((r) => r.severity !== "info") && u.requests > 0) {
    add({
      id: "all-clear",
      severity: "info",
      text: `No action needed: every number is within its target${
        report.executive.health_score !== null
          ? ` (health score ${int(report.executive.health_score)}/100)`
          : ""
      }.`,
      metric: "usage.requests",
      value: u.requests,
    });
  }
  return out.map((r, i) => ({ r, i })).sort((a, b) => ORDER[a.r.severity] - ORDER[b.r.severity] || a.i - b.i)
    .map((x) => x.r);
}
