-- The system prompt text is kept in prompt_versions only when the user turns it on
-- (ingest_settings.store_prompt_text, off by default), and only when it matches its hash.
begin;
select plan(5);

create function pg_temp.sha(p_text text) returns text language sql as $$
  select encode(sha256(convert_to(p_text, 'UTF8')), 'hex') $$;
create function pg_temp.event(p_id text, p_text text) returns jsonb language sql as $$
  select jsonb_build_object('request_id', p_id, 'source', 'twtest-702', 'occurred_at', '2026-11-20T10:00:00Z',
    'provider', 'openai', 'model', 'gpt-4o', 'input_tokens', 50, 'output_tokens', 5,
    'system_prompt_tokens', 7, 'system_prompt_hash', pg_temp.sha(p_text)) $$;

select is((select store_prompt_text from monitoring.ingest_settings), false, 'off by default');

select * from monitoring.ingest_events(jsonb_build_array(pg_temp.event('off', 'twtest-702 prompt one')),
  jsonb_build_object(pg_temp.sha('twtest-702 prompt one'), 'twtest-702 prompt one'));
select is((select prompt_text from monitoring.prompt_versions where system_prompt_hash = pg_temp.sha('twtest-702 prompt one')),
  null, 'off: the text sent along is dropped, hash and tokens kept');

update monitoring.ingest_settings set store_prompt_text = true;

select * from monitoring.ingest_events(jsonb_build_array(pg_temp.event('on', 'twtest-702 prompt two')),
  jsonb_build_object(pg_temp.sha('twtest-702 prompt two'), 'twtest-702 prompt two'));
select is((select prompt_text from monitoring.prompt_versions where system_prompt_hash = pg_temp.sha('twtest-702 prompt two')),
  'twtest-702 prompt two', 'on: the text of a new prompt version is kept');

select * from monitoring.ingest_events(jsonb_build_array(pg_temp.event('forged', 'twtest-702 prompt three')),
  jsonb_build_object(pg_temp.sha('twtest-702 prompt three'), 'some other text'));
select is((select prompt_text from monitoring.prompt_versions where system_prompt_hash = pg_temp.sha('twtest-702 prompt three')),
  null, 'a text that does not match its hash is not kept');

select is((select tokens from monitoring.prompt_versions where system_prompt_hash = pg_temp.sha('twtest-702 prompt three')),
  7, 'the version is recorded all the same');

select * from finish();
rollback;
