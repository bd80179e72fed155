-- The importer queues every new assistant message for the ingest function (which maps reported
-- usage with the one TypeScript mapper, or counts the text), and a second run finds nothing new.
begin;
select plan(7);

create schema twtest_711;
create table twtest_711.conversations (id bigint primary key, user_id text);
create table twtest_711.messages (
  id bigint primary key, conversation_id bigint, role text, content text, metadata jsonb, created_at timestamptz);
insert into twtest_711.conversations values (1, 'user-711');
insert into twtest_711.messages values
  (1, 1, 'user', 'Hi', null, '2026-11-20 10:00:00Z'),
  (2, 1, 'assistant', 'Hello!', '{"model": "twtest-711-model", "provider": "openai", "latency_ms": 850,
     "tool_calls": [{"name": "search"}, {"name": "fetch"}], "tool_failures": 1,
     "usage": {"prompt_tokens": 1200, "completion_tokens": 300, "prompt_tokens_details": {"cached_tokens": 1000}}}',
   '2026-11-20 10:00:01Z'),
  (3, 1, 'user', 'More?', null, '2026-11-20 10:00:02Z'),
  (4, 1, 'assistant', 'Sure.', '{"model": "twtest-711-model"}', '2026-11-20 10:00:03Z'),
  (5, 1, 'assistant', 'Oops', '{"model": "twtest-711-model", "provider": "openai", "error": {"type": "rate_limit"},
     "usage": {"prompt_tokens": 10, "completion_tokens": 0}}', '2026-11-20 10:00:04Z');

insert into monitoring.chat_import_config (name, enabled, source, messages_table, conversations_table, app)
values ('twtest-711', false, 'twtest-711', 'twtest_711.messages', 'twtest_711.conversations', 'shop');

select results_eq($$ select * from monitoring.import_chat_messages('twtest-711') $$,
  $$ values (3, 0, 0, 3) $$, 'three assistant messages read, all three queued, none stored in SQL');

select is((select count(*)::int from monitoring.usage_events where source = 'twtest-711'), 0,
  'SQL stores nothing itself: the ingest function maps usage (shared/usage/provider_usage.ts)');

select results_eq(
  $$ select message_id, reason, message_created_at from monitoring.import_pending
     where config = 'twtest-711' order by message_id $$,
  $$ values ('2'::text, 'usage_reported'::text, '2026-11-20 10:00:01Z'::timestamptz),
            ('4', 'text_only', '2026-11-20 10:00:03Z'),
            ('5', 'usage_reported', '2026-11-20 10:00:04Z') $$,
  'each message waits, with whether it reported usage');

select is((select last_result from monitoring.chat_import_config where name = 'twtest-711'),
  '{"scanned": 3, "imported": 0, "duplicates": 0, "queued": 3}'::jsonb, 'the run is recorded');

select is((select watermark from monitoring.chat_import_config where name = 'twtest-711'),
  '2026-11-20 10:00:04Z'::timestamptz, 'the watermark is the newest message read');

select results_eq($$ select * from monitoring.import_chat_messages('twtest-711') $$,
  $$ values (0, 0, 0, 0) $$, 'a second run finds nothing new');

select results_eq($$ select * from monitoring.import_chat_messages('twtest-711', '-infinity') $$,
  $$ values (0, 0, 0, 0) $$, 're-scanning from the start skips what is stored or queued');

select * from finish();
rollback;
