-- monitoring.top_conversations(from, to, limit): the conversation drill-down for any window,
-- refusing windows past the retention of raw events (issue 17, item 1).
--
-- Conversations are not in the rollup (their number is unbounded), so this reads raw events.
-- Once raw events older than retention_settings.usage_events are gone, a window that starts
-- before that would silently show less; instead it raises 22023 "top_conversations: ... past
-- the retention of raw events" (monitoring.assert_raw_events_kept). The view
-- v_top_conversations lists only the days whose events are still stored.

create function monitoring.top_conversations(
  p_from timestamptz,
  p_to timestamptz,
  p_limit integer default 10,
  p_now timestamptz default now()
)
returns table (
  conversation_id text,
  app text,
  environment text,
  requests bigint,
  errors bigint,
  input_tokens bigint,
  output_tokens bigint,
  total_tokens bigint,
  cost_usd numeric,
  unpriced_requests bigint,
  first_at timestamptz,
  last_at timestamptz
)
language plpgsql stable
set search_path = ''
as $$
begin
  if p_from is null or p_to is null or p_to <= p_from or p_limit is null or p_limit < 1 then
    raise exception 'top_conversations: need p_from < p_to and p_limit >= 1 (got % .. %, %)', p_from, p_to, p_limit
      using errcode = '22023';
  end if;
  perform monitoring.assert_raw_events_kept(p_from, 'top_conversations', p_now);
  return query
  select e.conversation_id, e.app, e.environment,
         count(*), count(*) filter (where e.status = 'error'),
         sum(e.input_tokens)::bigint, sum(e.output_tokens)::bigint, sum(e.input_tokens + e.output_tokens)::bigint,
         coalesce(sum(e.cost_usd), 0), count(*) filter (where e.cost_usd is null),
         min(e.occurred_at), max(e.occurred_at)
  from monitoring.usage_events e
  where e.occurred_at >= p_from and e.occurred_at < p_to and e.conversation_id is not null
  group by e.conversation_id, e.app, e.environment
  order by coalesce(sum(e.cost_usd), 0) desc, sum(e.input_tokens + e.output_tokens) desc, e.conversation_id
  limit p_limit;
end
$$;

comment on function monitoring.top_conversations(timestamptz, timestamptz, integer, timestamptz) is
  'The p_limit conversations that cost most in [p_from, p_to) (ties by tokens), from raw events. Raises 22023 when p_from is past the retention of raw events (retention_settings usage_events) instead of showing less.';

revoke all on function monitoring.top_conversations(timestamptz, timestamptz, integer, timestamptz) from public, anon, authenticated;
grant execute on function monitoring.top_conversations(timestamptz, timestamptz, integer, timestamptz) to service_role;
