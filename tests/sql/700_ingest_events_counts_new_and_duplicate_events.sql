-- monitoring.ingest_events stores a batch idempotently on (source, request_id) and says how
-- many events were new and how many were duplicates; the usage_events trigger prices them.
begin;
select plan(8);

insert into monitoring.model_prices
  (provider, model_pattern, input_per_mtok, cache_read_per_mtok, output_per_mtok, effective_from, custom, notes)
values ('openai', 'twtest-700-model', 2.00, 0.50, 8.00, '2020-01-01', true, 'test');

-- a: 1000 input of which 400 cached, 100 output:
--   (1000 - 400) * 2.00 = 1200; 400 * 0.50 = 200; 100 * 8.00 = 800 => 2200 / 1e6 = 0.002200
-- b: 10 input, 5 output, unknown model => unpriced (NULL)
create temporary table batch as select $$[
  {"request_id": "a", "source": "twtest-700", "occurred_at": "2026-11-20T10:00:00Z", "provider": "openai",
   "model": "twtest-700-model", "input_tokens": 1000, "cache_read_tokens": 400, "output_tokens": 100},
  {"request_id": "b", "source": "twtest-700", "occurred_at": "2026-11-20T10:05:00Z", "provider": "other",
   "model": "twtest-700-unknown", "input_tokens": 10, "output_tokens": 5},
  {"request_id": "a", "source": "twtest-700", "occurred_at": "2026-11-20T10:00:00Z", "provider": "openai",
   "model": "twtest-700-model", "input_tokens": 1000, "cache_read_tokens": 400, "output_tokens": 100}
]$$::jsonb as events;

select results_eq(
  $$ select inserted, duplicates from monitoring.ingest_events((select events from batch)) $$,
  $$ values (2, 1) $$,
  'first delivery: two new events; the repeat inside the batch is a duplicate');

select results_eq(
  $$ select inserted, duplicates from monitoring.ingest_events((select events from batch)) $$,
  $$ values (0, 3) $$,
  'a retried batch changes nothing: every event is a duplicate');

select is((select count(*)::int from monitoring.usage_events where source = 'twtest-700'), 2,
  'each event is stored once');

select is((select cost_usd from monitoring.usage_events where source = 'twtest-700' and request_id = 'a'),
  0.002200::numeric, 'priced by the database: cached input at the cache-read price');

select is((select cost_usd from monitoring.usage_events where source = 'twtest-700' and request_id = 'b'),
  null::numeric, 'an unknown model stays unpriced');

select results_eq(
  $$ select status, token_source, metadata, tool_calls, cache_write_tokens from monitoring.usage_events
     where source = 'twtest-700' and request_id = 'b' $$,
  $$ values ('ok'::text, 'provider'::text, '{}'::jsonb, 0, 0) $$,
  'keys left out take the table defaults');

select results_eq(
  $$ select inserted, duplicates from monitoring.ingest_events('[]'::jsonb) $$,
  $$ values (0, 0) $$,
  'an empty batch stores nothing');

select throws_ok(
  $$ select * from monitoring.ingest_events('{"request_id": "x"}'::jsonb) $$,
  '22023', 'monitoring.ingest_events: p_events must be a JSON array of events, got object',
  'anything but an array is refused');

select * from finish();
rollback;
