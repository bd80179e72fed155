-- Redefines monitoring.ingest_events (from 20261202080200_redefine_ingest_events_for_partitions.sql)
-- as a call of monitoring.ingest_event_batch (20261203040100), which now holds the one definition of
-- storing a batch (issue 17, item 4). What changed: the body. The signature, the refusal of anything
-- but an array (22023, with this function's name in the message) and the result are as before; the
-- jsonb batch is handed over as json text.

create or replace function monitoring.ingest_events(p_events jsonb, p_prompt_texts jsonb default null)
returns table (inserted integer, duplicates integer)
language plpgsql
set search_path = ''
as $$
begin
  if p_events is null or jsonb_typeof(p_events) <> 'array' then
    raise exception 'monitoring.ingest_events: p_events must be a JSON array of events, got %',
      coalesce(jsonb_typeof(p_events), 'null')
      using errcode = '22023';
  end if;
  return query select b.inserted, b.duplicates
    from monitoring.ingest_event_batch(p_events::json, p_prompt_texts) b;
end
$$;

comment on function monitoring.ingest_events(jsonb, jsonb) is
  'Stores a JSON array of canonical usage events (keys = usage_events columns): monitoring.ingest_event_batch on the same batch (idempotent on (source, request_id), priced set-based, prompt_versions kept). p_prompt_texts maps hash -> text (kept only when ingest_settings.store_prompt_text is on). Returns (inserted, duplicates).';

revoke all on function monitoring.ingest_events(jsonb, jsonb) from public, anon, authenticated;
grant execute on function monitoring.ingest_events(jsonb, jsonb) to service_role;
