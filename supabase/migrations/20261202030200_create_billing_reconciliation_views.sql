-- Reconciliation: what Tokenwatch tracked beside what the provider reported and billed.
--
-- monitoring.v_billing_reconciliation: one row per UTC day x provider x model.
--   tracked   monitoring.usage_hourly (the rollup), summed over the day; the model compared
--             lower-cased.
--   reported  monitoring.provider_usage (hourly usage buckets) summed over the day, every project,
--             tier and context window together.
--   billed    monitoring.provider_costs: costs come per day and line item, and are attributed to a
--             model as provider_costs.model says: Anthropic's cost_report names the model of every
--             token cost; OpenAI's line item names it as "<model>, <kind>" (e.g.
--             "gpt-4o-2024-08-06, input"), and billing-sync keeps the part before ", " when it reads
--             as a model id. Costs that name no model (web search, tools, storage, or a line item
--             such as "GPT-4o mini, input" that is not a model id) get model NULL: a row of their
--             own for the day and provider, counted as unattributed spend. So the day x provider
--             totals (monitoring.v_billing_reconciliation_daily) are exact even when a model name
--             does not match.
--   Projects: events carry no OpenAI project or Anthropic workspace, so the tracked side cannot
--   be split by project; rows sum over projects (provider_usage and provider_costs keep
--   project_id, and a billing source can be limited to one project).
--   Only days and providers for which a billing source reported anything appear (a provider
--   without a billing source is not "unbilled").
--
-- drift_pct = 100 x (billed - tracked) / billed: the share of the bill Tokenwatch got wrong,
-- positive when the bill is higher than what was tracked; NULL when nothing was billed.
-- coverage = least(tracked, billed) / billed: the share of billed spend Tokenwatch saw.

create view monitoring.v_billing_reconciliation with (security_invoker = true) as
with billing_days as (
  select c.day, c.provider from monitoring.provider_costs c
  union
  select (u.bucket_start at time zone 'UTC')::date, u.provider from monitoring.provider_usage u
),
tracked as (
  select (h.hour at time zone 'UTC')::date as day, h.provider, lower(h.model) as model,
         sum(h.requests)::bigint as requests, sum(h.input_tokens)::bigint as input_tokens,
         sum(h.cache_read_tokens)::bigint as cache_read_tokens, sum(h.cache_write_tokens)::bigint as cache_write_tokens,
         sum(h.output_tokens)::bigint as output_tokens, sum(h.cost_usd) as cost_usd,
         sum(h.unpriced_requests)::bigint as unpriced_requests
  from monitoring.usage_hourly h
  join billing_days b on b.day = (h.hour at time zone 'UTC')::date and b.provider = h.provider
  group by 1, 2, 3
),
reported as (
  select (u.bucket_start at time zone 'UTC')::date as day, u.provider, lower(u.model) as model,
         sum(u.requests)::bigint as requests, sum(u.input_tokens)::bigint as input_tokens,
         sum(u.cache_read_tokens)::bigint as cache_read_tokens, sum(u.cache_write_tokens)::bigint as cache_write_tokens,
         sum(u.output_tokens)::bigint as output_tokens
  from monitoring.provider_usage u
  group by 1, 2, 3
),
billed as (
  select c.day, c.provider, lower(c.model) as model, sum(c.amount_usd) as cost_usd
  from monitoring.provider_costs c
  group by 1, 2, 3
),
keys as (
  select day, provider, model from tracked
  union select day, provider, model from reported
  union select day, provider, model from billed
)
select k.day,
       k.provider,
       k.model,
       coalesce(t.requests, 0) as tracked_requests,
       coalesce(t.input_tokens, 0) as tracked_input_tokens,
       coalesce(t.cache_read_tokens, 0) as tracked_cache_read_tokens,
       coalesce(t.cache_write_tokens, 0) as tracked_cache_write_tokens,
       coalesce(t.output_tokens, 0) as tracked_output_tokens,
       coalesce(t.cost_usd, 0) as tracked_cost_usd,
       coalesce(t.unpriced_requests, 0) as tracked_unpriced_requests,
       r.requests as reported_requests,
       coalesce(r.input_tokens, 0) as reported_input_tokens,
       coalesce(r.cache_read_tokens, 0) as reported_cache_read_tokens,
       coalesce(r.cache_write_tokens, 0) as reported_cache_write_tokens,
       coalesce(r.output_tokens, 0) as reported_output_tokens,
       coalesce(b.cost_usd, 0) as billed_cost_usd,
       coalesce(r.input_tokens, 0) - coalesce(t.input_tokens, 0) as input_tokens_difference,
       coalesce(r.output_tokens, 0) - coalesce(t.output_tokens, 0) as output_tokens_difference,
       r.requests - coalesce(t.requests, 0) as requests_difference,
       coalesce(b.cost_usd, 0) - coalesce(t.cost_usd, 0) as cost_difference_usd,
       round(100 * (coalesce(b.cost_usd, 0) - coalesce(t.cost_usd, 0)) / nullif(b.cost_usd, 0), 4) as drift_pct,
       case when coalesce(t.requests, 0) = 0 then coalesce(b.cost_usd, 0) else 0 end as unattributed_cost_usd,
       round(least(coalesce(t.cost_usd, 0), b.cost_usd) / nullif(b.cost_usd, 0), 6) as coverage
