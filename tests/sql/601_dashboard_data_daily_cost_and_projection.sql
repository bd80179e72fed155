-- The cost chart: at least seven UTC days ending with the window's last day, each day's cost
-- and its 7-day average (that day and the six before, / 7, as v_daily_usage_cost defines it,
-- counting days without usage as $0), and the monthly projection = the last 7 days × 4.3.
begin;
select plan(7);

-- The shared usage, costs worked out by hand: tests/sql/support/dashboard_usage.sql.
select tokenwatch_test.load_dashboard_usage();

create temp table d on commit drop as
select monitoring.dashboard_data('2026-10-05 00:00Z', '2026-10-06 00:00Z', interval '1 hour', 'twtest-600') as j;

select is((select jsonb_agg(x ->> 'day' order by x ->> 'day') from d, jsonb_array_elements(j -> 'daily_cost') x),
  '["2026-09-29", "2026-09-30", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05"]'::jsonb,
  'a 24-hour window still gets seven days, ending with its own');
select is((select j -> 'daily_cost' -> 3 from d),
  '{"day": "2026-10-02", "cost_usd": 0.001, "cost_usd_7d_avg": 0.000143, "requests": 1, "unpriced_requests": 0}'::jsonb,
  'Oct 2: e0 alone; average 0.001 / 7');
select is((select j -> 'daily_cost' -> 6 from d),
  '{"day": "2026-10-05", "cost_usd": 0.0238, "cost_usd_7d_avg": 0.003543, "requests": 6, "unpriced_requests": 0}'::jsonb,
  'Oct 5: six requests, $0.0238; average (0.001 + 0.0238) / 7');
select is((select j -> 'daily_cost' -> 4 ->> 'cost_usd_7d_avg' from d)::numeric, 0.000143,
  'a day without usage still carries the average of the days before it');
select is((select j -> 'projection' from d),
  '{"from_day": "2026-09-29", "to_day": "2026-10-05", "last_7_days_usd": 0.0248, "monthly_usd": 0.10664}'::jsonb,
  'projection: (0.001 + 0.0238) × 4.3');
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;
select is(
  (select round(sum(v.cost_usd_7d_avg), 6) from monitoring.v_daily_usage_cost v where v.app = 'twtest-600' and v.day = '2026-10-05'),
  (select (j -> 'daily_cost' -> 6 ->> 'cost_usd_7d_avg')::numeric from d),
  'the same 7-day average as v_daily_usage_cost once everything is rolled up');
select is((select jsonb_array_length(j -> 'daily_cost') from (
  select monitoring.dashboard_data('2026-09-06 00:00Z', '2026-10-06 00:00Z', interval '1 day', 'twtest-600') as j) m), 30,
  'a 30-day window: 30 days');

select * from finish();
rollback;
