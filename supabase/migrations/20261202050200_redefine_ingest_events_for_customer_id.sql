-- monitoring.ingest_events redefined for issue 16 (budgets): stores the new canonical event
-- field customer_id (monitoring.usage_events.customer_id, added in
-- 20261202050000_add_customer_id_to_usage_events.sql).
--
-- Starting from the definition in 20261202020700_redefine_ingest_events_for_service_tier.sql
-- (set-based pricing by service tier), the only changes are: customer_id in
-- the inserted column list, in the select list and in the jsonb_to_recordset column definition;
-- `set search_path = ''` is written in the definition (CREATE OR REPLACE replaces the SET
-- clauses too, so the earlier ALTER's pin must be restated). Everything else is unchanged.

create or replace function monitoring.ingest_events(p_events jsonb, p_prompt_texts jsonb default null)
returns table (inserted integer, duplicates integer)
language plpgsql
set search_path = ''
as $$
declare
  v_total integer;
  v_inserted integer;
begin
  if p_events is null or jsonb_typeof(p_events) <> 'array' then
    raise exception 'monitoring.ingest_events: p_events must be a JSON array of events, got %',
      coalesce(jsonb_typeof(p_events), 'null')
      using errcode = '22023';
  end if;
  v_total := jsonb_array_length(p_events);

  perform monitoring.remember_model_prices(n.model_key)
  from (select distinct lower(e.value ->> 'model') as model_key
        from jsonb_array_elements(p_events) e
        where jsonb_typeof(e.value) = 'object') n
  where n.model_key is not null
    and not exists (select from monitoring.model_price_matches m where m.model_key = n.model_key);

  perform pg_catalog.set_config('tokenwatch.priced_by', 'ingest_events', true);

  with new_events as (
    insert into monitoring.usage_events (
      request_id, source, occurred_at, provider, model,
      input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,
      output_tokens, reasoning_tokens, system_prompt_tokens,
      tool_calls, tool_failures, tools, status, error_type, latency_ms,
      conversation_id, user_id, customer_id, app, environment, prompt_variant,
      token_source, system_prompt_hash, metadata, service_tier, cost_usd)
    select
      e.request_id, coalesce(e.source, 'api'), e.occurred_at, e.provider, e.model,
      coalesce(e.input_tokens, 0), coalesce(e.cache_read_tokens, 0), coalesce(e.cache_write_tokens, 0),
      coalesce(e.cache_write_1h_tokens, 0), coalesce(e.output_tokens, 0), coalesce(e.reasoning_tokens, 0),
      e.system_prompt_tokens,
      coalesce(e.tool_calls, 0), coalesce(e.tool_failures, 0), e.tools,
      coalesce(e.status, 'ok'), e.error_type, e.latency_ms,
      e.conversation_id, e.user_id, e.customer_id, e.app, e.environment, e.prompt_variant,
      coalesce(e.token_source, 'provider'), e.system_prompt_hash, coalesce(e.metadata, '{}'::jsonb),
      t.service_tier,
      monitoring.price_cost(p, coalesce(e.input_tokens, 0), coalesce(e.output_tokens, 0),
                            coalesce(e.cache_read_tokens, 0), coalesce(e.cache_write_tokens, 0),
                            coalesce(e.cache_write_1h_tokens, 0))
    from jsonb_to_recordset(p_events) as e(
      request_id text, source text, occurred_at timestamptz, provider text, model text,
      input_tokens integer, cache_read_tokens integer, cache_write_tokens integer, cache_write_1h_tokens integer,
      output_tokens integer, reasoning_tokens integer, system_prompt_tokens integer,
      tool_calls integer, tool_failures integer, tools jsonb, status text, error_type text, latency_ms integer,
      conversation_id text, user_id text, customer_id text, app text, environment text, prompt_variant text,
      token_source text, system_prompt_hash text, metadata jsonb, service_tier text)
    cross join lateral (select lower(btrim(coalesce(e.service_tier, 'default'))) as service_tier) t
    left join lateral monitoring.price_for(e.model, e.occurred_at, t.service_tier, coalesce(e.input_tokens, 0)) p on true
    order by coalesce(e.source, 'api'), e.request_id
    on conflict (source, request_id) do nothing
    returning usage_events.system_prompt_hash, usage_events.system_prompt_tokens, usage_events.occurred_at
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
  select count(*)::integer into v_inserted from new_events;

  perform pg_catalog.set_config('tokenwatch.priced_by', '', true);

  return query select v_inserted, v_total - v_inserted;
end
$$;

comment on function monitoring.ingest_events(jsonb, jsonb) is
  'Stores a JSON array of canonical usage events (keys = usage_events columns) in one statement, idempotent on (source, request_id); keeps prompt_versions for the newly stored ones. p_prompt_texts maps hash -> text (kept only when ingest_settings.store_prompt_text is on). Returns (inserted, duplicates).';

revoke all on function monitoring.ingest_events(jsonb, jsonb) from public, anon, authenticated;
grant execute on function monitoring.ingest_events(jsonb, jsonb) to service_role;
