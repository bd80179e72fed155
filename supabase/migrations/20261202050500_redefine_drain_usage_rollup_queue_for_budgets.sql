-- monitoring.drain_usage_rollup_queue redefined for issue 16 (budgets): the drain also adds
-- the queued events that name a user, customer or conversation to the per-entity rollups
-- monitoring.usage_entity_15m and monitoring.usage_entity_daily, in the same statement that
-- deletes them from the queue, so the new rollups are exactly as watermark-safe as
-- usage_hourly (see the headers of 20261124001400_create_usage_rollups.sql and
-- 20261202050300_create_usage_entity_rollups.sql).
--
-- Starting from the definition in 20261124001400_create_usage_rollups.sql (search_path pinned
-- by 20261201040000_pin_search_path_engine_functions.sql), the only changes are: the CTEs
-- `ent_g` (the queued events grouped per 15-minute bucket, entity and entity key), `ent` and
-- `entd` (upserts into usage_entity_15m and, added up per UTC day, usage_entity_daily, in key
-- order), a variable v_entity and the `entity_rows` key of the returned jsonb counting their
-- rows, the pin restated (CREATE OR REPLACE replaces SET clauses) and the comment.

create or replace function monitoring.drain_usage_rollup_queue()
returns jsonb
language plpgsql
set work_mem = '64MB'
set search_path = ''
as $$
declare
  v_started timestamptz := clock_timestamp();
  v_events bigint;
  v_max_id bigint;
  v_hourly bigint;
  v_tools bigint;
  v_entity bigint;
  v_ms numeric;
