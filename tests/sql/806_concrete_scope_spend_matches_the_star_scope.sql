-- check_budget's concrete scopes (added up by budget_spend's cached plan, 20261203030300) give
-- exactly what budget_status's "*" scopes (the query built per call) give for the same value:
-- partial local days from the 15-minute rows, whole UTC days from the daily rows, queued events,
-- and the scope's other keys as filters. Tokens by hand in the comments.
begin;
select plan(8);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
delete from monitoring.budgets;

insert into monitoring.budgets (name, scope, period, time_zone, limit_tokens) values
  ('twtest-806-user', '{"user_id": "*", "app": "twtest-806-shop"}', 'month', 'America/New_York', 100000),
  ('twtest-806-customer', '{"customer_id": "*"}', 'month', 'UTC', 100000),
  ('twtest-806-conversation', '{"conversation_id": "*", "user_id": "*"}', 'month', 'UTC', 100000),
  -- a Kolkata day: [2026-12-14 18:30, 2026-12-15 18:30) UTC, no whole UTC day, both 15-minute edges
  ('twtest-806-day', '{"user_id": "*", "model": "gpt-4o-mini", "environment": "production"}', 'day', 'Asia/Kolkata', 100000);

insert into monitoring.usage_events
  (request_id, occurred_at, provider, model, app, input_tokens, output_tokens, user_id, customer_id, conversation_id)
values
  -- before New York's December (05:00 UTC): not in the user budget, in the UTC customer month
  ('e1', '2026-12-01 04:50+00', 'acme', 'twtest-806-unpriced', 'twtest-806-shop', 100, 0, 'twtest-806-u1', 'twtest-806-c1', null),
  -- New York's first, partial UTC day: 15-minute rows
  ('e2', '2026-12-01 05:10+00', 'acme', 'twtest-806-unpriced', 'twtest-806-shop', 150, 50, 'twtest-806-u1', 'twtest-806-c1', null),
  -- whole UTC days: daily rows
  ('e3', '2026-12-03 10:00+00', 'acme', 'twtest-806-unpriced', 'twtest-806-shop', 300, 100, 'twtest-806-u1', 'twtest-806-c1', 'twtest-806-k1'),
  ('e4', '2026-12-03 11:00+00', 'acme', 'twtest-806-unpriced', 'twtest-806-other', 800, 0, 'twtest-806-u1', 'twtest-806-c1', null),
  ('e5', '2026-12-14 23:00+00', 'acme', 'twtest-806-unpriced', 'twtest-806-shop', 1600, 0, 'twtest-806-u2', 'twtest-806-c2', 'twtest-806-k2');
insert into monitoring.usage_events
  (request_id, occurred_at, provider, model, environment, input_tokens, output_tokens, user_id)
values
  ('e8', '2026-12-14 20:00+00', 'openai', 'gpt-4o-mini', 'production', 1000, 500, 'twtest-806-u1'),   -- first edge
  ('e9', '2026-12-15 02:00+00', 'openai', 'gpt-4o-mini', 'staging', 4000, 0, 'twtest-806-u1'),       -- other environment
  ('e10', '2026-12-15 03:00+00', 'openai', 'gpt-4o-mini', 'production', 2000, 1000, 'twtest-806-u1'); -- last edge
select monitoring.refresh_usage_rollups();
-- still queued
insert into monitoring.usage_events
  (request_id, occurred_at, provider, model, app, input_tokens, output_tokens, user_id, customer_id, conversation_id)
values
  ('e6', '2026-12-15 11:00+00', 'acme', 'twtest-806-unpriced', 'twtest-806-shop', 3000, 200, 'twtest-806-u1', 'twtest-806-c1', 'twtest-806-k1'),
  ('e7', '2026-12-15 11:30+00', 'acme', 'twtest-806-unpriced', 'twtest-806-shop', 6400, 0, 'twtest-806-u2', null, null);

-- user budget (shop, New York month): u1 = 200 + 400 + 3,200 = 3,800 (e1 before the month, e4 another
-- app); u2 = 1,600 + 6,400 = 8,000
select results_eq(
  $$select (select spent_tokens from monitoring.check_budget('{"user_id": "twtest-806-u1", "app": "twtest-806-shop"}', '2026-12-15 12:00+00')),
           (select spent_tokens from monitoring.check_budget('{"user_id": "twtest-806-u2", "app": "twtest-806-shop"}', '2026-12-15 12:00+00'))$$,
  $$values (3800::bigint, 8000::bigint)$$,
  'check_budget: a user''s New York month, its partial first UTC day, whole days, queued events, other apps left out');
