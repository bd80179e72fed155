-- monitoring.usage_events_enqueue redefined for issue 16 (budgets): the queue row also carries
-- the event's occurred_at, user_id, customer_id and conversation_id (columns added to
-- monitoring.usage_rollup_queue in 20261202050100_add_budget_columns_to_usage_rollup_queue.sql),
-- which the per-entity rollups (monitoring.usage_entity_15m, usage_entity_daily) and
-- monitoring.budget_spend need.
--
-- Starting from the definition in 20261124001400_create_usage_rollups.sql (search_path pinned
-- by 20261201040000_pin_search_path_engine_functions.sql), the only changes are the four
-- columns added to the insert's column list and select list, the pin restated (CREATE OR
-- REPLACE replaces SET clauses) and the comment. The trigger itself is unchanged.

create or replace function monitoring.usage_events_enqueue()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  insert into monitoring.usage_rollup_queue (
    event_id, hour, provider, model, app, environment, prompt_variant, status, error_type,
    tool_calls, tool_failures, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,
    output_tokens, reasoning_tokens, system_prompt_tokens, cost_usd, latency_ms, latency_bucket, token_source, tools,
    occurred_at, user_id, customer_id, conversation_id)
  select n.id, date_trunc('hour', n.occurred_at, 'UTC'), n.provider, n.model, n.app, n.environment, n.prompt_variant,
         n.status, n.error_type, n.tool_calls, n.tool_failures, n.input_tokens, n.cache_read_tokens,
         n.cache_write_tokens, n.cache_write_1h_tokens, n.output_tokens, n.reasoning_tokens, n.system_prompt_tokens,
         n.cost_usd, n.latency_ms, monitoring.latency_bucket(n.latency_ms), n.token_source, n.tools,
         n.occurred_at, n.user_id, n.customer_id, n.conversation_id
  from new_events n;
  return null;
end
$$;

comment on function monitoring.usage_events_enqueue() is
  'AFTER INSERT statement trigger on usage_events: queues the new events for the hourly rollups and the per-entity rollups (usage_entity_15m, usage_entity_daily).';
