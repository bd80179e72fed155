-- monitoring.claim_chat_import_pending, redefined to read the conversation's customer (from 20261124002300,
-- search_path = '' as 20261201040100 set it). What changed: when chat_import_config.conversation_customer_column
-- names a column of the conversations table, each claimed message carries its value as customer_id (like the
-- user from conversation_user_column); monitoring.chat_import_event maps it (20261203010200).

create or replace function monitoring.claim_chat_import_pending(p_config text default null, p_limit integer default 200)
returns table (pending_id bigint, event jsonb)
language plpgsql
set search_path = ''
as $$
declare
  c monitoring.chat_import_config;
  col jsonb;
  v_claimed jsonb;
  v_built jsonb;
  v_user text;
  v_customer text;
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
      v_customer := case when c.conversation_customer_column is null then 'null::text'
                         else format('cv.%I::text', c.conversation_customer_column) end;
    else
      v_join := '';
      v_user := 'null::text';
      v_customer := 'null::text';
    end if;

    execute format($q$
      select jsonb_object_agg(n.message_id, jsonb_build_object(
               'message', jsonb_build_object('message_id', n.message_id, 'conversation_id', n.conversation_id,
                 'created_at', n.created_at, 'metadata', n.metadata, 'user_id', n.user_id, 'customer_id', n.customer_id,
                 'system_prompt', n.system_prompt),
               'history', n.history, 'content', n.content))
      from (
        select %1$s::text as message_id, %2$s::text as conversation_id, %3$s as created_at, %4$s as metadata,
               %5$s as user_id, %15$s as customer_id, %6$s as content,
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
      c.created_at_column, c.message_id_column, v_join, col ->> 'id_type', v_customer)
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
  'Locks up to p_limit waiting import_pending rows per config (FOR UPDATE SKIP LOCKED, until the caller''s transaction ends) and returns each with its ingest event: usage when reported, else the message text as output_text and the earlier messages of its conversation as messages (the configured system and assistant roles renamed system and assistant). event is NULL when the message no longer exists. The message carries its conversation''s user and, when configured, customer.';
