-- A reprice (a price added for a model that had none) corrects the per-entity rollups, for
-- rolled-up and still-queued events alike, so budgets see the new cost.
begin;
select plan(3);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
delete from monitoring.budgets;
insert into monitoring.budgets (name, scope, period, limit_usd) values ('twtest-805', '{"user_id": "*"}', 'month', 10);

insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, user_id)
values ('r1', '2026-12-02 09:00+00', 'acme', 'twtest-805-model', 1000000, 0, 'twtest-805-u');
select monitoring.refresh_usage_rollups();
insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, user_id)
values ('r2', '2026-12-03 09:00+00', 'acme', 'twtest-805-model', 0, 1000000, 'twtest-805-u');

select results_eq(
  $$select spent_usd::numeric(10,4), unpriced_requests from monitoring.check_budget('{"user_id": "twtest-805-u"}', '2026-12-10 00:00+00')$$,
  $$values (0::numeric(10,4), 2::bigint)$$, 'unpriced: $0 counted, 2 requests listed');

-- $2 per 1M input, $4 per 1M output: 1M in = $2, 1M out = $4
insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
values ('acme', 'twtest-805-model', 2, 4, '2020-01-01', true);
select count(*) from monitoring.reprice('2026-12-01', '2026-12-04', false);

select results_eq(
  $$select spent_usd::numeric(10,4), unpriced_requests from monitoring.check_budget('{"user_id": "twtest-805-u"}', '2026-12-10 00:00+00')$$,
  $$values (6::numeric(10,4), 0::bigint)$$, 'after the reprice: $2 + $4 = $6, nothing unpriced');
select results_eq(
  $$select sum(cost_usd)::numeric(10,4), sum(unpriced_requests)::bigint from monitoring.usage_entity_daily
    where entity = 'user' and user_id = 'twtest-805-u'$$,
  $$values (6::numeric(10,4), 0::bigint)$$, 'the daily rows hold the new cost');

select * from finish();
rollback;
