-- A per-user monthly $10 budget with hand-computed events: crossing 80% queues one message,
-- crossing 100% one more, checking again queues none, a new month starts clean. Two users each
-- have their own state. Spend = rollup (closed part) + queued events.
begin;
select plan(22);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
-- only this test's budgets and channel (rolled back at the end)
delete from monitoring.budgets;
delete from monitoring.notification_channels;

-- $1 per 1M input tokens, $3 per 1M output tokens
insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'twtest-801', 1, 3, '2020-01-01', true);
insert into monitoring.notification_channels (name, kind, secret_name, url)
values ('twtest-801-hook', 'webhook', 'twtest_801_secret', 'http://127.0.0.1:9/hook');
insert into monitoring.budgets (name, scope, period, limit_usd)
values ('twtest-801-per-user', '{"app": "twtest-801", "user_id": "*"}', 'month', 10);

insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, user_id, app)
values
  -- November: another period, not counted
  ('e0', '2026-11-30 23:59:59+00', 'openai', 'twtest-801', 1000000, 0, 'u1', 'twtest-801'),
  -- 2M in x $1 + 1M out x $3 = $5
  ('e1', '2026-12-01 10:00+00', 'openai', 'twtest-801', 2000000, 1000000, 'u1', 'twtest-801'),
  -- u2: 0.5M in = $0.50
  ('e2', '2026-12-02 10:00+00', 'openai', 'twtest-801', 500000, 0, 'u2', 'twtest-801'),
  -- another app: not this budget
  ('e3', '2026-12-02 11:00+00', 'openai', 'twtest-801', 9000000, 0, 'u1', 'twtest-801-other');
select monitoring.refresh_usage_rollups();
-- after the rollup ran, still queued: 0.5M in + 1M out = $0.50 + $3 = $3.50
insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, user_id, app)
values ('e4', '2026-12-03 10:00+00', 'openai', 'twtest-801', 500000, 1000000, 'u1', 'twtest-801');

-- as of 2026-12-18 00:00 UTC: u1 spent $5 + $3.50 = $8.50 of $10 = 85%
select results_eq(
  $$select budget, scope_value, spent_usd::numeric(10,4), remaining_usd::numeric(10,4), percent::numeric(10,4), state,
           period_start, period_end, spent_tokens
    from monitoring.check_budget('{"app": "twtest-801", "user_id": "u1", "model": "twtest-801"}', '2026-12-18 00:00+00')$$,
  $$values ('twtest-801-per-user', '{"app": "twtest-801", "user_id": "u1"}'::jsonb, 8.5::numeric(10,4), 1.5::numeric(10,4),
            85::numeric(10,4), 'warning', '2026-12-01 00:00+00'::timestamptz, '2027-01-01 00:00+00'::timestamptz, 4500000::bigint)$$,
  'u1: $8.50 of $10 (rollup $5 + queued $3.50), 85%, warning');
-- pace: $8.50 in 17 days = $0.50/day; the remaining $1.50 takes 3 more days
select is((select forecast_exhausted_at from monitoring.check_budget('{"app": "twtest-801", "user_id": "u1"}', '2026-12-18 00:00+00')),
  '2026-12-21 00:00+00'::timestamptz, 'forecast: the limit is reached on 2026-12-21 at this pace');
select results_eq(
  $$select spent_usd::numeric(10,4), percent::numeric(10,4), state
    from monitoring.check_budget('{"app": "twtest-801", "user_id": "u2"}', '2026-12-18 00:00+00')$$,
  $$values (0.5::numeric(10,4), 5::numeric(10,4), 'ok')$$,
  'u2 has its own state: $0.50, 5%, ok');
select is((select count(*)::int from monitoring.check_budget('{"app": "twtest-801"}', '2026-12-18 00:00+00')), 0,
  'a scope without user_id does not match a per-user budget');
select is((select count(*)::int from monitoring.budget_status('2026-12-18 00:00+00') where budget = 'twtest-801-per-user'), 2,
  'budget_status lists each user of the "*" budget');

-- 85% crosses 50% and 80% at once: two notices, one message (for 80%)
select is(monitoring.notify_budgets(null, '2026-12-18 00:00+00'), 1, 'crossing 80% queues one message');
select results_eq(
  $$select threshold from monitoring.budget_notices n join monitoring.budgets b on b.id = n.budget_id
    where b.name = 'twtest-801-per-user' order by threshold$$,
  $$values (0.5), (0.8)$$, 'both thresholds crossed are recorded');
