-- A price that changes in the middle of a week prices each event by the price in force at
-- its own occurred_at; the boundary instant belongs to the new price (effective_to exclusive).
begin;
select plan(7);

insert into monitoring.model_prices
  (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, effective_to, custom)
values
  ('openai', 'twtest-midweek', 1.00, 2.00, '2026-11-02 00:00Z', '2026-11-05 00:00Z', true),
  ('openai', 'twtest-midweek', 3.00, 6.00, '2026-11-05 00:00Z', null, true);

insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens)
values
  ('before', 'twtest-011', '2026-11-01 23:59Z', 'openai', 'twtest-midweek', 1000, 1000), -- no price yet: NULL
  ('mon',    'twtest-011', '2026-11-03 12:00Z', 'openai', 'twtest-midweek', 1000, 1000), -- 1000*1 + 1000*2 = 3000 -> 0.003
  ('edge-1', 'twtest-011', '2026-11-04 23:59:59.999999Z', 'openai', 'twtest-midweek', 1000, 1000), -- old price: 0.003
  ('edge',   'twtest-011', '2026-11-05 00:00Z', 'openai', 'twtest-midweek', 1000, 1000), -- new: 1000*3 + 1000*6 = 9000 -> 0.009
  ('sat',    'twtest-011', '2026-11-07 09:00Z', 'openai', 'twtest-midweek', 1000, 1000); -- 0.009

select is((select cost_usd from monitoring.usage_events where source = 'twtest-011' and request_id = 'before'),
          null, 'before the first price: unpriced (NULL)');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-011' and request_id = 'mon'),
          0.003::numeric, 'Tuesday: the old price');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-011' and request_id = 'edge-1'),
          0.003::numeric, 'the last microsecond before the change: the old price');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-011' and request_id = 'edge'),
          0.009::numeric, 'the instant of the change: the new price');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-011' and request_id = 'sat'),
          0.009::numeric, 'Saturday: the new price');

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;

select is((select sum(cost_usd) from monitoring.usage_hourly where model = 'twtest-midweek'),
          0.024::numeric, 'the rollup carries each event''s own cost: 0.003 * 2 + 0.009 * 2');
select is((monitoring.usage_summary('2026-11-01', '2026-11-08', p_model => 'twtest-midweek') ->> 'cost_usd')::numeric,
          0.024::numeric, 'usage_summary over the week: 0.024 USD, the unpriced event adds nothing');

select * from finish();
rollback;
