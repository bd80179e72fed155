-- Keep the per-entity rollups right when stored costs change (issue 16).
--
-- monitoring.reprice is the one sanctioned update of usage_events: it changes cost_usd and
-- corrects usage_hourly itself. Rather than redefine it (pricing belongs to its own work), an
-- AFTER UPDATE statement trigger on usage_events adds the cost differences of the updated rows
-- to monitoring.usage_entity_15m and monitoring.usage_entity_daily (the unpriced counts and
-- tokens too, when an event becomes priced or unpriced), by upsert.
--
-- Right whether or not the event was rolled up yet: its queue row carries the cost it had when
-- stored, the drain adds that, and this trigger adds (new - old); both add, so their order
-- does not matter. Rows whose cost did not change are skipped. (A statement trigger with
-- transition tables cannot name columns, hence every UPDATE fires it; events are append-only,
-- so only reprice does.)

create function monitoring.usage_events_correct_entity_rollups()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  with d as (
    select monitoring.bucket_15m(n.occurred_at) as bucket, k.entity,
           case when k.entity = 'customer' then null else n.user_id end as user_id,
           n.customer_id,
           case when k.entity = 'conversation' then n.conversation_id end as conversation_id,
           n.app, n.environment, n.model, n.prompt_variant,
           sum(coalesce(n.cost_usd, 0) - coalesce(o.cost_usd, 0)) as d_cost,
           sum((n.cost_usd is null)::int - (o.cost_usd is null)::int) as d_unpriced,
           sum(((n.cost_usd is null)::int - (o.cost_usd is null)::int) * n.input_tokens::bigint) as d_unpriced_input,
           sum(((n.cost_usd is null)::int - (o.cost_usd is null)::int) * n.output_tokens::bigint) as d_unpriced_output
    from new_rows n
    join old_rows o on o.id = n.id
    cross join lateral (values ('user', n.user_id is not null), ('customer', n.customer_id is not null),
                               ('conversation', n.conversation_id is not null)) k(entity, present)
    where k.present and n.cost_usd is distinct from o.cost_usd
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  ), q15 as (
    insert into monitoring.usage_entity_15m as t (
      bucket, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant,
      cost_usd, unpriced_requests, unpriced_input_tokens, unpriced_output_tokens)
    select d.bucket, d.entity, d.user_id, d.customer_id, d.conversation_id, d.app, d.environment, d.model,
           d.prompt_variant, d.d_cost, d.d_unpriced, d.d_unpriced_input, d.d_unpriced_output
    from d
    order by 1, 2, 3, 4, 5, 6, 7, 8, 9
    on conflict (bucket, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant)
    do update set
      cost_usd = t.cost_usd + excluded.cost_usd,
      unpriced_requests = t.unpriced_requests + excluded.unpriced_requests,
      unpriced_input_tokens = t.unpriced_input_tokens + excluded.unpriced_input_tokens,
      unpriced_output_tokens = t.unpriced_output_tokens + excluded.unpriced_output_tokens,
      updated_at = now()
  )
  insert into monitoring.usage_entity_daily as t (
    day, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant,
    cost_usd, unpriced_requests, unpriced_input_tokens, unpriced_output_tokens)
  select date_trunc('day', d.bucket, 'UTC'), d.entity, d.user_id, d.customer_id, d.conversation_id, d.app,
         d.environment, d.model, d.prompt_variant, sum(d.d_cost), sum(d.d_unpriced), sum(d.d_unpriced_input),
         sum(d.d_unpriced_output)
  from d
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  order by 1, 2, 3, 4, 5, 6, 7, 8, 9
  on conflict (day, entity, user_id, customer_id, conversation_id, app, environment, model, prompt_variant)
  do update set
    cost_usd = t.cost_usd + excluded.cost_usd,
    unpriced_requests = t.unpriced_requests + excluded.unpriced_requests,
    unpriced_input_tokens = t.unpriced_input_tokens + excluded.unpriced_input_tokens,
    unpriced_output_tokens = t.unpriced_output_tokens + excluded.unpriced_output_tokens,
    updated_at = now();
  return null;
end
$$;

comment on function monitoring.usage_events_correct_entity_rollups() is
  'AFTER UPDATE statement trigger on usage_events: adds the cost changes of updated events (reprice) to usage_entity_15m and usage_entity_daily.';

create trigger usage_events_correct_entity_rollups
  after update on monitoring.usage_events
  referencing old table as old_rows new table as new_rows
  for each statement execute function monitoring.usage_events_correct_entity_rollups();

revoke all on function monitoring.usage_events_correct_entity_rollups() from public, anon, authenticated;
grant execute on function monitoring.usage_events_correct_entity_rollups() to service_role;
