-- monitoring.hist_merge, the one merge of 64-bucket latency histograms: the element-wise sum as
-- bigint (a bucket may pass 2^31 over many rows), NULL inputs skipped, NULL when there is nothing.
-- (usage_summary, dashboard_data and v_latency_percentiles merge with it: 023 and 600 check their
-- latency numbers against the raw events.)
begin;
select plan(3);

select is(
  (select monitoring.hist_merge(h)
   from (values (monitoring.hist_from_sparse(array[0, 5, 63], array[1, 2, 3::bigint])),
                (null::integer[]),
                (monitoring.hist_from_sparse(array[5, 30], array[10, 20::bigint]))) v(h)),
  monitoring.hist_from_sparse(array[0, 5, 30, 63], array[1, 12, 20, 3::bigint])::bigint[],
  'two histograms and a NULL: bucket 0 = 1, bucket 5 = 2 + 10, bucket 30 = 20, bucket 63 = 3');

select is(
  (select monitoring.hist_merge(h) from (values (null::integer[]), (null::integer[])) v(h)),
  null::bigint[], 'only NULLs: NULL, as sum() gives');

select is(
  (select (monitoring.hist_merge(h))[1]
   from (select array_fill(2000000000, array[64]) as h from generate_series(1, 3)) v),
  6000000000::bigint, 'three buckets of 2,000,000,000 sum past the integer range');

select * from finish();
rollback;
