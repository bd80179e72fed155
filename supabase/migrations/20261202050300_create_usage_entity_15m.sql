-- monitoring.usage_entity_15m: the per-entity rollup that budgets read (issue 16).
--
-- Budgets cap what one user, one customer or one conversation spends. monitoring.usage_hourly
-- must not grow with the number of users, so these three dimensions get a rollup of their own:
--
--   bucket (15 minutes, UTC-aligned) x (user_id, customer_id, conversation_id, app,
--   environment, model, prompt_variant)
--
-- Only events that name at least one of user_id, customer_id, conversation_id are in it;
-- budgets scoped by app / environment / model / prompt_variant alone read usage_hourly through
-- monitoring.usage_window_rows instead (exact at any instant: raw events for partial hours).
--
-- Why 15 minutes and not an hour: a budget's day, week or month starts at local midnight in
-- its time zone. Every time zone in use today is offset from UTC by a multiple of 15 minutes
-- (India +05:30, Nepal +05:45, Newfoundland -03:30, Chatham +12:45), so every such period is a
-- whole number of 15-minute buckets and the closed part of a period is read from this table
-- alone, without raw events. A user with a month of history is at most 2,976 buckets times the
-- distinct (conversation, model, ...) tuples of that user per bucket, read through the
-- (user_id, bucket) index: a few thousand rows.
--
-- Kept by the same watermark-safe queue as usage_hourly: monitoring.usage_events_enqueue copies
-- the entity columns into monitoring.usage_rollup_queue, and monitoring.drain_usage_rollup_queue
-- adds the queued events here in the statement that deletes them from the queue (both
-- redefined in the next migrations). A reader (monitoring.budget_spend) adds the still-queued
-- events to the rollup rows in one statement, so it sees every committed event exactly once.
--
-- Measures are the ones budgets need: requests, all input and output tokens, priced cost,
-- and the unpriced requests with their tokens (so an unpriced request is never a $0 one: it
-- is either counted at the budget's fallback price or reported).

create table monitoring.usage_entity_15m (
  bucket timestamptz not null,
  user_id text,
  customer_id text,
  conversation_id text,
  app text,
  environment text,
  model text not null,
  prompt_variant text,
  requests bigint not null default 0,
  input_tokens bigint not null default 0,
  output_tokens bigint not null default 0,
  cost_usd numeric not null default 0,
  unpriced_requests bigint not null default 0,
  unpriced_input_tokens bigint not null default 0,
  unpriced_output_tokens bigint not null default 0,
  updated_at timestamptz not null default now(),
  constraint usage_entity_15m_has_entity check (
    user_id is not null or customer_id is not null or conversation_id is not null),
  constraint usage_entity_15m_bucket_aligned check (extract(epoch from bucket)::bigint % 900 = 0)
);

create unique index usage_entity_15m_key on monitoring.usage_entity_15m
  (bucket, user_id, customer_id, conversation_id, app, environment, model, prompt_variant) nulls not distinct;
create index usage_entity_15m_user_idx on monitoring.usage_entity_15m (user_id, bucket) where user_id is not null;
create index usage_entity_15m_customer_idx on monitoring.usage_entity_15m (customer_id, bucket)
  where customer_id is not null;
create index usage_entity_15m_conversation_idx on monitoring.usage_entity_15m (conversation_id, bucket)
  where conversation_id is not null;

comment on table monitoring.usage_entity_15m is
  'Per-entity rollup for budgets: 15-minute UTC-aligned buckets x (user_id, customer_id, conversation_id, app, environment, model, prompt_variant), only events naming a user, customer or conversation. Kept with usage_hourly by monitoring.refresh_usage_rollups from the same queue.';
comment on column monitoring.usage_entity_15m.bucket is 'Start of the 15-minute bucket (UTC-aligned; a whole number of buckets makes every local day in every time zone in use).';
comment on column monitoring.usage_entity_15m.user_id is 'End user.';
comment on column monitoring.usage_entity_15m.customer_id is 'Customer who pays.';
comment on column monitoring.usage_entity_15m.conversation_id is 'Conversation.';
comment on column monitoring.usage_entity_15m.app is 'Application.';
comment on column monitoring.usage_entity_15m.environment is 'Environment.';
comment on column monitoring.usage_entity_15m.model is 'Model.';
comment on column monitoring.usage_entity_15m.prompt_variant is 'Prompt design.';
comment on column monitoring.usage_entity_15m.requests is 'Requests (events).';
comment on column monitoring.usage_entity_15m.input_tokens is 'Sum of input_tokens (cache parts included).';
comment on column monitoring.usage_entity_15m.output_tokens is 'Sum of output_tokens (reasoning included).';
comment on column monitoring.usage_entity_15m.cost_usd is 'Sum of cost_usd over priced requests (unpriced ones add nothing; see unpriced_requests).';
comment on column monitoring.usage_entity_15m.unpriced_requests is 'Requests with no known price (cost_usd NULL).';
comment on column monitoring.usage_entity_15m.unpriced_input_tokens is 'input_tokens of the unpriced requests.';
comment on column monitoring.usage_entity_15m.unpriced_output_tokens is 'output_tokens of the unpriced requests.';
comment on column monitoring.usage_entity_15m.updated_at is 'Last time the rollup changed this row.';

create function monitoring.bucket_15m(p_at timestamptz)
returns timestamptz
language sql immutable parallel safe
set search_path = ''
as $$ select to_timestamp(floor(extract(epoch from p_at) / 900) * 900) $$;

comment on function monitoring.bucket_15m(timestamptz) is
  'Start of the UTC-aligned 15-minute bucket holding p_at (the grain of monitoring.usage_entity_15m).';

-- Events stored before this migration and already rolled up (not in the queue): add them now.
-- The queued ones are added by the drain like every later event.
insert into monitoring.usage_entity_15m (
  bucket, user_id, customer_id, conversation_id, app, environment, model, prompt_variant,
  requests, input_tokens, output_tokens, cost_usd, unpriced_requests, unpriced_input_tokens, unpriced_output_tokens)
select monitoring.bucket_15m(e.occurred_at), e.user_id, e.customer_id, e.conversation_id, e.app, e.environment,
       e.model, e.prompt_variant, count(*), sum(e.input_tokens), sum(e.output_tokens), coalesce(sum(e.cost_usd), 0),
       count(*) filter (where e.cost_usd is null),
       coalesce(sum(e.input_tokens) filter (where e.cost_usd is null), 0),
       coalesce(sum(e.output_tokens) filter (where e.cost_usd is null), 0)
from monitoring.usage_events e
where (e.user_id is not null or e.customer_id is not null or e.conversation_id is not null)
  and not exists (select 1 from monitoring.usage_rollup_queue q where q.event_id = e.id)
group by 1, 2, 3, 4, 5, 6, 7, 8;

alter table monitoring.usage_entity_15m enable row level security;
create policy usage_entity_15m_service_role on monitoring.usage_entity_15m
  for all to service_role using (true) with check (true);
revoke all on table monitoring.usage_entity_15m from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.usage_entity_15m to service_role;
revoke all on function monitoring.bucket_15m(timestamptz) from public, anon, authenticated;
grant execute on function monitoring.bucket_15m(timestamptz) to service_role;
