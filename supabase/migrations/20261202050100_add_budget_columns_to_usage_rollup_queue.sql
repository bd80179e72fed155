-- The rollup queue carries what the per-entity rollups (monitoring.usage_entity_15m, issue 16)
-- needs: the event's user, customer and conversation, and its exact occurred_at (budgets'
-- periods start on 15-minute boundaries in any time zone, not only on UTC hours, and a queued
-- event must be placed in its period exactly).
--
-- Nullable: the rows queued before this migration are filled from usage_events below; every
-- later row is filled by monitoring.usage_events_enqueue (redefined in
-- 20261202050400_redefine_usage_events_enqueue_for_budgets.sql).

alter table monitoring.usage_rollup_queue
  add column occurred_at timestamptz,
  add column user_id text,
  add column customer_id text,
  add column conversation_id text;

update monitoring.usage_rollup_queue q
   set occurred_at = e.occurred_at, user_id = e.user_id, customer_id = e.customer_id,
       conversation_id = e.conversation_id
  from monitoring.usage_events e
 where e.id = q.event_id;

comment on column monitoring.usage_rollup_queue.occurred_at is 'The event''s occurred_at (for budgets, whose periods need more than the hour).';
comment on column monitoring.usage_rollup_queue.user_id is 'The event''s user_id (per-entity rollup).';
comment on column monitoring.usage_rollup_queue.customer_id is 'The event''s customer_id (per-entity rollup).';
comment on column monitoring.usage_rollup_queue.conversation_id is 'The event''s conversation_id (per-entity rollup).';