from keys k
left join tracked t on t.day = k.day and t.provider = k.provider and t.model is not distinct from k.model
left join reported r on r.day = k.day and r.provider = k.provider and r.model is not distinct from k.model
left join billed b on b.day = k.day and b.provider = k.provider and b.model is not distinct from k.model;

comment on view monitoring.v_billing_reconciliation is
  'Per UTC day x provider x model: tokens and cost Tokenwatch tracked (usage_hourly) beside the tokens the provider reported (provider_usage) and the cost it billed (provider_costs), with differences, drift % and coverage. Costs that name no model are a row with model NULL. Only days and providers with billing data.';
comment on column monitoring.v_billing_reconciliation.day is 'UTC day.';
comment on column monitoring.v_billing_reconciliation.provider is 'openai or anthropic.';
comment on column monitoring.v_billing_reconciliation.model is 'Model, lower-cased; NULL for billed costs attributable to no model (tools, storage, line items without a model id).';
comment on column monitoring.v_billing_reconciliation.tracked_requests is 'Requests Tokenwatch recorded (usage_hourly.requests).';
comment on column monitoring.v_billing_reconciliation.tracked_input_tokens is 'Input tokens Tokenwatch recorded, cache reads and writes included.';
comment on column monitoring.v_billing_reconciliation.tracked_cache_read_tokens is 'Cache-read part of tracked_input_tokens.';
comment on column monitoring.v_billing_reconciliation.tracked_cache_write_tokens is 'Cache-write part of tracked_input_tokens.';
comment on column monitoring.v_billing_reconciliation.tracked_output_tokens is 'Output tokens Tokenwatch recorded.';
comment on column monitoring.v_billing_reconciliation.tracked_cost_usd is 'Cost Tokenwatch computed from its price table (unpriced requests count 0).';
comment on column monitoring.v_billing_reconciliation.tracked_unpriced_requests is 'Tracked requests with no known price: part of why tracked cost can fall short.';
comment on column monitoring.v_billing_reconciliation.reported_requests is 'Requests the provider reported (OpenAI num_model_requests); NULL when it reports none (Anthropic).';
comment on column monitoring.v_billing_reconciliation.reported_input_tokens is 'Input tokens the provider reported, cache reads and writes included.';
comment on column monitoring.v_billing_reconciliation.reported_cache_read_tokens is 'Cache-read part of reported_input_tokens.';
comment on column monitoring.v_billing_reconciliation.reported_cache_write_tokens is 'Cache-write part of reported_input_tokens (Anthropic 5m + 1h).';
comment on column monitoring.v_billing_reconciliation.reported_output_tokens is 'Output tokens the provider reported.';
comment on column monitoring.v_billing_reconciliation.billed_cost_usd is 'What the provider billed, in US dollars (provider_costs.amount_usd summed).';
comment on column monitoring.v_billing_reconciliation.input_tokens_difference is 'reported_input_tokens - tracked_input_tokens: input the provider saw that Tokenwatch did not (negative: more tracked than reported).';
comment on column monitoring.v_billing_reconciliation.output_tokens_difference is 'reported_output_tokens - tracked_output_tokens.';
comment on column monitoring.v_billing_reconciliation.requests_difference is 'reported_requests - tracked_requests (NULL when the provider reports no request count).';
comment on column monitoring.v_billing_reconciliation.cost_difference_usd is 'billed_cost_usd - tracked_cost_usd: positive when the bill is higher than what was tracked.';
comment on column monitoring.v_billing_reconciliation.drift_pct is '100 x (billed - tracked) / billed, 4 decimals; NULL when nothing was billed.';
comment on column monitoring.v_billing_reconciliation.unattributed_cost_usd is 'Billed spend with nothing tracked beside it (no tracked requests for this day, provider and model).';
comment on column monitoring.v_billing_reconciliation.coverage is 'Share of billed spend Tokenwatch saw: least(tracked, billed) / billed, 0..1; NULL when nothing was billed.';

