-- A daily budget in America/New_York resets at local midnight (05:00 UTC in winter); one in
-- Asia/Kolkata at 18:30 UTC (the 15-minute rollup makes half-hour zones exact); DST days are
-- 23 hours; weeks start on ISO Monday; rolling periods count whole 15-minute buckets.
begin;
select plan(9);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
delete from monitoring.budgets;
-- $1 per 1M input tokens
insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'twtest-803', 1, 1, '2020-01-01', true);
insert into monitoring.budgets (name, scope, period, time_zone, limit_usd)
values ('twtest-803-ny', '{"user_id": "*", "app": "twtest-803"}', 'day', 'America/New_York', 1),
       ('twtest-803-in', '{"user_id": "*", "app": "twtest-803-in"}', 'day', 'Asia/Kolkata', 1);

insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, user_id, app)
values ('ny1', '2026-12-02 04:00+00', 'openai', 'twtest-803', 900000, 'ny', 'twtest-803'),      -- 23:00 Dec 1 in New York, $0.90
       ('in1', '2026-12-01 18:20+00', 'openai', 'twtest-803', 300000, 'in', 'twtest-803-in'),   -- 23:50 Dec 1 in India, $0.30
       ('in2', '2026-12-01 18:40+00', 'openai', 'twtest-803', 400000, 'in', 'twtest-803-in');   -- 00:10 Dec 2 in India, $0.40
select monitoring.refresh_usage_rollups();

select results_eq(
  $$select period_start, period_end, spent_usd::numeric(10,2), state
    from monitoring.check_budget('{"user_id": "ny", "app": "twtest-803"}', '2026-12-02 04:30+00')$$,
  $$values ('2026-12-01 05:00+00'::timestamptz, '2026-12-02 05:00+00'::timestamptz, 0.90::numeric(10,2), 'warning')$$,
  '23:30 in New York: the local day holds the $0.90 event, warning');
select results_eq(
  $$select period_start, spent_usd::numeric(10,2), state
    from monitoring.check_budget('{"user_id": "ny", "app": "twtest-803"}', '2026-12-02 05:30+00')$$,
  $$values ('2026-12-02 05:00+00'::timestamptz, 0.00::numeric(10,2), 'ok')$$,
  '00:30 in New York: a new day, $0, ok');
insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, user_id, app)
values ('ny2', '2026-12-02 05:10+00', 'openai', 'twtest-803', 200000, 'ny', 'twtest-803');
select is((select spent_usd::numeric(10,2) from monitoring.check_budget('{"user_id": "ny", "app": "twtest-803"}', '2026-12-02 05:30+00')),
  0.20::numeric(10,2), 'an event after local midnight counts in the new day');
select results_eq(
  $$select period_start, spent_usd::numeric(10,2)
    from monitoring.check_budget('{"user_id": "in", "app": "twtest-803-in"}', '2026-12-01 20:00+00')$$,
  $$values ('2026-12-01 18:30+00'::timestamptz, 0.40::numeric(10,2))$$,
  'Asia/Kolkata: the day starts 18:30 UTC; only the $0.40 after local midnight counts');
select results_eq(
  $$select period_start, period_end from monitoring.budget_period('day', 'America/New_York', '2026-03-08 12:00+00')$$,
  $$values ('2026-03-08 05:00+00'::timestamptz, '2026-03-09 04:00+00'::timestamptz)$$,
  'the DST day in New York is 23 hours');
select results_eq(
  $$select period_start, period_end from monitoring.budget_period('week', 'UTC', '2026-12-02 10:00+00')$$,
  $$values ('2026-11-30 00:00+00'::timestamptz, '2026-12-07 00:00+00'::timestamptz)$$,
  'a week starts on ISO Monday');
select results_eq(
  $$select period_start, period_end from monitoring.budget_period('month', 'Europe/Paris', '2026-12-31 23:30+00')$$,
  $$values ('2026-12-31 23:00+00'::timestamptz, '2027-01-31 23:00+00'::timestamptz)$$,
  '23:30 UTC on Dec 31 is January in Paris');
select results_eq(
  $$select period_start, period_end, spend_to from monitoring.budget_period('24 hours', 'UTC', '2026-12-02 10:07+00')$$,
  $$values ('2026-12-01 10:00+00'::timestamptz, '2026-12-02 10:07+00'::timestamptz, '2026-12-02 10:15+00'::timestamptz)$$,
  'a rolling 24 hours starts at the 15-minute bucket holding now - 24 hours');
select is((select spent_usd::numeric(10,2) from monitoring.check_budget('{"user_id": "ny", "app": "twtest-803"}', '2026-12-02 05:30+00')
           where budget = 'twtest-803-ny'), 0.20::numeric(10,2), 'check_budget reads the rollup and the queue together');

select * from finish();
rollback;
