-- monitoring.v_latency_percentiles, redefined for the histogram helper: the daily histogram is
-- monitoring.hist_merge(h.latency_hist) instead of the pasted 64-term
-- array[sum(h.latency_hist[1]), ..., sum(h.latency_hist[64])] (same type, bigint[]; same columns).
-- Nothing else changed (20261124001600); comments and grants stay with the view.

create or replace view monitoring.v_latency_percentiles with (security_invoker = true) as
with d as (
  select (h.hour at time zone 'UTC')::date as day, h.provider, h.model,
         sum(h.latency_requests) as requests,
         sum(h.latency_ms_sum) as latency_ms_sum,
         monitoring.hist_merge(h.latency_hist) as latency_hist
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