select results_eq(
  $$select scope_value ->> 'user_id', spent_tokens from monitoring.budget_status('2026-12-15 12:00+00')
    where budget = 'twtest-806-user' order by 1$$,
  $$values ('twtest-806-u1', 3800::bigint), ('twtest-806-u2', 8000::bigint)$$,
  'budget_status gives every user the same spend');

-- customer budget (UTC month): c1 = 100 + 200 + 400 + 800 + 3,200 = 4,700; c2 = 1,600 (e7 names no customer)
select results_eq(
  $$select (select spent_tokens from monitoring.check_budget('{"customer_id": "twtest-806-c1"}', '2026-12-15 12:00+00')),
           (select spent_tokens from monitoring.check_budget('{"customer_id": "twtest-806-c2"}', '2026-12-15 12:00+00'))$$,
  $$values (4700::bigint, 1600::bigint)$$,
  'check_budget: a customer''s month');
select results_eq(
  $$select scope_value ->> 'customer_id', spent_tokens from monitoring.budget_status('2026-12-15 12:00+00')
    where budget = 'twtest-806-customer' and scope_value ->> 'customer_id' like 'twtest-806-%' order by 1$$,
  $$values ('twtest-806-c1', 4700::bigint), ('twtest-806-c2', 1600::bigint)$$,
  'budget_status gives every customer the same spend');

-- conversation and user: k1 (u1) = 400 + 3,200 = 3,600; k1 asked for as u2's: nothing; k2 (u2) = 1,600
select results_eq(
  $$select (select spent_tokens from monitoring.check_budget('{"conversation_id": "twtest-806-k1", "user_id": "twtest-806-u1"}', '2026-12-15 12:00+00')),
           (select spent_tokens from monitoring.check_budget('{"conversation_id": "twtest-806-k1", "user_id": "twtest-806-u2"}', '2026-12-15 12:00+00')),
           (select spent_tokens from monitoring.check_budget('{"conversation_id": "twtest-806-k2", "user_id": "twtest-806-u2"}', '2026-12-15 12:00+00'))$$,
  $$values (3600::bigint, 0::bigint, 1600::bigint)$$,
  'check_budget: a conversation, the scope''s user a filter');
select results_eq(
  $$select scope_value ->> 'conversation_id', scope_value ->> 'user_id', spent_tokens from monitoring.budget_status('2026-12-15 12:00+00')
    where budget = 'twtest-806-conversation' and scope_value ->> 'conversation_id' like 'twtest-806-%' order by 1$$,
  $$values ('twtest-806-k1', 'twtest-806-u1', 3600::bigint), ('twtest-806-k2', 'twtest-806-u2', 1600::bigint)$$,
  'budget_status gives every conversation the same spend');

-- the Kolkata day (model and environment filters, both 15-minute edges): e8 1,500 + e10 3,000 = 4,500
-- tokens (e9 staging, e6 / e7 other models), priced: the same dollars by both paths
select results_eq(
  $$select spent_tokens, spent_usd > 0, unpriced_requests
    from monitoring.check_budget('{"user_id": "twtest-806-u1", "model": "gpt-4o-mini", "environment": "production"}', '2026-12-15 12:00+00')$$,
  $$values (4500::bigint, true, 0::bigint)$$,
  'check_budget: a Kolkata day from both 15-minute edges, model and environment filters');
select results_eq(
  $$select c.spent_usd, c.spent_tokens, c.percent from monitoring.check_budget('{"user_id": "twtest-806-u1", "model": "gpt-4o-mini", "environment": "production"}', '2026-12-15 12:00+00') c$$,
  $$select s.spent_usd, s.spent_tokens, s.percent from monitoring.budget_status('2026-12-15 12:00+00') s
    where s.budget = 'twtest-806-day' and s.scope_value ->> 'user_id' = 'twtest-806-u1'$$,
  'budget_status gives the same dollars, tokens and percent');

select * from finish();
rollback;
