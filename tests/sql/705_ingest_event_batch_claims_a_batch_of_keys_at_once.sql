-- monitoring.ingest_event_batch claims the batch's keys in one insert: a key repeated in the batch is
-- stored once, a retry stores nothing, and every other insert still claims through the row trigger.
begin;
select plan(8);

create temporary table batch as select $$[
  {"request_id": "a", "source": "twtest-705", "occurred_at": "2026-11-20T10:00:00Z", "provider": "openai",
   "model": "gpt-4o", "input_tokens": 100, "output_tokens": 10},
  {"request_id": "b", "source": "twtest-705", "occurred_at": "2026-11-20T10:00:01Z", "provider": "openai",
   "model": "gpt-4o", "input_tokens": 200, "output_tokens": 20},
  {"request_id": "a", "source": "twtest-705", "occurred_at": "2026-11-20T10:00:00Z", "provider": "openai",
   "model": "gpt-4o", "input_tokens": 100, "output_tokens": 10}
]$$::json as events;

select results_eq(
  $$ select inserted, duplicates from monitoring.ingest_event_batch((select events from batch)) $$,
  $$ values (2, 1) $$,
  'a key twice in one batch: stored once, the repeat counted as a duplicate');
select results_eq(
  $$ select request_id, input_tokens from monitoring.usage_events where source = 'twtest-705' order by request_id $$,
  $$ values ('a', 100), ('b', 200) $$,
  'one row per key');
select results_eq(
  $$ select request_id from monitoring.usage_event_keys where source = 'twtest-705' order by request_id $$,
  $$ values ('a'), ('b') $$,
  'one claimed key per stored event');
select results_eq(
  $$ select inserted, duplicates from monitoring.ingest_event_batch((select events from batch)) $$,
  $$ values (0, 3) $$,
  'the retry stores nothing');
select is(coalesce(current_setting('tokenwatch.keys_claimed_by', true), ''), '',
  'the batch leaves the trigger on for the rest of the transaction');

insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens)
values ('a', 'twtest-705', '2026-11-21T10:00:00Z', 'openai', 'gpt-4o', 1, 1),
       ('c', 'twtest-705', '2026-11-21T10:00:00Z', 'openai', 'gpt-4o', 1, 1);
select results_eq(
  $$ select request_id from monitoring.usage_events where source = 'twtest-705' order by request_id $$,
  $$ values ('a'), ('b'), ('c') $$,
  'a plain insert is still claimed by the row trigger: the stored key is skipped, the new one stored');
select is((select count(*)::int from monitoring.usage_event_keys where source = 'twtest-705'), 3,
  'the plain insert claimed its new key');

select throws_ok(
  $$ select * from monitoring.ingest_event_batch('{"request_id": "x"}'::json) $$,
  '22023', 'monitoring.ingest_event_batch: p_events must be a JSON array of events, got object',
  'anything but an array is refused');

select * from finish();
rollback;
