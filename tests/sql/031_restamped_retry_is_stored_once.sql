-- Idempotency across monthly partitions (issue 17): (source, request_id) is claimed in the
-- unpartitioned monitoring.usage_event_keys, so a retry re-stamped into another month's
-- partition is stored once, through ingest_events and through a plain INSERT (the COPY path)
-- alike; deleting an event frees its key.
begin;
select plan(8);

select monitoring.create_month_partition('monitoring.usage_events', '2026-10-15Z');
select monitoring.create_month_partition('monitoring.usage_events', '2026-11-15Z');

select results_eq($$select * from monitoring.ingest_events(
    '[{"request_id": "retry-1", "source": "twtest-031", "occurred_at": "2026-10-31T23:59:59Z",
       "provider": "openai", "model": "gpt-4o-2024-08-06", "input_tokens": 100, "output_tokens": 10}]')$$,
  $$values (1, 0)$$, 'the first attempt is stored');
select results_eq($$select * from monitoring.ingest_events(
    '[{"request_id": "retry-1", "source": "twtest-031", "occurred_at": "2026-11-01T00:00:01Z",
       "provider": "openai", "model": "gpt-4o-2024-08-06", "input_tokens": 100, "output_tokens": 10}]')$$,
  $$values (0, 1)$$, 'the retry re-stamped into November is a duplicate');

insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens)
values ('retry-1', 'twtest-031', '2026-11-15Z', 'openai', 'gpt-4o-2024-08-06', 100),
       ('copy-1', 'twtest-031', '2026-10-10Z', 'openai', 'gpt-4o-2024-08-06', 7),
       ('copy-1', 'twtest-031', '2026-11-10Z', 'openai', 'gpt-4o-2024-08-06', 7);

select results_eq($$select request_id, tableoid::regclass::text, occurred_at from monitoring.usage_events
                     where source = 'twtest-031' order by request_id$$,
  $$values ('copy-1'::text, 'monitoring_partitions.usage_events_p202610'::text, '2026-10-10Z'::timestamptz),
           ('retry-1', 'monitoring_partitions.usage_events_p202610', '2026-10-31 23:59:59Z')$$,
  'one row per key, in the partition of the first attempt (plain INSERT skips re-stamped copies too)');
select is((select count(*)::int from monitoring.usage_rollup_queue q
            where q.event_id in (select id from monitoring.usage_events where source = 'twtest-031')), 2,
  'only the two stored events are queued for the rollup');
select is((select count(*)::int from monitoring.usage_event_keys where source = 'twtest-031'), 2, 'two keys claimed');

delete from monitoring.usage_events where source = 'twtest-031' and request_id = 'copy-1';
select is((select count(*)::int from monitoring.usage_event_keys where source = 'twtest-031' and request_id = 'copy-1'), 0,
  'deleting an event frees its key');
select results_eq($$select * from monitoring.ingest_events(
    '[{"request_id": "copy-1", "source": "twtest-031", "occurred_at": "2026-11-10T00:00:00Z",
       "provider": "openai", "model": "gpt-4o-2024-08-06", "input_tokens": 7}]')$$,
  $$values (1, 0)$$, 'so it can be stored again');
select is((select tableoid::regclass::text from monitoring.usage_events where source = 'twtest-031' and request_id = 'copy-1'),
  'monitoring_partitions.usage_events_p202611', 'now in November');

select * from finish();
rollback;
