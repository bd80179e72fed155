-- The in-place conversion (issue 17, migration 20261202080100) on a populated table: a plain
-- table shaped like usage_events was (unique (source, request_id), an identity primary key,
-- the pricing trigger, a statement trigger, RLS with a policy, grants, comments, a view over
-- it), 4,000 events over four months, converted by monitoring.convert_to_monthly_partitions
-- with tiny batches (4 blocks). Every row and every total is kept; keys, indexes, triggers,
-- policies, grants, comments and the view carry over; the identity continues.
-- (The migration itself ran the same function on monitoring.usage_events of every database
-- this suite started from; a populated table is what this file adds.)
begin;
select plan(17);

create table monitoring.twtest_033 (like monitoring.usage_events including defaults including identity including constraints including comments);
alter table monitoring.twtest_033 add primary key (id);
alter table monitoring.twtest_033 add constraint twtest_033_source_request_id_key unique (source, request_id);
create index twtest_033_occurred_at_idx on monitoring.twtest_033 (occurred_at);
comment on index monitoring.twtest_033_occurred_at_idx is 'time ranges';
create trigger twtest_033_set_cost before insert on monitoring.twtest_033
  for each row execute function monitoring.usage_events_set_cost();
create function monitoring.twtest_033_count() returns trigger language plpgsql set search_path = '' as $$
begin perform 1; return null; end $$;
create trigger twtest_033_statement after insert on monitoring.twtest_033
  referencing new table as new_rows for each statement execute function monitoring.twtest_033_count();
alter table monitoring.twtest_033 enable row level security;
create policy twtest_033_service_role on monitoring.twtest_033 for all to service_role using (true) with check (true);
revoke all on monitoring.twtest_033 from public, anon, authenticated, service_role;
grant select, insert on monitoring.twtest_033 to service_role;
comment on table monitoring.twtest_033 is 'twtest 033 events';
create view monitoring.twtest_033_daily with (security_invoker = true) as
  select date_trunc('day', occurred_at, 'UTC') as day, count(*) as requests, sum(input_tokens) as input_tokens
  from monitoring.twtest_033 group by 1;

-- 4,000 events, 1,000 a month from August to November 2026: input 100 + g % 50, output 10 + g % 7.
insert into monitoring.twtest_033 (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app)
select 'r' || g, 'twtest-033', '2026-08-01Z'::timestamptz + ((g - 1) / 1000) * interval '1 month' + ((g - 1) % 1000) * interval '40 minutes',
       'openai', 'gpt-4o-2024-08-06', 100 + g % 50, 10 + g % 7, 'twtest-033'
from generate_series(1, 4000) g;

create temp table before_033 as
select count(*) as n, sum(id) as ids, sum(input_tokens) as input, sum(output_tokens) as output, sum(cost_usd) as cost,
       (select jsonb_agg(to_jsonb(v) order by v.day) from monitoring.twtest_033_daily v) as daily
from monitoring.twtest_033;

select is((select n || '/' || input || '/' || output from before_033), '4000/498000/51997',
  'before: 4,000 events; input 4,000 x 100 + 80 x (0+..+49) = 498,000; output 40,000 + 571 x 21 + (1+2+3) = 51,997');

select is(monitoring.convert_to_monthly_partitions('monitoring.twtest_033', 'occurred_at', 4) - 'views' - 'triggers',
  '{"converted": true, "rows": 4000, "partitions": 4, "plain_indexes": ["twtest_033_source_request_id_key"]}'::jsonb,
  'converted: 4,000 rows into 4 monthly partitions; the unique key without occurred_at became a plain index');
select is((select relkind::text from pg_class where oid = 'monitoring.twtest_033'::regclass), 'p', 'the table is partitioned');
select is((select count(*) || '/' || sum(id) || '/' || sum(input_tokens) || '/' || sum(output_tokens) || '/' || sum(cost_usd) from monitoring.twtest_033),
  (select n || '/' || ids || '/' || input || '/' || output || '/' || cost from before_033), 'every row, id and total kept');
select results_eq($$select tableoid::regclass::text, count(*)::int from monitoring.twtest_033 group by 1 order by 1$$,
  $$values ('monitoring_partitions.twtest_033_p202608'::text, 1000), ('monitoring_partitions.twtest_033_p202609', 1000),
           ('monitoring_partitions.twtest_033_p202610', 1000), ('monitoring_partitions.twtest_033_p202611', 1000)$$, '1,000 rows in each month''s partition');
select is((select jsonb_agg(to_jsonb(v) order by v.day) from monitoring.twtest_033_daily v), (select daily from before_033),
  'the view reads the new table and answers the same');
select is((select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'monitoring.twtest_033'::regclass and contype = 'p'),
  'PRIMARY KEY (id, occurred_at)', 'primary key with the partition key added');
select is((select array_agg(indexrelid::regclass::text order by indexrelid::regclass::text) from pg_index where indrelid = 'monitoring.twtest_033'::regclass),
  array['monitoring.twtest_033_occurred_at_idx', 'monitoring.twtest_033_pkey', 'monitoring.twtest_033_source_request_id_key'],
  'indexes recreated under their names');
select is(obj_description('monitoring.twtest_033_occurred_at_idx'::regclass, 'pg_class'), 'time ranges', 'index comment kept');
select is((select array_agg(tgname::text order by tgname) from pg_trigger where tgrelid = 'monitoring.twtest_033'::regclass and not tgisinternal),
  array['twtest_033_set_cost', 'twtest_033_statement'], 'triggers recreated');
select is((select array_agg(polname::text) from pg_policy where polrelid = 'monitoring.twtest_033'::regclass),
  array['twtest_033_service_role'], 'policy recreated');
select is((select relrowsecurity from pg_class where oid = 'monitoring_partitions.twtest_033_p202609'::regclass), true, 'RLS on the partitions too');
select ok(has_table_privilege('service_role', 'monitoring.twtest_033', 'insert') and not has_table_privilege('service_role', 'monitoring.twtest_033', 'delete')
          and not has_table_privilege('anon', 'monitoring.twtest_033', 'select'), 'grants as before: service_role select+insert, anon nothing');
select is(obj_description('monitoring.twtest_033'::regclass, 'pg_class'), 'twtest 033 events', 'table comment kept');
select is(col_description('monitoring.twtest_033'::regclass, 3), col_description('monitoring.usage_events'::regclass, 3), 'column comments kept');
select is(pg_get_serial_sequence('monitoring.twtest_033', 'id'), 'monitoring.twtest_033_id_seq', 'the identity sequence keeps its name');

insert into monitoring.twtest_033 (request_id, source, occurred_at, provider, model, input_tokens, output_tokens)
values ('new', 'twtest-033', '2026-11-30Z', 'openai', 'gpt-4o-2024-08-06', 1000, 100);
select results_eq($$select id, cost_usd from monitoring.twtest_033 where request_id = 'new'$$, $$values (4001::bigint, 0.0035::numeric)$$,
  'the identity continues after the moved ids (4,001); the pricing trigger prices it: 1,000 x $2.50 + 100 x $10.00 per 1M = $0.0035');

select * from finish();
rollback;
