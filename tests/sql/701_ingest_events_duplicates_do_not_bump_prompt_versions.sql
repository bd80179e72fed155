-- prompt_versions counts only newly stored events: a duplicate does not bump requests or
-- last_seen; a later new event does, and its counted tokens become the version's tokens.
begin;
select plan(5);

create temporary table h as
  select encode(sha256(convert_to('twtest-701: You are a helpful assistant.', 'UTF8')), 'hex') as hash;

create function pg_temp.event(p_id text, p_at text, p_tokens int) returns jsonb language sql as $$
  select jsonb_build_object('request_id', p_id, 'source', 'twtest-701', 'occurred_at', p_at,
    'provider', 'openai', 'model', 'gpt-4o', 'input_tokens', 500, 'output_tokens', 20,
    'system_prompt_tokens', p_tokens, 'system_prompt_hash', (select hash from h))
$$;

select * from monitoring.ingest_events(jsonb_build_array(
  pg_temp.event('e1', '2026-11-20T10:00:00Z', 198), pg_temp.event('e2', '2026-11-20T11:00:00Z', 198)));

select results_eq(
  $$ select tokens, first_seen, last_seen, requests from monitoring.prompt_versions
     where system_prompt_hash = (select hash from h) $$,
  $$ values (198, '2026-11-20T10:00:00Z'::timestamptz, '2026-11-20T11:00:00Z'::timestamptz, 2::bigint) $$,
  'a new prompt version: tokens, first and last use, two requests');

select results_eq(
  $$ select inserted, duplicates from monitoring.ingest_events(jsonb_build_array(
       pg_temp.event('e1', '2026-11-20T10:00:00Z', 198), pg_temp.event('e2', '2026-11-20T11:00:00Z', 198))) $$,
  $$ values (0, 2) $$,
  'the same two events again are duplicates');

select results_eq(
  $$ select last_seen, requests from monitoring.prompt_versions where system_prompt_hash = (select hash from h) $$,
  $$ values ('2026-11-20T11:00:00Z'::timestamptz, 2::bigint) $$,
  'duplicates do not bump requests');

select * from monitoring.ingest_events(jsonb_build_array(
  pg_temp.event('e3', '2026-11-20T12:00:00Z', 203), pg_temp.event('e2', '2026-11-20T11:00:00Z', 198)));

select results_eq(
  $$ select tokens, first_seen, last_seen, requests from monitoring.prompt_versions
     where system_prompt_hash = (select hash from h) $$,
  $$ values (203, '2026-11-20T10:00:00Z'::timestamptz, '2026-11-20T12:00:00Z'::timestamptz, 3::bigint) $$,
  'one new event among a duplicate: requests 3, last_seen and tokens from the new one');

select is((select prompt_text from monitoring.prompt_versions where system_prompt_hash = (select hash from h)),
  null, 'no prompt text without it being sent and turned on');

select * from finish();
rollback;
