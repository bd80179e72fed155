-- The chat importer: usage events from an app's own chat tables (by default
-- public.conversations and public.messages, as the original monitoring design kept them).
--
-- Configuration: one row of monitoring.chat_import_config per pair of tables, naming the
-- tables and columns, so that differently named tables work (README "Importing existing
-- chats"). No row exists by default: importing is opt-in.
--
-- What a run does (monitoring.import_chat_messages(config)):
--   1. reads the assistant messages created after (watermark - overlap) that are neither
--      stored as events (source = config.source, request_id = message id) nor queued;
--   2. a message whose metadata carries the provider's usage, with a model and a provider
--      that are known and a system prompt (the conversation's first system message) whose
--      tokens are known, becomes an event right here, stored through
--      monitoring.ingest_events (priced by the usage_events trigger, idempotent);
--   3. every other message (text only, a usage object SQL is unsure about, a system prompt
--      never counted) is queued in monitoring.import_pending for token counting: the ingest
--      Edge Function drains the queue (POST /functions/v1/ingest/import-pending), building
--      each event with monitoring.claim_chat_import_pending (the message's text as output,
--      the earlier messages of its conversation as input, its system prompt) and counting
--      tokens with the real tokenizer, as for any ingested event;
--   4. moves the watermark to the newest message read.
-- Re-running is harmless: a message already stored or queued is skipped, and storing is
-- idempotent on (source, request_id). The overlap re-reads recent messages, so a message
-- whose transaction committed after a later one was imported is still found.
--
-- Message metadata read (all optional): model, provider, usage (the provider's usage object
-- as returned), latency_ms, prompt_variant, tool_calls (an array, counted, or a number),
-- tool_failures (number), error (string, or object with type/code; makes status 'error'),
-- status. Events carry metadata {"message_id": ..., "import": <config name>}.

create table monitoring.chat_import_config (
  name text primary key default 'default',
  enabled boolean not null default true,
  source text not null default 'chat-import',
  messages_table text not null default 'public.messages',
  message_id_column text not null default 'id',
  message_conversation_column text not null default 'conversation_id',
  role_column text not null default 'role',
  content_column text not null default 'content',
  metadata_column text default 'metadata',
  created_at_column text not null default 'created_at',
  assistant_role text not null default 'assistant',
  system_role text not null default 'system',
  conversations_table text default 'public.conversations',
  conversation_id_column text not null default 'id',
  conversation_user_column text default 'user_id',
  app text,
  environment text,
  default_model text,
  default_provider text,
  overlap interval not null default '10 minutes',
  batch_limit integer not null default 10000,
  watermark timestamptz,
  last_run_at timestamptz,
  last_result jsonb,
  last_error text,
  constraint chat_import_config_name_not_blank check (btrim(name) <> ''),
  constraint chat_import_config_source_not_blank check (btrim(source) <> ''),
  constraint chat_import_config_overlap_non_negative check (overlap >= interval '0'),
  constraint chat_import_config_batch_limit_positive check (batch_limit > 0)
);

comment on table monitoring.chat_import_config is
  'Where the chat importer reads: one row per pair of app tables (messages, and optionally conversations), with their column names. Insert a row to opt in; the pg_cron job tokenwatch-chat-import runs every enabled row each minute.';
comment on column monitoring.chat_import_config.name is 'Name of this import (monitoring.import_chat_messages(name)).';
comment on column monitoring.chat_import_config.enabled is 'Whether the pg_cron job runs this import; a disabled one still runs when called by name.';
comment on column monitoring.chat_import_config.source is 'usage_events.source of the imported events; request_id is the message id.';
comment on column monitoring.chat_import_config.messages_table is 'Messages table, schema-qualified (e.g. public.messages).';
comment on column monitoring.chat_import_config.message_id_column is 'Messages: primary key column (becomes request_id).';
comment on column monitoring.chat_import_config.message_conversation_column is 'Messages: column holding the conversation id.';
comment on column monitoring.chat_import_config.role_column is 'Messages: role column (assistant, user, system, ...).';
comment on column monitoring.chat_import_config.content_column is 'Messages: text of the message (text, or json/jsonb).';
comment on column monitoring.chat_import_config.metadata_column is 'Messages: jsonb column with model, usage, tool calls and errors; NULL when the table has none.';
comment on column monitoring.chat_import_config.created_at_column is 'Messages: timestamptz column, when the message was created (becomes occurred_at).';
comment on column monitoring.chat_import_config.assistant_role is 'Role value of the messages that become events.';
comment on column monitoring.chat_import_config.system_role is 'Role value of system prompt messages.';
comment on column monitoring.chat_import_config.conversations_table is 'Conversations table, schema-qualified; NULL to not read one.';
comment on column monitoring.chat_import_config.conversation_id_column is 'Conversations: key column that messages point to.';
comment on column monitoring.chat_import_config.conversation_user_column is 'Conversations: column holding the user id (becomes user_id); NULL for none.';
comment on column monitoring.chat_import_config.app is 'usage_events.app of the imported events.';
comment on column monitoring.chat_import_config.environment is 'usage_events.environment of the imported events.';
comment on column monitoring.chat_import_config.default_model is 'Model of messages whose metadata names none.';
comment on column monitoring.chat_import_config.default_provider is 'Provider of messages whose metadata names none and whose model does not tell.';
comment on column monitoring.chat_import_config.overlap is 'How far before the watermark each run re-reads, for messages committed late.';
comment on column monitoring.chat_import_config.batch_limit is 'Most new messages one run reads.';
comment on column monitoring.chat_import_config.watermark is 'created_at of the newest message read so far; NULL before the first run (the first run reads everything).';
comment on column monitoring.chat_import_config.last_run_at is 'When the last run finished.';
comment on column monitoring.chat_import_config.last_result is 'What the last run did: {scanned, imported, duplicates, queued}.';
comment on column monitoring.chat_import_config.last_error is 'Error of the last scheduled run, NULL when it succeeded.';

create table monitoring.import_pending (
  id bigint generated always as identity primary key,
  config text not null references monitoring.chat_import_config (name) on update cascade on delete cascade,
  message_id text not null,
  message_created_at timestamptz not null,
  reason text not null,
  queued_at timestamptz not null default now(),
  attempts integer not null default 0,
  failed_at timestamptz,
  last_error jsonb,
  constraint import_pending_message_key unique (config, message_id),
  constraint import_pending_reason_known check (reason in ('text_only', 'usage_unmapped', 'system_prompt_uncounted', 'needs_checking'))
);

create index import_pending_waiting_idx on monitoring.import_pending (config, id) where failed_at is null;

comment on table monitoring.import_pending is
  'Imported chat messages waiting for the ingest function to count their tokens (POST /functions/v1/ingest/import-pending). Rows leave when stored; a message that cannot become a valid event stays with failed_at and last_error (retry: update ... set failed_at = null).';
comment on column monitoring.import_pending.config is 'chat_import_config the message came from.';
comment on column monitoring.import_pending.message_id is 'The message id, as text.';
comment on column monitoring.import_pending.message_created_at is 'When the message was created.';
comment on column monitoring.import_pending.reason is 'Why SQL did not store it: text_only (no usage), usage_unmapped (a usage object SQL is unsure about), system_prompt_uncounted (a prompt version never counted), needs_checking (model or provider unknown, or a metadata field SQL cannot vouch for).';
comment on column monitoring.import_pending.queued_at is 'When it was queued.';
comment on column monitoring.import_pending.attempts is 'Failed attempts so far.';
comment on column monitoring.import_pending.failed_at is 'When the last attempt failed; NULL while waiting.';
comment on column monitoring.import_pending.last_error is 'Why it failed: [{field, message}] as the ingest function reports it.';

-- ---------------------------------------------------------------------------------------
-- Reading the app's tables
-- ---------------------------------------------------------------------------------------

-- The message columns as SQL expressions over alias `m`, quoted from the config.
create function monitoring.chat_import_columns(p_config monitoring.chat_import_config, p_alias text)
returns jsonb
language plpgsql stable
as $$
declare
  v_table regclass := to_regclass(p_config.messages_table);
  v_content_type text;
  v_column text;
begin
  if v_table is null then
    raise exception 'chat import %: messages table % does not exist', p_config.name, p_config.messages_table;
  end if;
  foreach v_column in array array[p_config.message_id_column, p_config.message_conversation_column,
                                  p_config.role_column, p_config.content_column, p_config.created_at_column,
                                  coalesce(p_config.metadata_column, p_config.message_id_column)] loop
    if not exists (select 1 from pg_catalog.pg_attribute a
                   where a.attrelid = v_table and a.attname = v_column and a.attnum > 0 and not a.attisdropped) then
      raise exception 'chat import %: column %.% does not exist', p_config.name, v_table, v_column;
    end if;
  end loop;
  select pg_catalog.format_type(t.oid, null) into v_content_type
  from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid
  where a.attrelid = v_table and a.attname = p_config.content_column;
  return jsonb_build_object(
    'table', v_table::text,
    'id', format('%I.%I', p_alias, p_config.message_id_column),
    'id_type', (select pg_catalog.format_type(a.atttypid, a.atttypmod) from pg_catalog.pg_attribute a
                where a.attrelid = v_table and a.attname = p_config.message_id_column),
    'conversation', format('%I.%I', p_alias, p_config.message_conversation_column),
    'role', format('%I.%I::text', p_alias, p_config.role_column),
    'created_at', format('%I.%I', p_alias, p_config.created_at_column),
    'content', case when v_content_type in ('json', 'jsonb')
                 then format('coalesce(%1$I.%2$I::jsonb #>> ''{}'', %1$I.%2$I::text)', p_alias, p_config.content_column)
                 else format('%I.%I::text', p_alias, p_config.content_column) end,
    'metadata', case when p_config.metadata_column is null then '''{}''::jsonb'
                 else format('coalesce(%I.%I::jsonb, ''{}''::jsonb)', p_alias, p_config.metadata_column) end);
end
$$;

comment on function monitoring.chat_import_columns(monitoring.chat_import_config, text) is
  'The configured message columns as quoted SQL expressions over a table alias (checked to exist); used to build the importer''s queries.';

-- The usage event (as the ingest function accepts it) for one normalised message:
-- {message_id, conversation_id, created_at, metadata, user_id, system_prompt}.
create function monitoring.chat_import_event(p_config monitoring.chat_import_config, p_message jsonb)
returns jsonb
language sql stable
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
  'The ingest event for one chat message (request_id = message id, model/usage/tool calls/errors from its metadata), before tokens are known.';

-- The canonical event (usage_events columns) for a message SQL can store directly, or NULL
-- when it must go through the ingest function (the reason is then chat_import_pending_reason).
create function monitoring.chat_import_canonical(p_event jsonb, p_tokens jsonb, p_system_prompt_tokens integer)
returns jsonb
language sql immutable
as $$
  select case
    when p_tokens is null then null
    when coalesce(btrim(p_event ->> 'model'), '') = '' or length(p_event ->> 'model') > 200 then null
    when coalesce(p_event ->> 'provider', monitoring.infer_provider(p_event ->> 'model')) is null then null
    when p_event ? 'system_prompt' and p_system_prompt_tokens is null then null
    when monitoring.usage_count(p_event -> 'tool_calls') < 0 or monitoring.usage_count(p_event -> 'tool_failures') < 0
      or monitoring.usage_count(p_event -> 'tool_failures') > monitoring.usage_count(p_event -> 'tool_calls') then null
    when p_event ? 'latency_ms' and (jsonb_typeof(p_event -> 'latency_ms') <> 'number'
      or (p_event ->> 'latency_ms')::numeric not between 0 and 604800000) then null
    when coalesce(p_event ->> 'status', 'ok') not in ('ok', 'error') then null
    when p_event ? 'prompt_variant' and (jsonb_typeof(p_event -> 'prompt_variant') <> 'string'
      or btrim(p_event ->> 'prompt_variant') = '') then null
    else (p_event - 'usage' - 'system_prompt' - 'provider' - 'tool_calls' - 'tool_failures' - 'latency_ms')
      || p_tokens
      || jsonb_build_object(
           'provider', lower(coalesce(p_event ->> 'provider', monitoring.infer_provider(p_event ->> 'model'))),
           'tool_calls', monitoring.usage_count(p_event -> 'tool_calls'),
           'tool_failures', monitoring.usage_count(p_event -> 'tool_failures'),
           'latency_ms', round((p_event ->> 'latency_ms')::numeric),
           'token_source', 'provider',
           'system_prompt_tokens', case when p_system_prompt_tokens is not null
             then least(p_system_prompt_tokens, (p_tokens ->> 'input_tokens')::bigint) end,
           'system_prompt_hash', case when p_event ? 'system_prompt'
             then encode(sha256(convert_to(p_event ->> 'system_prompt', 'UTF8')), 'hex') end)
  end
$$;

comment on function monitoring.chat_import_canonical(jsonb, jsonb, integer) is
  'The usage_events row (as jsonb) for an imported message whose usage, model, provider and system prompt tokens are all known; NULL when the ingest function must count or check it.';

-- ---------------------------------------------------------------------------------------
-- The import run
-- ---------------------------------------------------------------------------------------

create function monitoring.import_chat_messages(p_config text default 'default', p_since timestamptz default null)
returns table (scanned integer, imported integer, duplicates integer, queued integer)
language plpgsql
as $$
declare
  c monitoring.chat_import_config;
  col jsonb;
  v_since timestamptz;
  v_rows jsonb;
  v_count integer;
  v_max timestamptz;
  v_events jsonb;
  v_texts jsonb;
  v_inserted integer := 0;
  v_duplicates integer := 0;
  v_queued integer := 0;
  v_user text;
  v_join text;
begin
  select * into c from monitoring.chat_import_config where name = p_config for update skip locked;
  if not found then
    if exists (select 1 from monitoring.chat_import_config where name = p_config) then
      return query select 0, 0, 0, 0; -- another run of this import holds it
      return;
    end if;
    raise exception 'no chat import config named % (insert a row into monitoring.chat_import_config)', p_config;
  end if;

  col := monitoring.chat_import_columns(c, 'm');
  v_since := coalesce(p_since, c.watermark - c.overlap);
  if c.conversations_table is not null then
    if to_regclass(c.conversations_table) is null then
      raise exception 'chat import %: conversations table % does not exist', c.name, c.conversations_table;
    end if;
    v_join := format('left join %s cv on cv.%I = m.%I', to_regclass(c.conversations_table),
                     c.conversation_id_column, c.message_conversation_column);
    v_user := case when c.conversation_user_column is null then 'null::text'
                   else format('cv.%I::text', c.conversation_user_column) end;
  else
    v_join := '';
    v_user := 'null::text';
  end if;

  execute format($q$
    select coalesce(jsonb_agg(jsonb_build_object(
             'message_id', n.message_id, 'conversation_id', n.conversation_id, 'created_at', n.created_at,
             'metadata', n.metadata, 'user_id', n.user_id, 'system_prompt', n.system_prompt)
             order by n.created_at, n.message_id), '[]'::jsonb),
           count(*)::integer, max(n.created_at)
    from (
      select %1$s::text as message_id, %2$s::text as conversation_id, %3$s as created_at, %4$s as metadata,
             %5$s as user_id,
             (select %6$s from %7$s s
              where s.%8$I = m.%8$I and s.%9$I::text = $2
                and (s.%10$I, s.%11$I) < (m.%10$I, m.%11$I)
              order by s.%10$I, s.%11$I limit 1) as system_prompt
      from %7$s m %12$s
      where %13$s = $1
        and ($3::timestamptz is null or %3$s > $3)
        and not exists (select 1 from monitoring.usage_events e where e.source = $4 and e.request_id = %1$s::text)
        and not exists (select 1 from monitoring.import_pending p where p.config = $5 and p.message_id = %1$s::text)
      order by %3$s, %1$s
      limit $6
    ) n
    $q$,
    col ->> 'id', col ->> 'conversation', col ->> 'created_at', col ->> 'metadata', v_user,
    monitoring.chat_import_columns(c, 's') ->> 'content', col ->> 'table', c.message_conversation_column, c.role_column,
    c.created_at_column, c.message_id_column, v_join, col ->> 'role')
  into v_rows, v_count, v_max
  using c.assistant_role, c.system_role, v_since, c.source, c.name, c.batch_limit;

  with msg as (
    select r.value as message,
           monitoring.chat_import_event(c, r.value) as event,
           monitoring.provider_usage_tokens(r.value -> 'metadata' -> 'usage',
             coalesce(r.value -> 'metadata' ->> 'provider', c.default_provider)) as tokens
    from jsonb_array_elements(v_rows) r
  ),
  decided as (
    select msg.*, monitoring.chat_import_canonical(msg.event, msg.tokens, pv.tokens) as canonical
    from msg
    left join monitoring.prompt_versions pv
      on msg.event ? 'system_prompt'
     and pv.system_prompt_hash = encode(sha256(convert_to(msg.event ->> 'system_prompt', 'UTF8')), 'hex')
  ),
  queued as (
    insert into monitoring.import_pending (config, message_id, message_created_at, reason)
    select c.name, d.event ->> 'request_id', (d.message ->> 'created_at')::timestamptz,
           case
             when d.tokens is null and not (d.message -> 'metadata' ? 'usage') then 'text_only'
             when d.tokens is null then 'usage_unmapped'
             when d.event ? 'system_prompt' and monitoring.chat_import_canonical(d.event, d.tokens, 0) is not null
               then 'system_prompt_uncounted'
             else 'needs_checking'
           end
    from decided d
    where d.canonical is null
    on conflict (config, message_id) do nothing
    returning 1
  )
  select (select count(*)::integer from queued),
         coalesce(jsonb_agg(d.canonical) filter (where d.canonical is not null), '[]'::jsonb),
         jsonb_object_agg(d.canonical ->> 'system_prompt_hash', d.event ->> 'system_prompt')
           filter (where d.canonical ? 'system_prompt_hash' and d.canonical ->> 'system_prompt_hash' is not null)
  into v_queued, v_events, v_texts
  from decided d;

  if jsonb_array_length(v_events) > 0 then
    select i.inserted, i.duplicates into v_inserted, v_duplicates
    from monitoring.ingest_events(v_events, v_texts) i;
  end if;

  update monitoring.chat_import_config
     set watermark = greatest(watermark, v_max),
         last_run_at = clock_timestamp(),
         last_result = jsonb_build_object('scanned', v_count, 'imported', v_inserted,
                                          'duplicates', v_duplicates, 'queued', v_queued)
   where name = c.name;

  return query select v_count, v_inserted, v_duplicates, v_queued;
end
$$;

comment on function monitoring.import_chat_messages(text, timestamptz) is
  'Imports new assistant messages of one chat_import_config as usage events: stored at once when their usage is reported and everything is known, else queued in import_pending for the ingest function to count. p_since overrides the watermark (re-scan from then). Idempotent. Returns (scanned, imported, duplicates, queued).';

-- ---------------------------------------------------------------------------------------
-- The queue, drained by the ingest function
-- ---------------------------------------------------------------------------------------

create function monitoring.claim_chat_import_pending(p_config text default null, p_limit integer default 200)
returns table (pending_id bigint, event jsonb)
language plpgsql
as $$
declare
  c monitoring.chat_import_config;
  col jsonb;
  v_claimed jsonb;
  v_built jsonb;
  v_user text;
  v_join text;
begin
  for c in
    select distinct on (cfg.name) cfg.*
    from monitoring.import_pending p join monitoring.chat_import_config cfg on cfg.name = p.config
    where p.failed_at is null and (p_config is null or p.config = p_config)
    order by cfg.name
  loop
    -- Lock this config's waiting rows (a concurrent drain skips them).
    select jsonb_agg(jsonb_build_object('id', q.id, 'message_id', q.message_id))
      into v_claimed
    from (select p.id, p.message_id from monitoring.import_pending p
          where p.config = c.name and p.failed_at is null
          order by p.id limit p_limit
          for update skip locked) q;
    continue when v_claimed is null;

    col := monitoring.chat_import_columns(c, 'm');
    if c.conversations_table is not null and to_regclass(c.conversations_table) is not null then
      v_join := format('left join %s cv on cv.%I = m.%I', to_regclass(c.conversations_table),
                       c.conversation_id_column, c.message_conversation_column);
      v_user := case when c.conversation_user_column is null then 'null::text'
                     else format('cv.%I::text', c.conversation_user_column) end;
    else
      v_join := '';
      v_user := 'null::text';
    end if;

    execute format($q$
      select jsonb_object_agg(n.message_id, jsonb_build_object(
               'message', jsonb_build_object('message_id', n.message_id, 'conversation_id', n.conversation_id,
                 'created_at', n.created_at, 'metadata', n.metadata, 'user_id', n.user_id,
                 'system_prompt', n.system_prompt),
               'history', n.history, 'content', n.content))
      from (
        select %1$s::text as message_id, %2$s::text as conversation_id, %3$s as created_at, %4$s as metadata,
               %5$s as user_id, %6$s as content,
               (select %7$s from %8$s s
                where s.%9$I = m.%9$I and s.%10$I::text = $2
                  and (s.%11$I, s.%12$I) < (m.%11$I, m.%12$I)
                order by s.%11$I, s.%12$I limit 1) as system_prompt,
               (select coalesce(jsonb_agg(jsonb_build_object(
                                 'role', case s.%10$I::text when $2 then 'system' when $3 then 'assistant'
                                           else coalesce(s.%10$I::text, 'unknown') end,
                                 'content', coalesce(%7$s, ''))
                                          order by s.%11$I, s.%12$I), '[]'::jsonb)
                from %8$s s
                where s.%9$I = m.%9$I and (s.%11$I, s.%12$I) < (m.%11$I, m.%12$I)) as history
        from %8$s m %13$s
        where %1$s = any($1::%14$s[])
      ) n
      $q$,
      col ->> 'id', col ->> 'conversation', col ->> 'created_at', col ->> 'metadata', v_user, col ->> 'content',
      monitoring.chat_import_columns(c, 's') ->> 'content', col ->> 'table', c.message_conversation_column, c.role_column,
      c.created_at_column, c.message_id_column, v_join, col ->> 'id_type')
    into v_built
    using (select array_agg(x ->> 'message_id') from jsonb_array_elements(v_claimed) x), c.system_role,
          c.assistant_role;

    return query
      select (x ->> 'id')::bigint,
             case when b.value is null then null
               else monitoring.chat_import_event(c, b.value -> 'message')
                    || case when jsonb_typeof(b.value -> 'message' -> 'metadata' -> 'usage') = 'object'
                         then '{}'::jsonb
                         else jsonb_build_object('messages', b.value -> 'history',
                                                 'output_text', coalesce(b.value ->> 'content', ''))
                       end
             end
      from jsonb_array_elements(v_claimed) x
      left join lateral (select v_built -> (x ->> 'message_id') as value) b on true
      order by (x ->> 'id')::bigint;
  end loop;
end
$$;

comment on function monitoring.claim_chat_import_pending(text, integer) is
  'Locks up to p_limit waiting import_pending rows per config (FOR UPDATE SKIP LOCKED, until the caller''s transaction ends) and returns each with its ingest event: usage when reported, else the message text as output_text and the earlier messages of its conversation as messages (the configured system and assistant roles renamed system and assistant). event is NULL when the message no longer exists.';

revoke all on table monitoring.chat_import_config, monitoring.import_pending from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.chat_import_config, monitoring.import_pending to service_role;

alter table monitoring.chat_import_config enable row level security;
alter table monitoring.import_pending enable row level security;
create policy chat_import_config_service_role on monitoring.chat_import_config
  for all to service_role using (true) with check (true);
create policy import_pending_service_role on monitoring.import_pending
  for all to service_role using (true) with check (true);

revoke all on function
  monitoring.chat_import_columns(monitoring.chat_import_config, text),
  monitoring.chat_import_event(monitoring.chat_import_config, jsonb),
  monitoring.chat_import_canonical(jsonb, jsonb, integer),
  monitoring.import_chat_messages(text, timestamptz),
  monitoring.claim_chat_import_pending(text, integer)
  from public, anon, authenticated;
grant execute on function
  monitoring.chat_import_columns(monitoring.chat_import_config, text),
  monitoring.chat_import_event(monitoring.chat_import_config, jsonb),
  monitoring.chat_import_canonical(jsonb, jsonb, integer),
  monitoring.import_chat_messages(text, timestamptz),
  monitoring.claim_chat_import_pending(text, integer)
  to service_role;
