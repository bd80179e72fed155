-- customer_id: who pays for a request (issue 16), a dimension of events like user_id, for cost
-- attribution and per-customer budgets. Nullable, bounded like the other labels (200
-- characters, not blank). No index on usage_events: budgets and attribution read it from the
-- per-entity rollups (monitoring.usage_entity_15m, usage_entity_daily), never from raw events.

alter table monitoring.usage_events
  add column customer_id text,
  add constraint usage_events_customer_id_label check (
    customer_id is null or (btrim(customer_id) <> '' and length(customer_id) <= 200));

comment on column monitoring.usage_events.customer_id is
  'Customer (tenant, account) that pays for the request, for cost attribution and budgets; NULL when not sent.';
