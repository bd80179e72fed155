-- monitoring.chat_import_event, redefined to map customer_id (from 20261124002300, search_path = '' as
-- 20261201040100 set it). What changed: the event's customer_id is the message metadata's `customer_id` key
-- when present, else the conversation's customer column (chat_import_config.conversation_customer_column,
-- 20261203010000, read by claim_chat_import_pending, 20261203010100). Like every other metadata key it is
-- passed on as it is, so a value that is not a valid label fails the message's validation (it stays in
-- import_pending with last_error) instead of being changed.

create or replace function monitoring.chat_import_event(p_config monitoring.chat_import_config, p_message jsonb)
returns jsonb
language sql stable
set search_path = ''
as $$
  select jsonb_strip_nulls(jsonb_build_object(
    'request_id', p_message ->> 'message_id',
    'source', p_config.source,
    'occurred_at', p_message -> 'created_at',
    'model', coalesce(nullif(btrim(md ->> 'model'), ''),
                      case when jsonb_typeof(md -> 'usage') = 'object'
                           then coalesce(md -> 'usage' ->> 'gen_ai.response.model', md -> 'usage' ->> 'gen_ai.request.model') end,
                      p_config.default_model),
    'provider', coalesce(nullif(btrim(md ->> 'provider'), ''), p_config.default_provider),
    'usage', md -> 'usage',
    'conversation_id', p_message ->> 'conversation_id',
    'user_id', p_message ->> 'user_id',
    'customer_id', coalesce(md -> 'customer_id', p_message -> 'customer_id'),
    'app', p_config.app,
    'environment', p_config.environment,
    'prompt_variant', md -> 'prompt_variant',
    'latency_ms', md -> 'latency_ms',
    'tool_calls', case when jsonb_typeof(md -> 'tool_calls') = 'array'
                       then to_jsonb(jsonb_array_length(md -> 'tool_calls')) else md -> 'tool_calls' end,
    'tool_failures', md -> 'tool_failures',
    'status', case when coalesce(md -> 'error', 'null'::jsonb) not in ('null'::jsonb, 'false'::jsonb)
                   then to_jsonb('error'::text) else md -> 'status' end,
    'error_type', case jsonb_typeof(md -> 'error')
                    when 'string' then md -> 'error'
                    when 'object' then to_jsonb(coalesce(md -> 'error' ->> 'type', md -> 'error' ->> 'code', 'error'))
                    when 'boolean' then case when md -> 'error' = 'true'::jsonb then to_jsonb('error'::text) end
                  end,
    'system_prompt', p_message -> 'system_prompt',
    'metadata', jsonb_build_object('message_id', p_message ->> 'message_id', 'import', p_config.name)))
  from (select coalesce(p_message -> 'metadata', '{}'::jsonb) as md) m
$$;

comment on function monitoring.chat_import_event(monitoring.chat_import_config, jsonb) is
  'The ingest event for one chat message (request_id = message id, model/usage/tool calls/errors from its metadata; customer_id from its metadata, else from the conversation''s configured customer column), before tokens are known.';
