-- Redefines the trigger usage_events_claim_key (from 20261202080100_partition_engine_usage_events.sql)
-- for the set-based ingest path (issue 17, item 4). What changed: a WHEN clause. The row trigger
-- claims each event's (source, request_id) in monitoring.usage_event_keys with one INSERT per row;
-- monitoring.ingest_event_batch (20261203040100) claims a whole batch's keys in ONE statement and
-- inserts only the events whose key it claimed, and says so with the transaction-local setting
-- `tokenwatch.keys_claimed_by = 'ingest_events'` (as `tokenwatch.priced_by` lets it skip
-- usage_events_set_cost). Every other insert (importer, OTLP, COPY, plain INSERT) still claims
-- through the trigger, exactly as before. The trigger function is unchanged.
-- Dropping and creating it on the partitioned parent drops and recreates its clone on every
-- partition (and future partitions clone it), in this migration's transaction.

drop trigger usage_events_claim_key on monitoring.usage_events;

create trigger usage_events_claim_key
  before insert on monitoring.usage_events
  for each row
  when (coalesce(current_setting('tokenwatch.keys_claimed_by', true), '') <> 'ingest_events')
  execute function monitoring.usage_events_claim_key();

comment on trigger usage_events_claim_key on monitoring.usage_events is
  'Claims (source, request_id) in usage_event_keys before each row is stored, skipping the row when the key is taken; not when monitoring.ingest_event_batch has claimed the batch''s keys itself (tokenwatch.keys_claimed_by).';
