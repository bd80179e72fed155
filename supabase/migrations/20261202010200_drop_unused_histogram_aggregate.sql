-- monitoring.hist_sum (an aggregate merging latency histograms into a bigint[64]) and its support
-- functions hist_accum and hist_combine are used by nothing: every histogram merge sums the 64
-- buckets one by one (usage_summary, dashboard_data, v_latency_percentiles: faster, see
-- 20261124001400), the rollup adds two histograms with monitoring.hist_add, and hist_combine was
-- hist_add's twin for bigint[]. No view, function, job or TypeScript module names them.

drop aggregate monitoring.hist_sum(integer[]);
drop function monitoring.hist_accum(bigint[], integer[]);
drop function monitoring.hist_combine(bigint[], bigint[]);
