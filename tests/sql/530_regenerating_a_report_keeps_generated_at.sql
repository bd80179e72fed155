-- One report per week and app: saving it again replaces its content, keeps generated_at, sets
-- regenerated_at and counts the generation.
begin;
select plan(6);

select monitoring.save_weekly_report('2025-01-13T00:00:00Z', 'h6-pgtap-regen', '{"data_as_of": "2025-01-20T06:00:00Z", "v": 1}', 'first', '<p>first</p>', 'cron');
update monitoring.reports set generated_at = '2025-01-20T06:00:01Z' where app = 'h6-pgtap-regen';
select monitoring.save_weekly_report('2025-01-13T00:00:00Z', 'h6-pgtap-regen', '{"data_as_of": "2025-01-21T09:00:00Z", "v": 2}', 'second', '<p>second</p>', 'cli');

select is((select count(*)::int from monitoring.reports where app = 'h6-pgtap-regen'), 1, 'still one row for the week');
select is((select generated_at from monitoring.reports where app = 'h6-pgtap-regen'), '2025-01-20T06:00:01Z'::timestamptz, 'generated_at kept');
select is((select regenerated_at from monitoring.reports where app = 'h6-pgtap-regen'), now(), 'regenerated_at set');
select results_eq($$select week, generation, generated_by, markdown, report ->> 'v', data_as_of from monitoring.reports where app = 'h6-pgtap-regen'$$,
                  $$values ('2025-W03'::text, 2, 'cli'::text, 'second'::text, '2'::text, '2025-01-21T09:00:00Z'::timestamptz)$$,
                  'content, generation, who and data_as_of replaced');
select is((monitoring.report_json(r) ->> 'generation')::int, 2, 'report_json carries the generation') from monitoring.reports r where app = 'h6-pgtap-regen';
select throws_ok($$select monitoring.save_weekly_report('2025-01-14T00:00:00Z', 'h6-pgtap-regen', '{"data_as_of": "2025-01-21T00:00:00Z"}', 'x', 'x', 'api')$$,
                 '23514', null, 'a week must start on a Monday 00:00 UTC');

select * from finish();
rollback;
