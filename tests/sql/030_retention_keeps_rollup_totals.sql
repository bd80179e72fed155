-- Retention on a hand-built dataset (issue 17): with usage_events kept 90 days and the clock at
-- 2026-12-02 12:00Z, the cutoff is 2026-09-03 12:00Z. Raw events older than that are gone
-- (the August partition dropped whole, the September rows before the cutoff deleted, the old
-- rows in the default partition deleted), their idempotency keys too; the rollup and every
-- window function give the same numbers as before for those hours; nothing newer is touched;
-- drill-downs that need raw rows (reprice, top_conversations) refuse the old range.
begin;
select plan(17);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;
update monitoring.retention_settings set keep = interval '90 days' where kind = 'usage_events';
select monitoring.create_month_partition('monitoring.usage_events', '2026-08-15Z');
select monitoring.create_month_partition('monitoring.usage_events', '2026-09-15Z');

-- Six events of app twtest-030: input 100..600 tokens (sum 2,100), output 10 each (60).
--   a1 2026-08-10 10:05  (August partition, wholly before the cutoff: dropped)
--   a2 2026-08-31 23:59  (idem)
--   s1 2026-09-02 11:00  (September partition, before the cutoff: deleted)
--   s2 2026-09-03 11:59  (idem: one minute before the cutoff)
--   k1 2026-09-03 12:00  (at the cutoff: kept)
--   k2 2026-11-20 08:30  (default partition in a database migrated in December: kept)
insert into monitoring.usage_events
  (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, conversation_id, app, environment, prompt_variant)
values
  ('a1', 'twtest-030', '2026-08-10 10:05Z', 'openai', 'gpt-4o-2024-08-06', 100, 10, 'c-old', 'twtest-030', 'prod', 'mcp'),
  ('a2', 'twtest-030', '2026-08-31 23:59Z', 'openai', 'gpt-4o-2024-08-06', 200, 10, 'c-old', 'twtest-030', 'prod', 'mcp'),
  ('s1', 'twtest-030', '2026-09-02 11:00Z', 'openai', 'gpt-4o-2024-08-06', 300, 10, 'c-old', 'twtest-030', 'prod', 'mcp'),
  ('s2', 'twtest-030', '2026-09-03 11:59Z', 'openai', 'gpt-4o-2024-08-06', 400, 10, 'c-old', 'twtest-030', 'prod', 'mcp'),
  ('k1', 'twtest-030', '2026-09-03 12:00Z', 'openai', 'gpt-4o-2024-08-06', 500, 10, 'c-new', 'twtest-030', 'prod', 'mcp'),
  ('k2', 'twtest-030', '2026-11-20 08:30Z', 'openai', 'gpt-4o-2024-08-06', 600, 10, 'c-new', 'twtest-030', 'prod', 'mcp');
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;

create temp table before_retention as
select monitoring.usage_summary('2026-08-10 00:00Z', '2026-11-21 00:00Z', 'twtest-030') as summary,
       monitoring.health_metrics('2026-08-10 00:00Z', '2026-11-21 00:00Z', 'twtest-030') as health,
       monitoring.usage_summary('2026-08-10 10:00Z', '2026-08-10 11:00Z', 'twtest-030') as old_hour,
       (select jsonb_agg(to_jsonb(h) - 'updated_at' order by h.hour) from monitoring.usage_hourly h where h.app = 'twtest-030') as hourly,
       monitoring.weekly_report_data('2026-08-31Z', 'twtest-030') - 'data_as_of' as report,
       monitoring.dashboard_data('2026-08-10Z', '2026-09-07Z', '1 day', 'twtest-030', null, null, null) as dashboard;

select is((select (summary ->> 'requests')::int || '/' || (summary ->> 'input_tokens') || '/' || (summary ->> 'output_tokens')
             from before_retention), '6/2100/60', 'before: 6 requests, 2,100 input and 60 output tokens (100+..+600; 6 x 10)');

select is(
  (select monitoring.apply_retention('2026-12-02 12:00Z') -> 'usage_events' ->> 'cutoff')::timestamptz,
  '2026-09-03 12:00Z'::timestamptz, 'cutoff = 2026-12-02 12:00 - 90 days');

select is(to_regclass('monitoring_partitions.usage_events_p202608'), null, 'the August partition is dropped whole');
select isnt(to_regclass('monitoring_partitions.usage_events_p202609'), null, 'the September partition (straddling the cutoff) stays');

select is((select array_agg(request_id order by request_id) from monitoring.usage_events where source = 'twtest-030'),
  array['k1', 'k2'], 'raw events before the cutoff are gone; k1 (at the cutoff) and k2 are untouched');
select is((select array_agg(request_id order by request_id) from monitoring.usage_event_keys where source = 'twtest-030'),
  array['k1', 'k2'], 'their idempotency keys are pruned with them');
select is((select count(*)::int from monitoring.usage_events where occurred_at < '2026-09-03 12:00Z'), 0,
  'no raw event older than the cutoff is left');

select is(monitoring.usage_summary('2026-08-10 00:00Z', '2026-11-21 00:00Z', 'twtest-030'),
  (select summary from before_retention), 'usage_summary over the whole span: the same document as before');
select is(monitoring.health_metrics('2026-08-10 00:00Z', '2026-11-21 00:00Z', 'twtest-030'),
  (select health from before_retention), 'health_metrics over the whole span: the same document as before');
select is(monitoring.usage_summary('2026-08-10 10:00Z', '2026-08-10 11:00Z', 'twtest-030'),
  (select old_hour from before_retention), 'usage_summary of a dropped hour (a1 alone): the same as before, from the rollup');
select is((select jsonb_agg(to_jsonb(h) - 'updated_at' order by h.hour) from monitoring.usage_hourly h where h.app = 'twtest-030'),
  (select hourly from before_retention), 'usage_hourly rows unchanged');

select is((select (report -> 'usage' ->> 'requests') || '/' || (report -> 'usage' ->> 'input_tokens') from before_retention), '4/1400',
  'the weekly report of the week of Monday 2026-08-31 holds a2, s1, s2, k1: 4 requests, 200+300+400+500 = 1,400 input tokens');
select is(monitoring.weekly_report_data('2026-08-31Z', 'twtest-030') - 'data_as_of', (select report from before_retention),
  'weekly_report_data of that week (three of its four events gone): the same document as before');
select is(monitoring.dashboard_data('2026-08-10Z', '2026-09-07Z', '1 day', 'twtest-030', null, null, null),
  (select dashboard from before_retention), 'dashboard_data over the dropped days: the same document as before');
select throws_like($$select * from monitoring.top_conversations('2026-08-01Z', '2026-12-01Z', 10, '2026-12-02 12:00Z')$$,
  'top_conversations: the range starts at % past the retention of raw events%',
  'top_conversations refuses a range past retention instead of showing less');
select throws_like($$select * from monitoring.reprice('2026-08-01Z', '2026-12-01Z')$$,
  'reprice: the range starts at % past the retention of raw events%',
  'reprice refuses a range past retention');
select results_eq($$select conversation_id, requests, input_tokens from monitoring.top_conversations('2026-09-03 12:00Z', '2026-09-03 13:00Z', 10, '2026-12-02 12:00Z') where app = 'twtest-030'$$,
  $$values ('c-new'::text, 1::bigint, 500::bigint)$$, 'top_conversations inside retention answers from the raw events: c-new, k1 alone, 500 tokens');

select * from finish();
rollback;
