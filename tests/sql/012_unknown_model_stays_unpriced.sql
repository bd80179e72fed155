-- An event whose model has no price keeps cost_usd NULL (never 0, whatever the caller sent)
-- and is counted as unpriced in the rollup, the summary, the health metrics and the view.
begin;
select plan(11);

insert into monitoring.usage_events
  (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, cost_usd, app)
values
  ('u1', 'twtest-012', '2026-11-20 10:10Z', 'acme', 'twtest-no-such-model-012', 700, 300, 0, 'twtest-012'),
  ('u2', 'twtest-012', '2026-11-20 10:20Z', 'acme', 'twtest-no-such-model-012', 100, 50, 1.5, 'twtest-012');

insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'twtest-priced-012', 1.00, 1.00, '2020-01-01', true);
insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app)
values ('p1', 'twtest-012', '2026-11-20 10:30Z', 'openai', 'twtest-priced-012', 1000, 1000, 'twtest-012'); -- 0.002

select is((select count(*)::int from monitoring.usage_events
           where source = 'twtest-012' and model = 'twtest-no-such-model-012' and cost_usd is null),
          2, 'unknown model: cost_usd is NULL even when the caller sent 0 or a number');

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;

select results_eq(
  $$select requests, unpriced_requests, unpriced_input_tokens, unpriced_output_tokens, cost_usd
      from monitoring.usage_hourly where model = 'twtest-no-such-model-012'$$,
  $$values (2::bigint, 2::bigint, 800::bigint, 350::bigint, 0::numeric)$$,
  'rollup: 2 unpriced requests with their tokens, adding no cost');

select is((monitoring.usage_summary('2026-11-20', '2026-11-21', p_app => 'twtest-012') ->> 'unpriced_requests')::int,
          2, 'usage_summary counts 2 unpriced requests');
select is((monitoring.usage_summary('2026-11-20', '2026-11-21', p_app => 'twtest-012') ->> 'priced_requests')::int,
          1, 'usage_summary counts 1 priced request');
select is((monitoring.usage_summary('2026-11-20', '2026-11-21', p_app => 'twtest-012') ->> 'unpriced_share')::numeric,
          0.666667, 'unpriced_share = 2/3');
select is((monitoring.usage_summary('2026-11-20', '2026-11-21', p_app => 'twtest-012') ->> 'cost_usd')::numeric,
          0.002::numeric, 'cost is the priced request''s only');
select is((monitoring.usage_summary('2026-11-20', '2026-11-21', p_app => 'twtest-012') ->> 'cost_per_request')::numeric,
          0.002::numeric, 'cost per request divides by priced requests');
select is((monitoring.health_metrics('2026-11-20', '2026-11-21', p_app => 'twtest-012') ->> 'unpriced_requests')::int,
          2, 'health_metrics counts 2 unpriced requests');
-- a window with edges: the raw-event path counts unpriced the same way
select is((monitoring.health_metrics('2026-11-20 10:05Z', '2026-11-20 10:25Z', p_app => 'twtest-012') ->> 'unpriced_requests')::int,
          2, 'unpriced counted from raw events in partial hours too');
select results_eq(
  $$select unpriced_requests, unpriced_input_tokens, unpriced_output_tokens, unpriced_share
      from monitoring.v_unpriced_usage where model = 'twtest-no-such-model-012'$$,
  $$values (2::numeric, 800::numeric, 350::numeric, 1::numeric)$$,
  'v_unpriced_usage lists the model');
select is((select count(*)::int from monitoring.v_unpriced_usage where model = 'twtest-priced-012'),
          0, 'a priced model is not in v_unpriced_usage');

select * from finish();
rollback;