select results_eq(
  $$select severity, message ->> 'threshold', message ->> 'spent_usd', message ->> 'title',
           message -> 'by_model' -> 0 ->> 'model', message ->> 'forecast_exhausted_at'
    from monitoring.notifications where budget_notice_id is not null$$,
  $$values ('WARNING', '0.8', '8.500000000000', 'Budget twtest-801-per-user: 80% reached for app=twtest-801, user_id=u1',
            'twtest-801', '2026-12-21T00:00:00+00:00')$$,
  'the message says what was spent, by which model, and the forecast');
select is(monitoring.notify_budgets(null, '2026-12-18 00:00+00'), 0, 'evaluating again queues nothing');

-- 0.5M in + 0.5M out = $0.50 + $1.50 = $2: u1 at $10.50 = 105%
insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, user_id, app)
values ('e5', '2026-12-10 10:00+00', 'openai', 'twtest-801', 500000, 500000, 'u1', 'twtest-801');
select results_eq(
  $$select spent_usd::numeric(10,4), remaining_usd::numeric(10,4), percent::numeric(10,4), state, forecast_exhausted_at
    from monitoring.check_budget('{"app": "twtest-801", "user_id": "u1"}', '2026-12-18 00:00+00')$$,
  $$values (10.5::numeric(10,4), -0.5::numeric(10,4), 105::numeric(10,4), 'exceeded', null::timestamptz)$$,
  'u1: $10.50, 105%, exceeded, no forecast');
select is(monitoring.notify_budgets('[{"app": "twtest-801", "user_id": "u1"}]', '2026-12-18 00:00+00'), 1,
  'crossing 100% queues one more message (evaluated for the batch''s scope, as ingest does)');
select is((select severity from monitoring.notifications where budget_notice_id is not null order by id desc limit 1),
  'CRITICAL', 'the 100% message is CRITICAL');
select is(monitoring.notify_budgets(null, '2026-12-18 00:00+00') + monitoring.notify_budgets(null, '2026-12-18 00:01+00')
          + monitoring.notify_budgets(null, '2026-12-18 00:02+00') + monitoring.notify_budgets(null, '2026-12-19 00:00+00')
          + monitoring.notify_budgets('[{"app": "twtest-801", "user_id": "u1"}]', '2026-12-20 00:00+00'), 0,
  'checking 5 more times queues nothing');
select is((select count(*)::int from monitoring.notifications where budget_notice_id is not null), 2,
  'two messages in all this month');
select is((select count(*)::int from monitoring.notifications where budget_notice_id is not null
             and idempotency_key ~ '^budget:[0-9]+:channel:[0-9]+$'), 2, 'keyed by notice and channel');

-- January: a new period, ok again
select results_eq(
  $$select spent_usd::numeric(10,4), state, period_start
    from monitoring.check_budget('{"app": "twtest-801", "user_id": "u1"}', '2027-01-02 00:00+00')$$,
  $$values (0::numeric(10,4), 'ok', '2027-01-01 00:00+00'::timestamptz)$$, 'a new month starts at $0, ok');
select is(monitoring.notify_budgets(null, '2027-01-02 00:00+00'), 0, 'nothing to say in a clean month');
-- 4M in + 1.5M out = $4 + $4.50 = $8.50: 85% again
insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, user_id, app)
values ('e6', '2027-01-01 12:00+00', 'openai', 'twtest-801', 4000000, 1500000, 'u1', 'twtest-801');
select is((select percent::numeric(10,4) from monitoring.check_budget('{"app": "twtest-801", "user_id": "u1"}', '2027-01-02 00:00+00')),
  85::numeric(10,4), 'January: 85%');
select is(monitoring.notify_budgets(null, '2027-01-02 00:00+00'), 1, 'the next crossing messages again');

-- a disabled budget is not checked; a channel that wants CRITICAL only gets no warning
update monitoring.budgets set enabled = false where name = 'twtest-801-per-user';
select is((select count(*)::int from monitoring.check_budget('{"app": "twtest-801", "user_id": "u1"}', '2027-01-02 00:00+00')), 0,
  'a disabled budget does not apply');
update monitoring.budgets set enabled = true, channels = '{nobody}' where name = 'twtest-801-per-user';
insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, user_id, app)
values ('e7', '2027-01-01 13:00+00', 'openai', 'twtest-801', 2000000, 0, 'u1', 'twtest-801');
select is(monitoring.notify_budgets(null, '2027-01-02 00:00+00'), 0, 'no message to channels the budget does not name');
select is((select count(*)::int from monitoring.budget_notices n join monitoring.budgets b on b.id = n.budget_id
           where b.name = 'twtest-801-per-user' and n.period_key = '2027-01-01 00:00+00'), 3,
  'but the crossing of 100% is recorded (50%, 80%, 100%)');

select * from finish();
rollback;
