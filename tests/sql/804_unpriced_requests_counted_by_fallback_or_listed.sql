-- Unpriced requests: counted at the budget's fallback price when configured, otherwise listed
-- as unpriced (never added as $0 silently): partly_unpriced says so.
begin;
select plan(4);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
delete from monitoring.budgets;
delete from monitoring.notification_channels;
insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'twtest-804-priced', 1, 1, '2020-01-01', true);
insert into monitoring.budgets (name, scope, period, limit_usd, count_unpriced_at_usd_per_mtok)
values ('twtest-804-fallback', '{"user_id": "*"}', 'month', 10, 2),
       ('twtest-804-listed', '{"user_id": "*"}', 'month', 10, null);

insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, user_id)
values ('p1', '2026-12-02 09:00+00', 'openai', 'twtest-804-priced', 1000000, 0, 'twtest-804-u'),       -- $1
       ('u1', '2026-12-02 09:05+00', 'acme', 'twtest-804-unknown', 500000, 500000, 'twtest-804-u');   -- unpriced, 1M tokens
select monitoring.refresh_usage_rollups();
insert into monitoring.usage_events (request_id, occurred_at, provider, model, input_tokens, output_tokens, user_id)
values ('u2', '2026-12-02 09:10+00', 'acme', 'twtest-804-unknown', 250000, 250000, 'twtest-804-u');    -- unpriced, 0.5M, queued

select results_eq(
  $$select budget, spent_usd::numeric(10,4), unpriced_requests, partly_unpriced
    from monitoring.check_budget('{"user_id": "twtest-804-u"}', '2026-12-03 00:00+00') order by budget$$,
  $$values ('twtest-804-fallback', 4.0000::numeric(10,4), 2::bigint, false),
           ('twtest-804-listed', 1.0000::numeric(10,4), 2::bigint, true)$$,
  'fallback: $1 + 1.5M tokens x $2/M = $4; without it: $1 priced and 2 requests listed as unpriced');
select is((select state from monitoring.check_budget('{"user_id": "twtest-804-u"}', '2026-12-03 00:00+00') where budget = 'twtest-804-fallback'),
  'ok', '40% is below the first threshold');
update monitoring.budgets set limit_usd = 1.5 where name = 'twtest-804-listed';
-- $1 of $1.50 = 66.7%: the 50% threshold is crossed on the priced part alone
select is(monitoring.notify_budgets(null, '2026-12-03 00:00+00'), 0, 'no channel: no outbox row');
select results_eq(
  $$select b.name, n.threshold from monitoring.budget_notices n join monitoring.budgets b on b.id = n.budget_id$$,
  $$values ('twtest-804-listed', 0.5)$$, 'but the crossing is recorded once');

select * from finish();
rollback;
