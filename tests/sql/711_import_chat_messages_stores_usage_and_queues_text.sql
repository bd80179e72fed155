-- The importer turns new assistant messages into events: reported usage is stored at once
-- (priced, with user and conversation), text-only messages are queued for token counting,
-- and a second run finds nothing new.
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

insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, cache_read_per_mtok, output_per_mtok,
  effective_from, custom, notes)
values ('openai', 'twtest-711-model', 2.50, 1.25, 10.00, '2020-01-01', true, 'test');

insert into monitoring.chat_import_config (name, enabled, source, messages_table, conversations_table, app)
values ('twtest-711', false, 'twtest-711', 'twtest_711.messages', 'twtest_711.conversations', 'shop');

select results_eq($$ select * from monitoring.import_chat_messages('twtest-711') $$,
  $$ values (3, 2, 0, 1) $$, 'three assistant messages: two stored, one queued');

-- (1200 - 1000) * 2.50 = 500; 1000 * 1.25 = 1250; 300 * 10.00 = 3000 => 4750 / 1e6 = 0.004750
select results_eq(
  $$ select input_tokens, cache_read_tokens, output_tokens, cost_usd, tool_calls, tool_failures, latency_ms,
            user_id, conversation_id, app, token_source, metadata
     from monitoring.usage_events where source = 'twtest-711' and request_id = '2' $$,
  $$ values (1200, 1000, 300, 0.004750::numeric, 2, 1, 850, 'user-711'::text, '1'::text, 'shop'::text,
             'provider'::text, '{"message_id": "2", "import": "twtest-711"}'::jsonb) $$,
  'reported usage: tokens, price, tools, latency, user, conversation and app');

select results_eq(
  $$ select status, error_type, input_tokens, output_tokens from monitoring.usage_events
     where source = 'twtest-711' and request_id = '5' $$,
  $$ values ('error'::text, 'rate_limit'::text, 10, 0) $$,
  'an error in metadata makes the event a failed request');

select results_eq($$ select message_id, reason from monitoring.import_pending where config = 'twtest-711' $$,
  $$ values ('4'::text, 'text_only'::text) $$, 'the text-only message waits for token counting');

select is((select watermark from monitoring.chat_import_config where name = 'twtest-711'),
  '2026-11-20 10:00:04Z'::timestamptz, 'the watermark is the newest message read');

select results_eq($$ select * from monitoring.import_chat_messages('twtest-711') $$,
  $$ values (0, 0, 0, 0) $$, 'a second run finds nothing new');

select results_eq($$ select * from monitoring.import_chat_messages('twtest-711', '-infinity') $$,
  $$ values (0, 0, 0, 0) $$, 're-scanning from the start skips what is stored or queued');

select * from finish();
rollback;
