-- Bad budgets are refused with an error that names the problem; check_budget refuses a bad scope.
begin;
select plan(11);

select throws_ok($$insert into monitoring.budgets (name, scope, limit_usd) values ('b', '{}', -1)$$,
  '22023', 'monitoring.budgets: limit_usd must not be negative, got -1', 'a negative USD limit is refused');
select throws_ok($$insert into monitoring.budgets (name, scope, limit_tokens) values ('b', '{}', -5)$$,
  '22023', 'monitoring.budgets: limit_tokens must not be negative, got -5', 'a negative token limit is refused');
select throws_ok($$insert into monitoring.budgets (name, scope, limit_usd) values ('b', '{"tenant": "*"}', 1)$$,
  '22023', 'monitoring.budgets: unknown scope key "tenant" (allowed: app, environment, user_id, customer_id, conversation_id, model, prompt_variant)',
  'an unknown scope key is refused');
select throws_ok($$insert into monitoring.budgets (name, scope, limit_usd) values ('b', '{"user_id": 7}', 1)$$,
  '22023', 'monitoring.budgets: scope.user_id must be a non-blank string of at most 200 characters or "*"',
  'a scope value that is not a string is refused');
select throws_ok($$insert into monitoring.budgets (name, scope, limit_usd, time_zone) values ('b', '{}', 1, 'Mars/Olympus_Mons')$$,
  '22023', 'monitoring.budgets: time_zone "Mars/Olympus_Mons" is not a known time zone (an IANA name such as America/New_York; see pg_timezone_names)',
  'an unknown time zone is refused');
select throws_ok($$insert into monitoring.budgets (name, scope, limit_usd, period) values ('b', '{}', 1, 'fortnight')$$,
  '22023', 'monitoring.budgets: period must be day, week, month or a rolling interval such as ''24 hours'', got "fortnight"',
  'an unknown period is refused');
select throws_ok($$insert into monitoring.budgets (name, scope) values ('b', '{}')$$,
  '22023', 'monitoring.budgets: set limit_usd or limit_tokens (or both)', 'a budget without a limit is refused');
select throws_ok($$insert into monitoring.budgets (name, scope, limit_usd, thresholds) values ('b', '{}', 1, '{0.8, 0}')$$,
  '22023', 'monitoring.budgets: each threshold must be a fraction of the limit above 0 and at most 10 (1.0 = 100%), got 0',
  'a zero threshold is refused');
select throws_ok($$select * from monitoring.check_budget('{"user": "u1"}')$$,
  '22023', 'monitoring.check_budget: unknown scope key "user" (allowed: app, environment, user_id, customer_id, conversation_id, model, prompt_variant)',
  'check_budget refuses an unknown key');
select throws_ok($$select * from monitoring.check_budget('{"user_id": "*"}')$$,
  '22023', 'monitoring.check_budget: scope.user_id must be a concrete value, not "*"', 'check_budget refuses "*"');

insert into monitoring.budgets (name, scope, limit_usd, thresholds, time_zone, period)
values ('twtest-800-ok', '{"user_id": "*", "app": "shop"}', 5, '{1.0, 0.5, 0.5}', 'America/New_York', '24 hours');
select is((select thresholds from monitoring.budgets where name = 'twtest-800-ok'), '{0.5,1.0}'::numeric[],
  'a good budget is stored, its thresholds sorted and deduplicated');

select * from finish();
rollback;
