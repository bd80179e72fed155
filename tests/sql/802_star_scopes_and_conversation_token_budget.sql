-- "*" scopes give each value its own budget; a conversation budget in tokens; a fixed-value
-- customer budget; the per-entity rollup and the queue add up to the same spend.
begin;
select plan(7);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
delete from monitoring.budgets;

insert into monitoring.budgets (name, scope, period, limit_tokens)
values ('twtest-802-conv', '{"conversation_id": "*"}', 'day', 1000);
insert into monitoring.budgets (name, scope, period, limit_usd, limit_tokens)
values ('twtest-802-acme', '{"customer_id": "acme"}', 'month', 100, 2000);

insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, conversation_id, customer_id)
values
  ('c1a', '2026-12-02 09:00+00', 'acme', 'twtest-802-unpriced', 400, 200, 'twtest-802-c1', 'acme'),  -- 600
  ('c2a', '2026-12-02 09:10+00', 'acme', 'twtest-802-unpriced', 250, 50, 'twtest-802-c2', 'acme'),   -- 300
  ('c1y', '2026-12-01 23:59+00', 'acme', 'twtest-802-unpriced', 5000, 0, 'twtest-802-c1', null);    -- yesterday
select monitoring.refresh_usage_rollups();
insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, conversation_id, customer_id)
values ('c1b', '2026-12-02 10:00+00', 'acme', 'twtest-802-unpriced', 300, 200, 'twtest-802-c1', 'acme'); -- +500 (queued)

-- c1: 600 + 500 = 1,100 of 1,000 tokens = 110%; c2: 300 = 30%
select results_eq(
  $$select scope_value ->> 'conversation_id', spent_tokens, percent::numeric(10,2), state
    from monitoring.budget_status('2026-12-02 12:00+00') where budget = 'twtest-802-conv' and scope_value ->> 'conversation_id' like 'twtest-802-%' order by 1$$,
  $$values ('twtest-802-c1', 1100::bigint, 110.00::numeric(10,2), 'exceeded'), ('twtest-802-c2', 300::bigint, 30.00::numeric(10,2), 'ok')$$,
  'each conversation has its own token budget');
select results_eq(
  $$select spent_tokens, remaining_usd, state
    from monitoring.check_budget('{"conversation_id": "twtest-802-c2"}', '2026-12-02 12:00+00')$$,
  $$values (300::bigint, null::numeric, 'ok')$$, 'check_budget for one conversation; no USD limit, no remaining_usd');
-- acme: 600 + 300 + 500 = 1,400 of 2,000 tokens = 70% (the USD limit: unpriced, $0 counted, 0%)
select results_eq(
  $$select budget, scope_value, spent_tokens, percent::numeric(10,2), state, unpriced_requests, partly_unpriced
    from monitoring.check_budget('{"customer_id": "acme", "user_id": "x"}', '2026-12-02 12:00+00')$$,
  $$values ('twtest-802-acme', '{"customer_id": "acme"}'::jsonb, 1400::bigint, 70.00::numeric(10,2), 'warning', 3::bigint, true)$$,
  'a fixed customer budget: the tightest limit (tokens) sets the percent; unpriced requests listed');
select is((select count(*)::int from monitoring.check_budget('{"customer_id": "other"}', '2026-12-02 12:00+00')), 0,
  'another customer is not in acme''s budget');
select is((select count(*)::int from monitoring.budget_status('2026-12-02 12:00+00') where budget = 'twtest-802-acme'), 1,
  'a fixed budget has one row');
-- the rollups hold exactly the rolled-up events, one row per entity they name
select results_eq(
  $$select bucket, entity, conversation_id, customer_id, input_tokens + output_tokens from monitoring.usage_entity_15m
    where conversation_id like 'twtest-802-%' or (entity = 'customer' and customer_id = 'acme') order by 1, 2, 3$$,
  $$values ('2026-12-01 23:45+00'::timestamptz, 'conversation', 'twtest-802-c1', null, 5000::bigint),
           ('2026-12-02 09:00+00'::timestamptz, 'conversation', 'twtest-802-c1', 'acme', 600::bigint),
           ('2026-12-02 09:00+00'::timestamptz, 'conversation', 'twtest-802-c2', 'acme', 300::bigint),
           ('2026-12-02 09:00+00'::timestamptz, 'customer', null, 'acme', 900::bigint)$$,
  'usage_entity_15m: 15-minute buckets per conversation and per customer (the queued event is not in it yet)');
select results_eq(
  $$select day, entity, conversation_id, input_tokens + output_tokens from monitoring.usage_entity_daily
    where conversation_id like 'twtest-802-%' or (entity = 'customer' and customer_id = 'acme') order by 1, 2, 3$$,
  $$values ('2026-12-01 00:00+00'::timestamptz, 'conversation', 'twtest-802-c1', 5000::bigint),
           ('2026-12-02 00:00+00'::timestamptz, 'conversation', 'twtest-802-c1', 600::bigint),
           ('2026-12-02 00:00+00'::timestamptz, 'conversation', 'twtest-802-c2', 300::bigint),
           ('2026-12-02 00:00+00'::timestamptz, 'customer', null, 900::bigint)$$,
  'usage_entity_daily: the same rows per UTC day');

select * from finish();
rollback;
