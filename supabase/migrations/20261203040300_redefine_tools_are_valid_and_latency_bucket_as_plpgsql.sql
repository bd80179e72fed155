-- Redefines monitoring.tools_are_valid(jsonb) (from 20261124001200_create_usage_events.sql, search_path
-- pinned by 20261201040000) and monitoring.latency_bucket(integer) (from
-- 20261124001400_create_usage_rollups.sql, pinned by 20261201040000) in plpgsql (issue 17, item 4).
-- What changed: the language only; each returns what it returned for every input.
-- Why: both run once per stored event (tools_are_valid is the check constraint usage_events_tools_shape;
-- latency_bucket fills usage_rollup_queue in the usage_events_enqueue trigger). Pinning search_path made
-- these SQL functions non-inlinable, and a non-inlined SQL function is slow to call: about 13 us a row for
-- tools_are_valid(NULL) against 1.8 us in plpgsql (100,000 calls on the local stack), about 3.1 us
-- against 1.9 us for latency_bucket. On a 1,000-event batch that is roughly 12 ms of a ~60 ms
-- statement, for every path that stores events (ingest, COPY, importer, OTLP). plpgsql answers a null
-- `tools` (nearly every event) before reaching the query, and caches its plans. The check constraint
-- is not revalidated: it calls the same function, whose answers do not change.

create or replace function monitoring.tools_are_valid(p_tools jsonb)
returns boolean
language plpgsql
immutable parallel safe
set search_path = ''
as $$
begin
  if p_tools is null then
    return true;
  end if;
  return jsonb_typeof(p_tools) = 'array'
    and not exists (
      select 1
      from jsonb_array_elements(p_tools) t(e)
      where jsonb_typeof(t.e) is distinct from 'object'
         or jsonb_typeof(t.e -> 'name') is distinct from 'string'
         or btrim(t.e ->> 'name') = ''
         or jsonb_typeof(t.e -> 'calls') is distinct from 'number'
         or (t.e ->> 'calls')::numeric <> trunc((t.e ->> 'calls')::numeric)
         or (t.e ->> 'calls')::numeric not between 0 and 2147483647
         or (t.e ? 'failures' and (
               jsonb_typeof(t.e -> 'failures') is distinct from 'number'
               or (t.e ->> 'failures')::numeric <> trunc((t.e ->> 'failures')::numeric)
               or (t.e ->> 'failures')::numeric < 0
               or (t.e ->> 'failures')::numeric > (t.e ->> 'calls')::numeric)));
end
$$;

comment on function monitoring.tools_are_valid(jsonb) is
  'true when usage_events.tools is null or an array of {"name": text, "calls": int >= 0, "failures": int between 0 and calls}.';

create or replace function monitoring.latency_bucket(p_latency_ms integer)
returns integer
language plpgsql
immutable strict parallel safe
set search_path = ''
as $$
begin
  return width_bucket(p_latency_ms::float8, monitoring.latency_bucket_bounds());
end
$$;

comment on function monitoring.latency_bucket(integer) is
  'Histogram bucket (0..63) of a latency in ms; histogram arrays hold bucket b at position b+1.';
