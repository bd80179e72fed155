-- monitoring.usage_events_set_cost, redefined for service tiers and the match cache (issue 15
-- item 4, issue 17 item 4). Still the one BEFORE INSERT trigger that prices every stored event,
-- whatever path stored it (ingest, importer, OTLP, COPY); any cost the caller sent is replaced.
--
-- Changed from 20261124001200_create_usage_events.sql (pinned in 20261201040000):
--   * a model name not yet in monitoring.model_price_matches is remembered first
--     (monitoring.remember_model_prices), so every later event of that model reads its
--     candidate prices by key instead of matching every pattern with LIKE;
--   * the price is the event's tier's: event_cost(..., new.service_tier), which applies
--     long-context rows by new.input_tokens.

create or replace function monitoring.usage_events_set_cost()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select from monitoring.model_price_matches m where m.model_key = lower(new.model)) then
    perform monitoring.remember_model_prices(new.model);
  end if;
  new.cost_usd := monitoring.event_cost(
    new.model, new.occurred_at, new.input_tokens, new.output_tokens,
    new.cache_read_tokens, new.cache_write_tokens, new.cache_write_1h_tokens, new.service_tier);
  return new;
end
$$;

comment on function monitoring.usage_events_set_cost() is
  'BEFORE INSERT trigger on usage_events: remembers a new model name''s matching prices (model_price_matches), then sets cost_usd from monitoring.event_cost for the event''s service tier (NULL when unpriced).';
