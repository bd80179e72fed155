-- The baselines ship with the seed defaults.
begin;
select plan(3);

select results_eq(
  $$select name, system_prompt_tokens, tolerance, tokens_per_request from monitoring.baselines
     where name in ('mcp', 'traditional') order by name$$,
  $$values ('mcp'::text, 198, 20, 400), ('traditional'::text, 5200, null::int, 5400)$$,
  'mcp: 198 +- 20 and 400 per request; traditional: 5,200 and 5,400');
select is(round(1 - 198.0 / (select system_prompt_tokens from monitoring.baselines where name = 'traditional'), 3),
          0.962, 'the seed reproduces the design''s 96.2% system-prompt savings');
select lives_ok($$update monitoring.baselines set tolerance = 25 where name = 'mcp'$$, 'baselines are editable');

select * from finish();
rollback;
