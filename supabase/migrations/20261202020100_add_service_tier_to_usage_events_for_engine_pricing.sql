-- monitoring.usage_events.service_tier: the tier the provider served the request on (issue 15,
-- item 4), from the provider's usage object (OpenAI responses' `service_tier`, Anthropic
-- usage's `service_tier`) or from the caller.
--
-- NOT NULL DEFAULT 'default': an event that says nothing about its tier was served on the
-- standard tier, which is what both providers do unless asked otherwise. The value is kept as
-- the provider reported it, lowercased ('default', 'standard', 'batch', 'flex', 'priority',
-- 'scale', ...); monitoring.price_for treats Anthropic's 'standard' as 'default' and looks up
-- every other tier as it is, so a tier without a price row leaves the event unpriced.
--
-- Adding a column with a constant default does not rewrite the table (PostgreSQL 11+); the
-- check scans it once.

alter table monitoring.usage_events
  add column service_tier text not null default 'default';

alter table monitoring.usage_events
  add constraint usage_events_service_tier_shape check (service_tier ~ '^[a-z][a-z0-9_-]{0,31}$');

comment on column monitoring.usage_events.service_tier is
  'Service tier the request was served on, lowercase, as the provider reported it (default, standard, batch, flex, priority, scale, ...). Priced by the model_prices rows of that tier (standard = default); no such row = unpriced.';
