-- The latency histogram: fixed log-spaced buckets, percentiles within one bucket's width.
begin;
select plan(9);

select is(monitoring.latency_bucket(0), 0, 'below 1 ms: bucket 0');
select is(monitoring.latency_bucket(1), 1, '1 ms starts bucket 1');
select is(monitoring.latency_bucket(2), 4, '2 ms = 2^(3/3) starts bucket 4');
select is(monitoring.latency_bucket(1000), 30, '1000 ms is in bucket 30 = [812.7, 1024)');
select is(monitoring.latency_bucket(2000000000), 63, 'huge latencies land in the last bucket');
select is(cardinality(monitoring.latency_bucket_bounds()), 63, '63 bounds, 64 buckets');

-- 100 requests at 1000 ms: p50 lies inside [812.7, 1024)
select ok(monitoring.hist_percentile(monitoring.hist_from_sparse(array[30], array[100::bigint])::bigint[], 0.5)
          between 812.7 and 1024, 'p50 of a single bucket lies within that bucket');

-- 1..1000 ms uniformly: true p50 = 500, p95 = 950, p99 = 990; each estimate within one bucket (26%)
select ok(
  (select bool_and(abs(monitoring.hist_percentile(h.hist, q.q) / q.exact - 1) < 0.26)
   from (select monitoring.hist_from_sparse(array_agg(b), array_agg(n))::bigint[] as hist
         from (select monitoring.latency_bucket(ms) as b, count(*) as n
               from generate_series(1, 1000) ms group by 1) x) h,
        (values (0.5, 500.0), (0.95, 950.0), (0.99, 990.0)) q(q, exact)),
  'p50 / p95 / p99 of 1..1000 ms within one bucket width');

select is(monitoring.hist_add(array[1, 2, 3], array[10, 20, 30]), array[11, 22, 33], 'histograms merge element-wise');

select * from finish();
rollback;
