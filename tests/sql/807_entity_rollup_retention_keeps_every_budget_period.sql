-- Retention of the per-entity rollups (20261203020100): apply_retention deletes the rows older
-- than entity_rollup_cutoff (the keep, at least 33 days, or the longest rolling budget + a day),
-- every budget's spend stays the same, and a rolling period reaching back before what was deleted
-- is refused.
begin;
select plan(12);
set local timezone = 'UTC';

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
delete from monitoring.budgets;
delete from monitoring.usage_entity_15m;
delete from monitoring.usage_entity_daily;
update monitoring.retention_settings set keep = interval '35 days' where kind = 'usage_entity_rollups';

insert into monitoring.budgets (name, scope, period, time_zone, limit_tokens) values
  -- December in UTC+14 starts 2026-11-30 10:00 UTC
  ('twtest-807-month', '{"user_id": "*"}', 'month', 'Pacific/Kiritimati', 1000000),
  ('twtest-807-rolling', '{"user_id": "*"}', '30 days', 'UTC', 1000000);

insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, user_id)
values
  ('r1', '2026-10-20 09:00+00', 'acme', 'twtest-807-unpriced', 100, 0, 'twtest-807-u1'),  -- before the cutoff
  ('r2', '2026-10-29 09:00+00', 'acme', 'twtest-807-unpriced', 200, 0, 'twtest-807-u1'),  -- kept, in no period
  ('r3', '2026-11-15 09:00+00', 'acme', 'twtest-807-unpriced', 1600, 0, 'twtest-807-u1'), -- the rolling 30 days
  ('r4', '2026-11-30 12:00+00', 'acme', 'twtest-807-unpriced', 400, 0, 'twtest-807-u1'),  -- both
  ('r5', '2026-12-01 10:00+00', 'acme', 'twtest-807-unpriced', 800, 0, 'twtest-807-u1');  -- both
select monitoring.refresh_usage_rollups();

-- month: 400 + 800 = 1,200; rolling 30 days (from 2026-11-02 12:00): 1,600 + 400 + 800 = 2,800
select results_eq(
  $$select budget, spent_tokens from monitoring.check_budget('{"user_id": "twtest-807-u1"}', '2026-12-02 12:00+00') order by 1$$,
  $$values ('twtest-807-month', 1200::bigint), ('twtest-807-rolling', 2800::bigint)$$,
  'before retention');

-- the cutoff: the earliest of the keep, 33 days and each rolling budget + a day
update monitoring.retention_settings set keep = interval '10 days' where kind = 'usage_entity_rollups';
select is(monitoring.entity_rollup_cutoff('2026-12-02 12:00+00'), '2026-10-30 12:00+00'::timestamptz,
  'a keep below 33 days: 33 days (a calendar month in any time zone) are kept');
update monitoring.budgets set period = '40 days' where name = 'twtest-807-rolling';
select is(monitoring.entity_rollup_cutoff('2026-12-02 12:00+00'), '2026-10-22 12:00+00'::timestamptz,
  'a rolling budget of 40 days keeps 41');
update monitoring.budgets set period = '1 year' where name = 'twtest-807-rolling';
select is(monitoring.entity_rollup_cutoff('2028-03-01 12:05+00'), '2027-02-28 12:05+00'::timestamptz,
  'a rolling year is a calendar year (2027-03-01 12:00 is the period''s start), plus a day');
update monitoring.budgets set period = '30 days' where name = 'twtest-807-rolling';
update monitoring.retention_settings set keep = interval '35 days' where kind = 'usage_entity_rollups';

-- cutoff: 2026-12-02 12:00 - 35 days = 2026-10-28 12:00; r1's 15-minute and daily rows go
select results_eq(
  $$select (r ->> 'cutoff')::timestamptz, (r ->> 'rows_deleted')::int, (r ->> 'more')::boolean
    from (select monitoring.apply_retention('2026-12-02 12:00+00') -> 'usage_entity_rollups' as r) x$$,
  $$values ('2026-10-28 12:00+00'::timestamptz, 2, false)$$,
  'apply_retention deletes the entity rows before the cutoff');
select results_eq(
  $$select bucket from monitoring.usage_entity_15m where user_id = 'twtest-807-u1' order by 1$$,
  $$values ('2026-10-29 09:00+00'::timestamptz), ('2026-11-15 09:00+00'), ('2026-11-30 12:00+00'), ('2026-12-01 10:00+00')$$,
  'the 15-minute rows after the cutoff stay');
select results_eq(
  $$select day from monitoring.usage_entity_daily where user_id = 'twtest-807-u1' order by 1$$,
  $$values ('2026-10-29 00:00+00'::timestamptz), ('2026-11-15 00:00+00'), ('2026-11-30 00:00+00'), ('2026-12-01 00:00+00')$$,
  'the daily rows of days after the cutoff stay');
select results_eq(
  $$select budget, spent_tokens from monitoring.check_budget('{"user_id": "twtest-807-u1"}', '2026-12-02 12:00+00') order by 1$$,
  $$values ('twtest-807-month', 1200::bigint), ('twtest-807-rolling', 2800::bigint)$$,
  'after retention every budget has the same spend');

-- what was deleted stays deleted: against the real clock (the trigger's), keep 35 days
update monitoring.retention_settings set keep = interval '35 days', pruned_before = null where kind = 'usage_entity_rollups';
do $$ begin perform monitoring.apply_retention(now()); end $$;
select is((select pruned_before from monitoring.retention_settings where kind = 'usage_entity_rollups'), now() - interval '35 days',
  'apply_retention keeps the cutoff it applied');
select throws_like(
  $$insert into monitoring.budgets (name, scope, period, limit_tokens) values ('twtest-807-long', '{"user_id": "*"}', '40 days', 1000)$$,
  'monitoring.budgets: a rolling period of 40 days reaches back to %, but the per-entity rollups before % were deleted by retention%',
  'a rolling period reaching back before the deleted rows is refused');
update monitoring.retention_settings set keep = interval '400 days' where kind = 'usage_entity_rollups';
select throws_like(
  $$update monitoring.budgets set period = '40 days' where name = 'twtest-807-rolling'$$,
  '%were deleted by retention (retention_settings usage_entity_rollups keeps 400 days)%',
  'raising the keep does not bring them back: still refused, on an update too');
select lives_ok(
  $$insert into monitoring.budgets (name, scope, period, limit_tokens) values ('twtest-807-34', '{"user_id": "*"}', '34 days', 1000)$$,
  'a rolling period inside what is kept is taken');

select * from finish();
rollback;
