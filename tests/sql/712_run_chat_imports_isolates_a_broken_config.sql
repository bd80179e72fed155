-- The chat import cron job runs every enabled config each minute; a broken config (its table
-- is gone) records its error and does not stop the others; disabled configs are not run.
begin;
select plan(5);

select is((select schedule from cron.job where jobname = 'tokenwatch-chat-import'), '* * * * *',
  'the job runs every minute');
select is((select command from cron.job where jobname = 'tokenwatch-chat-import'),
  'select monitoring.run_chat_imports()', 'it calls monitoring.run_chat_imports()');

create schema twtest_712;
create table twtest_712.messages (id int primary key, conversation_id int, role text, content text,
  metadata jsonb, created_at timestamptz);
insert into twtest_712.messages values
  (1, 1, 'assistant', 'ok', '{"model": "gpt-4o", "usage": {"prompt_tokens": 5, "completion_tokens": 2}}', '2026-11-20 10:00:00Z');

-- Other enabled configs (from other tests) would run too; keep this test to its own rows.
update monitoring.chat_import_config set enabled = false;
insert into monitoring.chat_import_config (name, enabled, source, messages_table, conversations_table) values
  ('twtest-712-broken', true, 'twtest-712-broken', 'twtest_712.no_such_table', null),
  ('twtest-712-good', true, 'twtest-712', 'twtest_712.messages', null),
  ('twtest-712-off', false, 'twtest-712-off', 'twtest_712.messages', null);

select is(monitoring.run_chat_imports(),
  '{"twtest-712-good": {"scanned": 1, "imported": 0, "duplicates": 0, "queued": 1},
    "twtest-712-broken": {"error": "chat import twtest-712-broken: messages table twtest_712.no_such_table does not exist"}}'::jsonb,
  'the good config queues, the broken one reports, the disabled one is not run');

select is((select last_error from monitoring.chat_import_config where name = 'twtest-712-broken'),
  'chat import twtest-712-broken: messages table twtest_712.no_such_table does not exist',
  'the broken config keeps its error');

select is((select count(*)::int from monitoring.import_pending where config = 'twtest-712-good'), 1,
  'the good config''s message waits for the ingest function');

select * from finish();
rollback;
