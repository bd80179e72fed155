-- monitoring.import_chat_messages, redefined for one provider-usage mapping (from 20261124002300,
-- search_path = '' as 20261201040100 set it). What changed: the chat importer queues every new assistant message in
-- monitoring.import_pending, and the ingest function's drain (POST /functions/v1/ingest/import-pending,
-- shared/ingest/chat_import.ts) builds each event and maps its usage with the same TypeScript mapper
-- as every ingested event (shared/usage/provider_usage.ts). Before, messages with reported usage were
-- mapped and stored here in SQL by a second copy of that mapping (monitoring.provider_usage_tokens,
-- 20261124002200), which a later migration drops.
--
-- It no longer maps usage (monitoring.provider_usage_tokens), builds canonical events
-- (chat_import_canonical) or stores through monitoring.ingest_events, and it reads only each message's
-- id, created_at and whether its metadata has a usage key (no system prompt, user or conversation: the
-- drain's claim_chat_import_pending reads those). It keeps its signature and its result columns; imported and duplicates
-- are now always 0 (the drain stores), queued counts every message read. A queued message's reason is
-- 'usage_reported' (its metadata carries a usage object) or 'text_only' (its tokens are counted from
-- the text).

create or replace function monitoring.import_chat_messages(p_config text default 'default', p_since timestamptz default null)
returns table (scanned integer, imported integer, duplicates integer, queued integer)
language plpgsql
set search_path = ''
as $$
declare
  c monitoring.chat_import_config;
  col jsonb;
  v_since timestamptz;
  v_rows jsonb;
  v_count integer;
  v_max timestamptz;
  v_queued integer := 0;
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
  if c.conversations_table is not null and to_regclass(c.conversations_table) is null then
    raise exception 'chat import %: conversations table % does not exist', c.name, c.conversations_table;
  end if;

  execute format($q$
    select coalesce(jsonb_agg(jsonb_build_object(
             'message_id', n.message_id, 'created_at', n.created_at, 'has_usage', n.has_usage)
             order by n.created_at, n.message_id), '[]'::jsonb),
           count(*)::integer, max(n.created_at)
    from (
      select %1$s::text as message_id, %2$s as created_at, (%3$s) ? 'usage' as has_usage
      from %4$s m
      where %5$s = $1
        and ($2::timestamptz is null or %2$s > $2)
        and not exists (select 1 from monitoring.usage_events e where e.source = $3 and e.request_id = %1$s::text)
        and not exists (select 1 from monitoring.import_pending p where p.config = $4 and p.message_id = %1$s::text)
      order by %2$s, %1$s
      limit $5
    ) n
    $q$,
    col ->> 'id', col ->> 'created_at', col ->> 'metadata', col ->> 'table', col ->> 'role')
  into v_rows, v_count, v_max
  using c.assistant_role, v_since, c.source, c.name, c.batch_limit;

  with queued as (
    insert into monitoring.import_pending (config, message_id, message_created_at, reason)
    select c.name, r.value ->> 'message_id', (r.value ->> 'created_at')::timestamptz,
           case when (r.value -> 'has_usage')::boolean then 'usage_reported' else 'text_only' end
    from jsonb_array_elements(v_rows) r
    on conflict (config, message_id) do nothing
    returning 1
  )
  select count(*)::integer into v_queued from queued;

  update monitoring.chat_import_config
     set watermark = greatest(watermark, v_max),
         last_run_at = clock_timestamp(),
         last_result = jsonb_build_object('scanned', v_count, 'imported', 0, 'duplicates', 0, 'queued', v_queued)
   where name = c.name;

  return query select v_count, 0, 0, v_queued;
end
$$;

comment on function monitoring.import_chat_messages(text, timestamptz) is
  'Queues the new assistant messages of one chat_import_config in import_pending, where the ingest function (POST /functions/v1/ingest/import-pending) builds their events and maps their usage or counts their tokens. p_since overrides the watermark (re-scan from then). Idempotent: a message stored or queued already is skipped. Returns (scanned, imported, duplicates, queued); imported and duplicates are 0 (the drain stores).';
