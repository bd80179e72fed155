-- The per-entity rollups that budgets read (issue 16): monitoring.usage_entity_15m and
-- monitoring.usage_entity_daily.
--
-- Budgets cap what one user, one customer or one conversation spends. monitoring.usage_hourly
-- must not grow with the number of users, so these three dimensions get rollups of their own.
--
-- Rows per entity. Each event adds up to three rows, one per entity it names:
--   entity = 'conversation'  key (conversation_id, user_id, customer_id, app, environment, model, prompt_variant)
--   entity = 'user'          key (user_id, customer_id, app, ...): conversations added together
--   entity = 'customer'      key (customer_id, app, ...): users and conversations added together
-- so a user's rows do not multiply by their conversations (a user with thousands of
-- conversations a month has a few rows per bucket: one per model, app, ...), and every scope is
-- still exact: a scope naming conversation_id reads conversation rows (filtering user and
-- customer if named), else user_id reads user rows (filtering customer), else customer rows.
--
-- Two grains, because a budget's period starts at local midnight in its time zone:
--   * 15 minutes (UTC-aligned): every time zone in use today is offset from UTC by a multiple
--     of 15 minutes (India +05:30, Nepal +05:45, Newfoundland -03:30, Chatham +12:45), so
--     every local day, week and month is a whole number of buckets;
--   * a UTC day: the whole UTC days inside a period are read from here, the rest (at most a day
--     at each end) from the 15-minute rows. A month of one user is ~30 daily rows plus at most
--     2 x 96 buckets per (model, app, ...) instead of ~2,900 buckets.
--
-- Kept by the same watermark-safe queue as usage_hourly: monitoring.usage_events_enqueue copies
-- the entity columns into monitoring.usage_rollup_queue, and monitoring.drain_usage_rollup_queue
-- adds the queued events to both tables in the statement that deletes them from the queue
-- (both redefined in the next migrations). A reader (monitoring.budget_spend) adds the
-- still-queued events to the rollup rows in one statement, so it sees every committed event
-- exactly once.
--
-- Measures are the ones budgets need: requests, all input and output tokens, priced cost, and
-- the unpriced requests with their tokens (an unpriced request is never a $0 one: it is
-- counted at the budget's fallback price or reported).

create function monitoring.bucket_15m(p_at timestamptz)
returns timestamptz
language sql immutable parallel safe
set search_path = ''
as $$ select to_timestamp(floor(extract(epoch from p_at) / 900) * 900) $$;

comment on function monitoring.bucket_15m(timestamptz) is
  'Start of the UTC-aligned 15-minute bucket holding p_at (the grain of monitoring.usage_entity_15m).';

create table monitoring.usage_entity_15m (
  bucket timestamptz not null,
  entity text not null,
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
  constraint usage_entity_15m_entity_shape check (
    (entity = 'conversation' and conversation_id is not null)
    or (entity = 'user' and user_id is not null and conversation_id is null)
    or (entity = 'customer' and customer_id is not null and user_id is null and conversation_id is null)),
  constraint usage_entity_15m_bucket_aligned check (extract(epoch from bucket)::bigint % 900 = 0)
);

create table monitoring.usage_entity_daily (
  day timestamptz not null,
  entity text not null,
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
  constraint usage_entity_daily_entity_shape check (
    (entity = 'conversation' and conversation_id is not null)
    or (entity = 'user' and user_id is not null and conversation_id is null)
    or (entity = 'customer' and customer_id is not null and user_id is null and conversation_id is null)),
  constraint usage_entity_daily_day_aligned check (extract(epoch from day)::bigint % 86400 = 0)
);

create unique index usage_entity_15m_key on monitoring.usage_entity_15m
  (bucket, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant) nulls not distinct;
create index usage_entity_15m_user_idx on monitoring.usage_entity_15m (user_id, bucket) where entity = 'user';
create index usage_entity_15m_customer_idx on monitoring.usage_entity_15m (customer_id, bucket) where entity = 'customer';
create index usage_entity_15m_conversation_idx on monitoring.usage_entity_15m (conversation_id, bucket)
  where entity = 'conversation';
create unique index usage_entity_daily_key on monitoring.usage_entity_daily
  (day, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant) nulls not distinct;
create index usage_entity_daily_user_idx on monitoring.usage_entity_daily (user_id, day) where entity = 'user';
create index usage_entity_daily_customer_idx on monitoring.usage_entity_daily (customer_id, day) where entity = 'customer';
create index usage_entity_daily_conversation_idx on monitoring.usage_entity_daily (conversation_id, day)
  where entity = 'conversation';

comment on table monitoring.usage_entity_15m is
  'Per-entity rollup for budgets, 15-minute UTC-aligned buckets: one row per (entity user | customer | conversation, its key, app, environment, model, prompt_variant). Kept with usage_hourly by monitoring.refresh_usage_rollups from the same queue.';
comment on table monitoring.usage_entity_daily is
  'Per-entity rollup for budgets by UTC day (the same rows as usage_entity_15m added up per day): the whole days of a budget period are read from here.';
comment on column monitoring.usage_entity_15m.bucket is 'Start of the 15-minute bucket (UTC-aligned; a whole number of buckets makes every local day in every time zone in use).';
comment on column monitoring.usage_entity_daily.day is 'Start of the UTC day.';

-- the same column comments on both tables
do $$
declare
  t text;
begin
  foreach t in array array['usage_entity_15m', 'usage_entity_daily'] loop
    execute format($c$
      comment on column monitoring.%1$I.entity is 'Which entity the row adds up: conversation (all keys kept), user (conversations added together; conversation_id NULL) or customer (user_id and conversation_id NULL).';
      comment on column monitoring.%1$I.user_id is 'End user (NULL on customer rows).';
      comment on column monitoring.%1$I.customer_id is 'Customer who pays.';
      comment on column monitoring.%1$I.conversation_id is 'Conversation (conversation rows only).';
      comment on column monitoring.%1$I.app is 'Application.';
      comment on column monitoring.%1$I.environment is 'Environment.';
      comment on column monitoring.%1$I.model is 'Model.';
      comment on column monitoring.%1$I.prompt_variant is 'Prompt design.';
      comment on column monitoring.%1$I.requests is 'Requests (events).';
      comment on column monitoring.%1$I.input_tokens is 'Sum of input_tokens (cache parts included).';
      comment on column monitoring.%1$I.output_tokens is 'Sum of output_tokens (reasoning included).';
      comment on column monitoring.%1$I.cost_usd is 'Sum of cost_usd over priced requests (unpriced ones add nothing; see unpriced_requests).';
      comment on column monitoring.%1$I.unpriced_requests is 'Requests with no known price (cost_usd NULL).';
      comment on column monitoring.%1$I.unpriced_input_tokens is 'input_tokens of the unpriced requests.';
      comment on column monitoring.%1$I.unpriced_output_tokens is 'output_tokens of the unpriced requests.';
      comment on column monitoring.%1$I.updated_at is 'Last time the rollup changed this row.';
    $c$, t);
  end loop;
end
$$;

-- Events stored before this migration and already rolled up (not in the queue): add them now.
-- The queued ones are added by the drain like every later event.
with e as (
  select monitoring.bucket_15m(x.occurred_at) as bucket, k.entity,
         case when k.entity = 'customer' then null else x.user_id end as user_id,
         x.customer_id,
         case when k.entity = 'conversation' then x.conversation_id end as conversation_id,
         x.app, x.environment, x.model, x.prompt_variant, x.input_tokens, x.output_tokens, x.cost_usd
  from monitoring.usage_events x
  cross join lateral (values ('user', x.user_id is not null), ('customer', x.customer_id is not null),
                             ('conversation', x.conversation_id is not null)) k(entity, present)
  where k.present
    and not exists (select 1 from monitoring.usage_rollup_queue q where q.event_id = x.id)
), g as (
  select e.bucket, e.entity, e.user_id, e.customer_id, e.conversation_id, e.app, e.environment, e.model,
         e.prompt_variant, count(*) as requests, sum(e.input_tokens) as input_tokens,
         sum(e.output_tokens) as output_tokens, coalesce(sum(e.cost_usd), 0) as cost_usd,
         count(*) filter (where e.cost_usd is null) as unpriced_requests,
         coalesce(sum(e.input_tokens) filter (where e.cost_usd is null), 0) as unpriced_input_tokens,
         coalesce(sum(e.output_tokens) filter (where e.cost_usd is null), 0) as unpriced_output_tokens
  from e
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9
), q15 as (
  insert into monitoring.usage_entity_15m (
    bucket, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant,
    requests, input_tokens, output_tokens, cost_usd, unpriced_requests, unpriced_input_tokens, unpriced_output_tokens)
  select * from g
)
insert into monitoring.usage_entity_daily (
  day, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant,
  requests, input_tokens, output_tokens, cost_usd, unpriced_requests, unpriced_input_tokens, unpriced_output_tokens)
select date_trunc('day', g.bucket, 'UTC'), g.entity, g.user_id, g.customer_id, g.conversation_id, g.app,
       g.environment, g.model, g.prompt_variant, sum(g.requests), sum(g.input_tokens), sum(g.output_tokens),
       sum(g.cost_usd), sum(g.unpriced_requests), sum(g.unpriced_input_tokens), sum(g.unpriced_output_tokens)
from g
group by 1, 2, 3, 4, 5, 6, 7, 8, 9;

alter table monitoring.usage_entity_15m enable row level security;
alter table monitoring.usage_entity_daily enable row level security;
create policy usage_entity_15m_service_role on monitoring.usage_entity_15m
  for all to service_role using (true) with check (true);
create policy usage_entity_daily_service_role on monitoring.usage_entity_daily
  for all to service_role using (true) with check (true);
revoke all on table monitoring.usage_entity_15m, monitoring.usage_entity_daily from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.usage_entity_15m, monitoring.usage_entity_daily to service_role;
revoke all on function monitoring.bucket_15m(timestamptz) from public, anon, authenticated;
grant execute on function monitoring.bucket_15m(timestamptz) to service_role;
