-- The analytics views: the questions the dashboard, the reports and people in Studio ask.
--
-- All views are security_invoker (they run with the reader's rights, so RLS and grants on
-- the tables apply) and keep their time grain (hour or day, UTC) and the dimensions as
-- columns, so a caller filters them by time range and dimension; such filters are applied
-- below the aggregation (on hour, through the rollup's index). They read monitoring.usage_hourly /
-- tool_usage_hourly (which lag the events by up to a minute); only the conversation
-- drill-down reads usage_events, one day at a time.
--
-- Rates and shares are fractions in 0..1, NULL when the denominator is 0. cost_usd sums
-- priced requests only; unpriced_requests says how many had no price.
--
-- Latency percentiles come from the merged 64-bucket histograms (see
-- monitoring.latency_bucket): exact to one bucket's width (about +-13%).

-- 1. Hourly token usage ----------------------------------------------------------------
create view monitoring.v_hourly_token_usage with (security_invoker = true) as
select h.hour, h.provider, h.model, h.app, h.environment, h.prompt_variant,
       sum(h.requests) as requests,
       sum(h.errors) as errors,
       sum(h.input_tokens) as input_tokens,
       sum(h.cache_read_tokens) as cache_read_tokens,
       sum(h.cache_write_tokens) as cache_write_tokens,
       sum(h.cache_write_1h_tokens) as cache_write_1h_tokens,
       sum(h.output_tokens) as output_tokens,
       sum(h.reasoning_tokens) as reasoning_tokens,
       sum(h.input_tokens + h.output_tokens) as total_tokens,
       sum(h.system_prompt_tokens) as system_prompt_tokens,
       sum(h.system_prompt_requests) as system_prompt_requests,
       round(sum(h.input_tokens + h.output_tokens)::numeric / nullif(sum(h.requests), 0), 2) as avg_tokens_per_request,
       sum(h.cost_usd) as cost_usd,
       sum(h.unpriced_requests) as unpriced_requests
from monitoring.usage_hourly h
group by h.hour, h.provider, h.model, h.app, h.environment, h.prompt_variant;

comment on view monitoring.v_hourly_token_usage is
  'How many tokens (input, cached, output, reasoning, system prompt) and requests each hour, per provider, model, app, environment and prompt variant, and what they cost.';

-- 2. Daily usage and cost with a 7-day moving average ----------------------------------
create view monitoring.v_daily_usage_cost with (security_invoker = true) as
with d as (
  select (h.hour at time zone 'UTC')::date as day, h.app, h.environment, h.prompt_variant,
         sum(h.requests) as requests,
         sum(h.errors) as errors,
         sum(h.input_tokens) as input_tokens,
         sum(h.output_tokens) as output_tokens,
         sum(h.input_tokens + h.output_tokens) as total_tokens,
         sum(h.cost_usd) as cost_usd,
         sum(h.unpriced_requests) as unpriced_requests
  from monitoring.usage_hourly h
  group by 1, 2, 3, 4
)
select d.day, d.app, d.environment, d.prompt_variant,
       d.requests, d.errors, d.input_tokens, d.output_tokens, d.total_tokens, d.cost_usd, d.unpriced_requests,
       round(d.cost_usd / nullif(d.requests - d.unpriced_requests, 0), 6) as cost_per_request,
       sum(d.cost_usd) over w / 7 as cost_usd_7d_avg,
       round(sum(d.total_tokens) over w / 7.0, 2) as total_tokens_7d_avg,
       round(sum(d.requests) over w / 7.0, 2) as requests_7d_avg
from d
window w as (partition by d.app, d.environment, d.prompt_variant
             order by d.day range between interval '6 days' preceding and current row);

comment on view monitoring.v_daily_usage_cost is
  'Tokens, requests and cost per UTC day per app, environment and prompt variant, with 7-day moving averages (sum of that day and the 6 before, divided by 7, so they add up across rows).';

-- 3. Cost by model ------------------------------------------------------------------------
create view monitoring.v_cost_by_model with (security_invoker = true) as
with d as (
  select (h.hour at time zone 'UTC')::date as day, h.provider, h.model,
         sum(h.requests) as requests,
         sum(h.requests - h.unpriced_requests) as priced_requests,
         sum(h.unpriced_requests) as unpriced_requests,
         sum(h.input_tokens) as input_tokens,
         sum(h.cache_read_tokens) as cache_read_tokens,
         sum(h.cache_write_tokens) as cache_write_tokens,
         sum(h.output_tokens) as output_tokens,
         sum(h.reasoning_tokens) as reasoning_tokens,
         sum(h.input_tokens + h.output_tokens) as total_tokens,
         sum(h.input_tokens + h.output_tokens - h.unpriced_input_tokens - h.unpriced_output_tokens) as priced_tokens,
         sum(h.cost_usd) as cost_usd
  from monitoring.usage_hourly h
  group by 1, 2, 3
)
select d.day, d.provider, d.model, d.requests, d.priced_requests, d.unpriced_requests,
       d.input_tokens, d.cache_read_tokens, d.cache_write_tokens, d.output_tokens, d.reasoning_tokens,
       d.total_tokens, d.cost_usd,
       round(d.cost_usd / nullif(d.priced_requests, 0), 6) as cost_per_request,
       round(d.cost_usd * 1000 / nullif(d.priced_tokens, 0), 6) as cost_per_1k_tokens,
       round(d.cost_usd / nullif(sum(d.cost_usd) over (partition by d.day), 0), 6) as share_of_day_cost
from d;

comment on view monitoring.v_cost_by_model is
  'What each model cost per UTC day: tokens, priced and unpriced requests, cost, cost per request and per 1K tokens, and its share of the day''s cost.';

-- 4. Tool execution distribution ------------------------------------------------------------
create view monitoring.v_tool_execution_distribution with (security_invoker = true) as
with d as (
  select (t.hour at time zone 'UTC')::date as day, t.tool_name, t.app, t.environment, t.model, t.prompt_variant,
         sum(t.requests) as requests, sum(t.calls) as calls, sum(t.failures) as failures
  from monitoring.tool_usage_hourly t
  group by 1, 2, 3, 4, 5, 6
)
select d.day, d.tool_name, d.app, d.environment, d.model, d.prompt_variant,
       d.requests, d.calls, d.failures,
       round(d.calls::numeric / nullif(d.requests, 0), 4) as calls_per_request,
       round(d.calls::numeric / nullif(sum(d.calls) over (partition by d.day, d.app, d.environment, d.model, d.prompt_variant), 0), 6)
         as share_of_calls
from d;

comment on view monitoring.v_tool_execution_distribution is
  'Which tools run how often per UTC day (from usage_events.tools): calls, requests that used the tool, calls per such request, and the tool''s share of all tool calls in the same day, app, environment, model and prompt variant.';

-- 5. Tool failure rate ----------------------------------------------------------------------
create view monitoring.v_tool_failure_rate with (security_invoker = true) as
select (t.hour at time zone 'UTC')::date as day, t.tool_name, t.app, t.environment, t.model, t.prompt_variant,
       sum(t.calls) as calls, sum(t.failures) as failures,
       round(sum(t.failures)::numeric / nullif(sum(t.calls), 0), 6) as failure_rate,
       round(1 - sum(t.failures)::numeric / nullif(sum(t.calls), 0), 6) as success_rate
from monitoring.tool_usage_hourly t
group by 1, 2, 3, 4, 5, 6
union all
select (h.hour at time zone 'UTC')::date, '(all tools)', h.app, h.environment, h.model, h.prompt_variant,
       sum(h.tool_calls), sum(h.tool_failures),
       round(sum(h.tool_failures)::numeric / nullif(sum(h.tool_calls), 0), 6),
       round(1 - sum(h.tool_failures)::numeric / nullif(sum(h.tool_calls), 0), 6)
from monitoring.usage_hourly h
group by 1, 2, 3, 4, 5, 6
having sum(h.tool_calls) > 0;

comment on view monitoring.v_tool_failure_rate is
  'How often tool calls fail per UTC day: per tool (from usage_events.tools) and, as tool_name ''(all tools)'', over every request''s tool_calls / tool_failures. The health threshold is a failure rate above 0.05.';

-- 6. Error patterns -------------------------------------------------------------------------
create view monitoring.v_error_patterns with (security_invoker = true) as
with d as (
  select (h.hour at time zone 'UTC')::date as day, h.provider, h.model, h.app, h.environment, h.prompt_variant,
         h.status, h.error_type,
         sum(h.requests) as requests,
         min(h.hour) as first_hour,
         max(h.hour) as last_hour
  from monitoring.usage_hourly h
  group by 1, 2, 3, 4, 5, 6, 7, 8
), w as (
  select d.*,
         sum(d.requests) over (partition by d.day, d.provider, d.model, d.app, d.environment, d.prompt_variant)
           as all_requests
  from d
)
select w.day, w.provider, w.model, w.app, w.environment, w.prompt_variant, w.error_type,
       w.requests as errors,
       w.all_requests as requests,
       round(w.requests::numeric / nullif(w.all_requests, 0), 6) as error_rate,
       w.first_hour,
       w.last_hour + interval '1 hour' as last_hour_end
from w
where w.status = 'error';

comment on view monitoring.v_error_patterns is
  'Which errors happen, where and how often per UTC day: errors of each error_type per provider, model, app, environment and prompt variant, against all requests of that slice (error_rate), and the hours they were first and last seen.';

-- 7. Savings against each baseline ------------------------------------------------------------
create view monitoring.v_savings_by_day with (security_invoker = true) as
with d as (
  select (h.hour at time zone 'UTC')::date as day, h.app, h.environment, h.prompt_variant,
         sum(h.requests) as requests,
         sum(h.input_tokens + h.output_tokens) as total_tokens,
         sum(h.input_tokens + h.output_tokens - h.unpriced_input_tokens - h.unpriced_output_tokens) as priced_tokens,
         sum(h.system_prompt_tokens) as system_prompt_tokens,
         sum(h.system_prompt_requests) as system_prompt_requests,
         sum(h.cost_usd) as cost_usd
  from monitoring.usage_hourly h
  group by 1, 2, 3, 4
)
select d.day, d.app, d.environment, d.prompt_variant,
       b.name as baseline,
       d.requests,
       d.total_tokens,
       round(d.total_tokens::numeric / nullif(d.requests, 0), 2) as avg_tokens_per_request,
       b.tokens_per_request as baseline_tokens_per_request,
       d.requests * b.tokens_per_request as baseline_tokens,
       d.requests * b.tokens_per_request - d.total_tokens as tokens_saved,
       round(1 - d.total_tokens::numeric / nullif(d.requests * b.tokens_per_request, 0), 6) as token_savings_rate,
       round(d.system_prompt_tokens::numeric / nullif(d.system_prompt_requests, 0), 2) as avg_system_prompt_tokens,
       b.system_prompt_tokens as baseline_system_prompt_tokens,
       round(1 - (d.system_prompt_tokens::numeric / nullif(d.system_prompt_requests, 0))
                 / nullif(b.system_prompt_tokens, 0), 6) as system_prompt_savings_rate,
       d.cost_usd,
       round(d.cost_usd * (d.requests * b.tokens_per_request) / nullif(d.priced_tokens, 0), 6) as baseline_cost_usd_est,
       round(d.cost_usd * (d.requests * b.tokens_per_request) / nullif(d.priced_tokens, 0) - d.cost_usd, 6)
         as cost_saved_usd_est
from d
cross join monitoring.baselines b;

comment on view monitoring.v_savings_by_day is
  'Whether the prompt design keeps its promised savings: per UTC day, app, environment and prompt variant, tokens actually used against what each baseline (monitoring.baselines) would have used for the same requests, system-prompt savings, and the cost saved estimated at the day''s actual cost per token.';

-- 8. System-prompt tokens against the healthy band ---------------------------------------------
create view monitoring.v_system_prompt_band with (security_invoker = true) as
with d as (
  select h.hour, h.app, h.environment, h.model, h.prompt_variant,
         sum(h.system_prompt_requests) as requests_reporting,
         sum(h.system_prompt_tokens) as system_prompt_tokens
  from monitoring.usage_hourly h
  group by 1, 2, 3, 4, 5
  having sum(h.system_prompt_requests) > 0
), band as (
  select b.system_prompt_tokens as baseline_tokens,
         b.system_prompt_tokens - coalesce(b.tolerance, 0) as band_low,
         b.system_prompt_tokens + coalesce(b.tolerance, 0) as band_high
  from monitoring.baselines b
  where b.name = 'mcp'
)
select d.hour, d.app, d.environment, d.model, d.prompt_variant,
       d.requests_reporting,
       round(d.system_prompt_tokens::numeric / d.requests_reporting, 2) as avg_system_prompt_tokens,
       band.baseline_tokens, band.band_low, band.band_high,
       case
         when band.baseline_tokens is null then null
         when d.system_prompt_tokens::numeric / d.requests_reporting > band.band_high then 'above'
         when d.system_prompt_tokens::numeric / d.requests_reporting < band.band_low then 'below'
         else 'in_band'
       end as band_status
from d
left join band on true;

comment on view monitoring.v_system_prompt_band is
  'Is the system prompt creeping? Average system-prompt tokens per hour (over requests that reported them) per app, environment, model and prompt variant, against the mcp baseline band (system_prompt_tokens +- tolerance in monitoring.baselines): above, in_band or below.';

-- 9. Latency percentiles by model ----------------------------------------------------------------
create view monitoring.v_latency_percentiles with (security_invoker = true) as
with d as (
  select (h.hour at time zone 'UTC')::date as day, h.provider, h.model,
         sum(h.latency_requests) as requests,
         sum(h.latency_ms_sum) as latency_ms_sum,
         array[
           sum(h.latency_hist[1]), sum(h.latency_hist[2]), sum(h.latency_hist[3]), sum(h.latency_hist[4]), sum(h.latency_hist[5]), sum(h.latency_hist[6]), sum(h.latency_hist[7]), sum(h.latency_hist[8]),
           sum(h.latency_hist[9]), sum(h.latency_hist[10]), sum(h.latency_hist[11]), sum(h.latency_hist[12]), sum(h.latency_hist[13]), sum(h.latency_hist[14]), sum(h.latency_hist[15]), sum(h.latency_hist[16]),
           sum(h.latency_hist[17]), sum(h.latency_hist[18]), sum(h.latency_hist[19]), sum(h.latency_hist[20]), sum(h.latency_hist[21]), sum(h.latency_hist[22]), sum(h.latency_hist[23]), sum(h.latency_hist[24]),
           sum(h.latency_hist[25]), sum(h.latency_hist[26]), sum(h.latency_hist[27]), sum(h.latency_hist[28]), sum(h.latency_hist[29]), sum(h.latency_hist[30]), sum(h.latency_hist[31]), sum(h.latency_hist[32]),
           sum(h.latency_hist[33]), sum(h.latency_hist[34]), sum(h.latency_hist[35]), sum(h.latency_hist[36]), sum(h.latency_hist[37]), sum(h.latency_hist[38]), sum(h.latency_hist[39]), sum(h.latency_hist[40]),
           sum(h.latency_hist[41]), sum(h.latency_hist[42]), sum(h.latency_hist[43]), sum(h.latency_hist[44]), sum(h.latency_hist[45]), sum(h.latency_hist[46]), sum(h.latency_hist[47]), sum(h.latency_hist[48]),
           sum(h.latency_hist[49]), sum(h.latency_hist[50]), sum(h.latency_hist[51]), sum(h.latency_hist[52]), sum(h.latency_hist[53]), sum(h.latency_hist[54]), sum(h.latency_hist[55]), sum(h.latency_hist[56]),
           sum(h.latency_hist[57]), sum(h.latency_hist[58]), sum(h.latency_hist[59]), sum(h.latency_hist[60]), sum(h.latency_hist[61]), sum(h.latency_hist[62]), sum(h.latency_hist[63]), sum(h.latency_hist[64])
         ] as latency_hist
  from monitoring.usage_hourly h
  group by 1, 2, 3
)
select d.day, d.provider, d.model, d.requests,
       round(d.latency_ms_sum::numeric / nullif(d.requests, 0), 1) as avg_ms,
       round(monitoring.hist_percentile(d.latency_hist, 0.50)::numeric, 1) as p50_ms,
       round(monitoring.hist_percentile(d.latency_hist, 0.95)::numeric, 1) as p95_ms,
       round(monitoring.hist_percentile(d.latency_hist, 0.99)::numeric, 1) as p99_ms,
       d.latency_hist
from d
where d.requests > 0;

comment on view monitoring.v_latency_percentiles is
  'How fast each model answers per UTC day: requests that reported latency, average, p50, p95 and p99 in ms (from the merged latency histogram, within one bucket width, about +-13%), and the histogram itself for merging days.';

-- 10. Top conversations by tokens and by cost (drill-down on events) ------------------------------
create view monitoring.v_top_conversations with (security_invoker = true) as
with days as (
  select g.day::date as day
  from (select min(e.occurred_at) as lo, max(e.occurred_at) as hi from monitoring.usage_events e) m,
       generate_series(date_trunc('day', m.lo, 'UTC'), m.hi, interval '1 day') g(day)
)
select days.day, c.conversation_id, c.app, c.environment,
       c.users, c.requests, c.errors, c.input_tokens, c.output_tokens, c.total_tokens,
       c.cost_usd, c.unpriced_requests, c.models, c.first_at, c.last_at,
       c.rank_by_tokens, c.rank_by_cost
from days
cross join lateral (
  select e.conversation_id, e.app, e.environment,
         count(distinct e.user_id) as users,
         count(*) as requests,
         count(*) filter (where e.status = 'error') as errors,
         sum(e.input_tokens) as input_tokens,
         sum(e.output_tokens) as output_tokens,
         sum(e.input_tokens + e.output_tokens) as total_tokens,
         coalesce(sum(e.cost_usd), 0) as cost_usd,
         count(*) filter (where e.cost_usd is null) as unpriced_requests,
         array_agg(distinct e.model order by e.model) as models,
         min(e.occurred_at) as first_at,
         max(e.occurred_at) as last_at,
         rank() over (order by sum(e.input_tokens + e.output_tokens) desc) as rank_by_tokens,
         rank() over (order by coalesce(sum(e.cost_usd), 0) desc) as rank_by_cost
  from monitoring.usage_events e
  where e.occurred_at >= days.day::timestamp at time zone 'UTC'
    and e.occurred_at < (days.day + 1)::timestamp at time zone 'UTC'
    and e.conversation_id is not null
  group by e.conversation_id, e.app, e.environment
) c;

comment on view monitoring.v_top_conversations is
  'Which conversations cost the most per UTC day, by tokens and by cost (rank_by_tokens, rank_by_cost; filter e.g. rank_by_cost <= 10). Drill-down on usage_events: filter on day, which limits the scan to that day''s events.';

-- 11. Unpriced usage ------------------------------------------------------------------------------
create view monitoring.v_unpriced_usage with (security_invoker = true) as
select (h.hour at time zone 'UTC')::date as day, h.provider, h.model, h.app, h.environment,
       sum(h.unpriced_requests) as unpriced_requests,
       sum(h.unpriced_input_tokens) as unpriced_input_tokens,
       sum(h.unpriced_output_tokens) as unpriced_output_tokens,
       sum(h.requests) as requests,
       round(sum(h.unpriced_requests)::numeric / nullif(sum(h.requests), 0), 6) as unpriced_share,
       min(h.hour) filter (where h.unpriced_requests > 0) as first_hour,
       max(h.hour) filter (where h.unpriced_requests > 0) + interval '1 hour' as last_hour_end
from monitoring.usage_hourly h
group by 1, 2, 3, 4, 5
having sum(h.unpriced_requests) > 0;

comment on view monitoring.v_unpriced_usage is
  'Which models have no price (cost_usd NULL, so missing from every cost figure): unpriced requests and tokens per UTC day, provider, model, app and environment. Add a monitoring.model_prices row, then monitoring.reprice the period.';

-- Column comments for the columns people read ------------------------------------------------------
comment on column monitoring.v_hourly_token_usage.total_tokens is 'input_tokens + output_tokens.';
comment on column monitoring.v_hourly_token_usage.avg_tokens_per_request is '(input + output tokens) / requests.';
comment on column monitoring.v_hourly_token_usage.cost_usd is 'USD of the priced requests.';
comment on column monitoring.v_daily_usage_cost.day is 'UTC day.';
comment on column monitoring.v_daily_usage_cost.cost_per_request is 'cost_usd / priced requests.';
comment on column monitoring.v_daily_usage_cost.cost_usd_7d_avg is 'Sum of cost_usd over this day and the 6 days before, / 7.';
comment on column monitoring.v_daily_usage_cost.total_tokens_7d_avg is 'Sum of total_tokens over this day and the 6 days before, / 7.';
comment on column monitoring.v_daily_usage_cost.requests_7d_avg is 'Sum of requests over this day and the 6 days before, / 7.';
comment on column monitoring.v_cost_by_model.cost_per_request is 'cost_usd / priced requests.';
comment on column monitoring.v_cost_by_model.cost_per_1k_tokens is 'cost_usd per 1,000 tokens of priced requests.';
comment on column monitoring.v_cost_by_model.share_of_day_cost is 'Fraction of the day''s total cost (0..1).';
comment on column monitoring.v_tool_execution_distribution.share_of_calls is 'Fraction of all tool calls in the same day, app, environment, model and prompt variant (0..1).';
comment on column monitoring.v_tool_failure_rate.failure_rate is 'failures / calls (0..1); NULL without calls.';
comment on column monitoring.v_tool_failure_rate.success_rate is '1 - failure_rate.';
comment on column monitoring.v_error_patterns.errors is 'Requests that failed with this error_type.';
comment on column monitoring.v_error_patterns.requests is 'All requests of the same day, provider, model, app, environment and prompt variant.';
comment on column monitoring.v_error_patterns.error_rate is 'errors / requests (0..1).';
comment on column monitoring.v_savings_by_day.baseline is 'monitoring.baselines.name compared against.';
comment on column monitoring.v_savings_by_day.tokens_saved is 'Baseline tokens for the same requests minus tokens used (negative: used more).';
comment on column monitoring.v_savings_by_day.token_savings_rate is '1 - tokens used / baseline tokens (0.926 = 92.6% saved).';
comment on column monitoring.v_savings_by_day.system_prompt_savings_rate is '1 - average system-prompt tokens / baseline system-prompt tokens.';
comment on column monitoring.v_savings_by_day.baseline_cost_usd_est is 'What the baseline tokens would have cost at the day''s actual cost per priced token.';
comment on column monitoring.v_savings_by_day.cost_saved_usd_est is 'baseline_cost_usd_est - cost_usd.';
comment on column monitoring.v_system_prompt_band.avg_system_prompt_tokens is 'Average system-prompt tokens over the requests that reported them.';
comment on column monitoring.v_system_prompt_band.band_status is 'above, in_band or below the mcp band; NULL without an mcp baseline.';
comment on column monitoring.v_latency_percentiles.requests is 'Requests that reported latency_ms.';
comment on column monitoring.v_latency_percentiles.p50_ms is 'Median latency (ms), within one histogram bucket.';
comment on column monitoring.v_latency_percentiles.p95_ms is '95th percentile latency (ms), within one histogram bucket.';
comment on column monitoring.v_latency_percentiles.p99_ms is '99th percentile latency (ms), within one histogram bucket.';
comment on column monitoring.v_top_conversations.rank_by_tokens is 'Rank among the day''s conversations by total tokens (1 = most).';
comment on column monitoring.v_top_conversations.rank_by_cost is 'Rank among the day''s conversations by cost (1 = most).';
comment on column monitoring.v_unpriced_usage.unpriced_share is 'Fraction of the slice''s requests that had no price.';

revoke all on table
  monitoring.v_hourly_token_usage, monitoring.v_daily_usage_cost, monitoring.v_cost_by_model,
  monitoring.v_tool_execution_distribution, monitoring.v_tool_failure_rate, monitoring.v_error_patterns,
  monitoring.v_savings_by_day, monitoring.v_system_prompt_band, monitoring.v_latency_percentiles,
  monitoring.v_top_conversations, monitoring.v_unpriced_usage
  from public, anon, authenticated;
grant select on table
  monitoring.v_hourly_token_usage, monitoring.v_daily_usage_cost, monitoring.v_cost_by_model,
  monitoring.v_tool_execution_distribution, monitoring.v_tool_failure_rate, monitoring.v_error_patterns,
  monitoring.v_savings_by_day, monitoring.v_system_prompt_band, monitoring.v_latency_percentiles,
  monitoring.v_top_conversations, monitoring.v_unpriced_usage
  to service_role;