begin
  with q as (
    delete from monitoring.usage_rollup_queue returning *
  ), by_bucket as (
    select e.hour, e.provider, e.model, e.app, e.environment, e.prompt_variant, e.status, e.error_type,
           e.latency_bucket as bucket,
           max(e.event_id) as max_event_id,
           count(*) as requests,
           count(*) filter (where e.status = 'error') as errors,
           sum(e.tool_calls) as tool_calls,
           sum(e.tool_failures) as tool_failures,
           sum(e.input_tokens) as input_tokens,
           sum(e.cache_read_tokens) as cache_read_tokens,
           sum(e.cache_write_tokens) as cache_write_tokens,
           sum(e.cache_write_1h_tokens) as cache_write_1h_tokens,
           sum(e.output_tokens) as output_tokens,
           sum(e.reasoning_tokens) as reasoning_tokens,
           coalesce(sum(e.system_prompt_tokens), 0) as system_prompt_tokens,
           count(e.system_prompt_tokens) as system_prompt_requests,
           coalesce(sum(e.cost_usd), 0) as cost_usd,
           count(*) filter (where e.cost_usd is null) as unpriced_requests,
           coalesce(sum(e.input_tokens) filter (where e.cost_usd is null), 0) as unpriced_input_tokens,
           coalesce(sum(e.output_tokens) filter (where e.cost_usd is null), 0) as unpriced_output_tokens,
           coalesce(sum(e.latency_ms), 0) as latency_ms_sum,
           count(e.latency_ms) as latency_requests,
           count(*) filter (where e.token_source = 'provider') as token_source_provider,
           count(*) filter (where e.token_source = 'tokenizer') as token_source_tokenizer,
           count(*) filter (where e.token_source = 'heuristic') as token_source_heuristic
    from q e
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  ), g as (
    select b.hour, b.provider, b.model, b.app, b.environment, b.prompt_variant, b.status, b.error_type,
           max(b.max_event_id) as max_event_id,
           sum(b.requests) as requests, sum(b.errors) as errors,
           sum(b.tool_calls) as tool_calls, sum(b.tool_failures) as tool_failures,
           sum(b.input_tokens) as input_tokens, sum(b.cache_read_tokens) as cache_read_tokens,
           sum(b.cache_write_tokens) as cache_write_tokens, sum(b.cache_write_1h_tokens) as cache_write_1h_tokens,
           sum(b.output_tokens) as output_tokens, sum(b.reasoning_tokens) as reasoning_tokens,
           sum(b.system_prompt_tokens) as system_prompt_tokens, sum(b.system_prompt_requests) as system_prompt_requests,
           sum(b.cost_usd) as cost_usd, sum(b.unpriced_requests) as unpriced_requests,
           sum(b.unpriced_input_tokens) as unpriced_input_tokens, sum(b.unpriced_output_tokens) as unpriced_output_tokens,
           sum(b.latency_ms_sum) as latency_ms_sum, sum(b.latency_requests) as latency_requests,
           monitoring.hist_build(b.bucket, b.latency_requests) as latency_hist,
           sum(b.token_source_provider) as token_source_provider,
           sum(b.token_source_tokenizer) as token_source_tokenizer,
           sum(b.token_source_heuristic) as token_source_heuristic
    from by_bucket b
    group by 1, 2, 3, 4, 5, 6, 7, 8
  ), up as (
    insert into monitoring.usage_hourly as h (
      hour, provider, model, app, environment, prompt_variant, status, error_type,
      requests, errors, tool_calls, tool_failures,
      input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,
      system_prompt_tokens, system_prompt_requests, cost_usd, unpriced_requests, unpriced_input_tokens,
      unpriced_output_tokens, latency_ms_sum, latency_requests, latency_hist,
      token_source_provider, token_source_tokenizer, token_source_heuristic, updated_at)
    select g.hour, g.provider, g.model, g.app, g.environment, g.prompt_variant, g.status, g.error_type,
           g.requests, g.errors, g.tool_calls, g.tool_failures,
           g.input_tokens, g.cache_read_tokens, g.cache_write_tokens, g.cache_write_1h_tokens, g.output_tokens,
           g.reasoning_tokens, g.system_prompt_tokens, g.system_prompt_requests, g.cost_usd, g.unpriced_requests,
           g.unpriced_input_tokens, g.unpriced_output_tokens, g.latency_ms_sum, g.latency_requests, g.latency_hist,
           g.token_source_provider, g.token_source_tokenizer, g.token_source_heuristic, now()
    from g
    -- in key order, so that an hour's rows sit together on disk (window reads are hour ranges)
    order by g.hour, g.provider, g.model, g.app, g.environment, g.prompt_variant, g.status, g.error_type
    on conflict (hour, provider, model, app, environment, prompt_variant, status, error_type) do update set
      requests = h.requests + excluded.requests,
      errors = h.errors + excluded.errors,
      tool_calls = h.tool_calls + excluded.tool_calls,
      tool_failures = h.tool_failures + excluded.tool_failures,
      input_tokens = h.input_tokens + excluded.input_tokens,
      cache_read_tokens = h.cache_read_tokens + excluded.cache_read_tokens,
      cache_write_tokens = h.cache_write_tokens + excluded.cache_write_tokens,
      cache_write_1h_tokens = h.cache_write_1h_tokens + excluded.cache_write_1h_tokens,
      output_tokens = h.output_tokens + excluded.output_tokens,
      reasoning_tokens = h.reasoning_tokens + excluded.reasoning_tokens,
      system_prompt_tokens = h.system_prompt_tokens + excluded.system_prompt_tokens,
      system_prompt_requests = h.system_prompt_requests + excluded.system_prompt_requests,
      cost_usd = h.cost_usd + excluded.cost_usd,
      unpriced_requests = h.unpriced_requests + excluded.unpriced_requests,
      unpriced_input_tokens = h.unpriced_input_tokens + excluded.unpriced_input_tokens,
      unpriced_output_tokens = h.unpriced_output_tokens + excluded.unpriced_output_tokens,
      latency_ms_sum = h.latency_ms_sum + excluded.latency_ms_sum,
      latency_requests = h.latency_requests + excluded.latency_requests,
      latency_hist = monitoring.hist_add(h.latency_hist, excluded.latency_hist),
      token_source_provider = h.token_source_provider + excluded.token_source_provider,
      token_source_tokenizer = h.token_source_tokenizer + excluded.token_source_tokenizer,
      token_source_heuristic = h.token_source_heuristic + excluded.token_source_heuristic,
      updated_at = now()
    returning 1
  ), t as (
    select e.hour, x.tool ->> 'name' as tool_name, e.app, e.environment, e.model, e.prompt_variant,
           count(*) as requests,
           sum((x.tool ->> 'calls')::bigint) as calls,
           sum(coalesce((x.tool ->> 'failures')::bigint, 0)) as failures
    from q e
    cross join lateral jsonb_array_elements(e.tools) x(tool)
    where e.tools is not null
    group by 1, 2, 3, 4, 5, 6
  ), upt as (
    insert into monitoring.tool_usage_hourly as th (
      hour, tool_name, app, environment, model, prompt_variant, requests, calls, failures, updated_at)
    select t.hour, t.tool_name, t.app, t.environment, t.model, t.prompt_variant, t.requests, t.calls, t.failures, now()
    from t
    order by t.hour, t.tool_name, t.app, t.environment, t.model, t.prompt_variant
    on conflict (hour, tool_name, app, environment, model, prompt_variant) do update set
      requests = th.requests + excluded.requests,
      calls = th.calls + excluded.calls,
      failures = th.failures + excluded.failures,
      updated_at = now()
    returning 1
  ), ent_g as (
    -- one row per entity the event names (see 20261202050300_create_usage_entity_rollups.sql);
    -- the 15-minute bucket written out as monitoring.bucket_15m computes it: that function pins
    -- search_path, so it is never inlined, and a call per queued event would slow the drain
    select to_timestamp(floor(extract(epoch from e.occurred_at) / 900) * 900) as bucket, k.entity,
           case when k.entity = 'customer' then null else e.user_id end as user_id,
           e.customer_id,
           case when k.entity = 'conversation' then e.conversation_id end as conversation_id,
           e.app, e.environment, e.model, e.prompt_variant,
           count(*) as requests, sum(e.input_tokens) as input_tokens, sum(e.output_tokens) as output_tokens,
           coalesce(sum(e.cost_usd), 0) as cost_usd,
           count(*) filter (where e.cost_usd is null) as unpriced_requests,
           coalesce(sum(e.input_tokens) filter (where e.cost_usd is null), 0) as unpriced_input_tokens,
           coalesce(sum(e.output_tokens) filter (where e.cost_usd is null), 0) as unpriced_output_tokens
    from q e
    cross join lateral (values ('user', e.user_id is not null), ('customer', e.customer_id is not null),
                               ('conversation', e.conversation_id is not null)) k(entity, present)
    where k.present
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  ), ent as (
    insert into monitoring.usage_entity_15m as en (
      bucket, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant,
      requests, input_tokens, output_tokens, cost_usd, unpriced_requests, unpriced_input_tokens,
      unpriced_output_tokens, updated_at)
    select g.*, now() from ent_g g
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9
    on conflict (bucket, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant)
    do update set
      requests = en.requests + excluded.requests,
      input_tokens = en.input_tokens + excluded.input_tokens,
      output_tokens = en.output_tokens + excluded.output_tokens,
      cost_usd = en.cost_usd + excluded.cost_usd,
      unpriced_requests = en.unpriced_requests + excluded.unpriced_requests,
      unpriced_input_tokens = en.unpriced_input_tokens + excluded.unpriced_input_tokens,
      unpriced_output_tokens = en.unpriced_output_tokens + excluded.unpriced_output_tokens,
      updated_at = now()
    returning 1
  ), entd as (
    insert into monitoring.usage_entity_daily as ed (
      day, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant,
      requests, input_tokens, output_tokens, cost_usd, unpriced_requests, unpriced_input_tokens,
      unpriced_output_tokens, updated_at)
    select date_trunc('day', g.bucket, 'UTC'), g.entity, g.user_id, g.customer_id, g.conversation_id, g.app,
           g.environment, g.model, g.prompt_variant, sum(g.requests), sum(g.input_tokens), sum(g.output_tokens),
           sum(g.cost_usd), sum(g.unpriced_requests), sum(g.unpriced_input_tokens), sum(g.unpriced_output_tokens), now()
    from ent_g g
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9
    on conflict (day, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant)
    do update set
      requests = ed.requests + excluded.requests,
      input_tokens = ed.input_tokens + excluded.input_tokens,
      output_tokens = ed.output_tokens + excluded.output_tokens,
      cost_usd = ed.cost_usd + excluded.cost_usd,
      unpriced_requests = ed.unpriced_requests + excluded.unpriced_requests,
      unpriced_input_tokens = ed.unpriced_input_tokens + excluded.unpriced_input_tokens,
      unpriced_output_tokens = ed.unpriced_output_tokens + excluded.unpriced_output_tokens,
      updated_at = now()
    returning 1
  )
  -- (counted from the groups, so the queued rows are read only by the three aggregations)
  select coalesce((select sum(g.requests) from g), 0), (select max(g.max_event_id) from g),
         (select count(*) from up), (select count(*) from upt), (select count(*) from ent) + (select count(*) from entd)
  into v_events, v_max_id, v_hourly, v_tools, v_entity;

  v_ms := round(extract(epoch from clock_timestamp() - v_started)::numeric * 1000, 1);

  if v_events > 0 then
    update monitoring.usage_rollup_state
       set last_run_at = now(),
           last_events = v_events,
           last_max_event_id = v_max_id,
           last_duration_ms = v_ms,
           total_events = total_events + v_events
     where id;
  end if;

  return jsonb_build_object(
    'ran', true,
    'events', v_events,
    'hourly_rows', v_hourly,
    'tool_rows', v_tools,
    'entity_rows', v_entity,
    'max_event_id', v_max_id,
    'duration_ms', v_ms);
end
$$;

comment on function monitoring.drain_usage_rollup_queue() is
  'Internal: adds every committed queued event to usage_hourly, tool_usage_hourly, usage_entity_15m and usage_entity_daily and deletes its queue row, in one statement. Call refresh_usage_rollups instead.';
