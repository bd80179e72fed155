-- One bad event refuses the whole batch: no event and no prompt version is stored.
begin;
select plan(3);

create temporary table h as select encode(sha256(convert_to('twtest-703 prompt', 'UTF8')), 'hex') as hash;

select throws_ok(
  format($$ select * from monitoring.ingest_events('[
    {"request_id": "good", "source": "twtest-703", "occurred_at": "2026-11-20T10:00:00Z", "provider": "openai",
     "model": "gpt-4o", "input_tokens": 100, "output_tokens": 10, "system_prompt_tokens": 5, "system_prompt_hash": "%1$s"},
    {"request_id": "bad", "source": "twtest-703", "occurred_at": "2026-11-20T10:00:00Z", "provider": "openai",
     "model": "gpt-4o", "input_tokens": 100, "cache_read_tokens": 150, "output_tokens": 10}
  ]'::jsonb) $$, (select hash from h)),
  '23514', null,
  'cache reads larger than input violate usage_events_cache_within_input');

select is((select count(*)::int from monitoring.usage_events where source = 'twtest-703'), 0,
  'the valid event of the batch was not stored either');

select is((select count(*)::int from monitoring.prompt_versions where system_prompt_hash = (select hash from h)), 0,
  'no prompt version recorded');

select * from finish();
rollback;