create view monitoring.v_billing_reconciliation_daily with (security_invoker = true) as
select r.day,
       r.provider,
       sum(r.tracked_requests)::bigint as tracked_requests,
       sum(r.tracked_cost_usd) as tracked_cost_usd,
       sum(r.billed_cost_usd) as billed_cost_usd,
       sum(r.billed_cost_usd) - sum(r.tracked_cost_usd) as cost_difference_usd,
       round(100 * (sum(r.billed_cost_usd) - sum(r.tracked_cost_usd)) / nullif(sum(r.billed_cost_usd), 0), 4) as drift_pct,
       sum(r.unattributed_cost_usd) as unattributed_cost_usd,
       round(least(sum(r.tracked_cost_usd), sum(r.billed_cost_usd)) / nullif(sum(r.billed_cost_usd), 0), 6) as coverage,
       sum(r.tracked_input_tokens + r.tracked_output_tokens)::bigint as tracked_tokens,
       sum(r.reported_input_tokens + r.reported_output_tokens)::bigint as reported_tokens
from monitoring.v_billing_reconciliation r
group by r.day, r.provider;

comment on view monitoring.v_billing_reconciliation_daily is
  'Per UTC day x provider: v_billing_reconciliation summed over models (exact whatever the model attribution of costs). What the billing_drift alert, the weekly report and the dashboard read.';
comment on column monitoring.v_billing_reconciliation_daily.day is 'UTC day.';
comment on column monitoring.v_billing_reconciliation_daily.provider is 'openai or anthropic.';
comment on column monitoring.v_billing_reconciliation_daily.tracked_requests is 'Requests Tokenwatch recorded that day for the provider.';
comment on column monitoring.v_billing_reconciliation_daily.tracked_cost_usd is 'Cost Tokenwatch computed.';
comment on column monitoring.v_billing_reconciliation_daily.billed_cost_usd is 'Cost the provider billed, US dollars.';
comment on column monitoring.v_billing_reconciliation_daily.cost_difference_usd is 'billed - tracked.';
comment on column monitoring.v_billing_reconciliation_daily.drift_pct is '100 x (billed - tracked) / billed; NULL when nothing was billed.';
comment on column monitoring.v_billing_reconciliation_daily.unattributed_cost_usd is 'Billed spend on models (or items) with nothing tracked beside it.';
comment on column monitoring.v_billing_reconciliation_daily.coverage is 'least(tracked, billed) / billed: the share of billed spend Tokenwatch saw.';
comment on column monitoring.v_billing_reconciliation_daily.tracked_tokens is 'Tracked input + output tokens.';
comment on column monitoring.v_billing_reconciliation_daily.reported_tokens is 'Reported input + output tokens.';

revoke all on table monitoring.v_billing_reconciliation, monitoring.v_billing_reconciliation_daily from public, anon, authenticated;
grant select on table monitoring.v_billing_reconciliation, monitoring.v_billing_reconciliation_daily to service_role;
