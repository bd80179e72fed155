-- Prices carry the service tier they apply to, and an optional long-context threshold
-- (issue 15, item 4: "service tiers priced as served").
--
-- Providers bill the same model differently by how the request was served: OpenAI's Batch API
-- and Anthropic's Message Batches at half the standard price, OpenAI's Flex processing at the
-- Batch rates, OpenAI's Priority processing above the standard price; Anthropic bills prompts of
-- more than 200,000 input tokens on Claude Sonnet 4 / 4.5 at higher "long context" rates.
--
--   * model_prices.service_tier: the tier a row prices. 'default' is the standard tier (what
--     OpenAI reports as "default" and Anthropic as "standard"); 'batch', 'flex', 'priority' and
--     any provider's own value (e.g. 'scale') are rows of their own. A row prices only events
--     of its tier: an event whose tier has no row is UNPRICED (cost NULL), never priced as
--     default (monitoring.price_for).
--   * model_prices.input_tokens_above: NULL = the row applies whatever the prompt's size;
--     a number N = the row applies only to requests with more than N input tokens (cache reads
--     and writes included, as the providers count them), and then to the whole request.
--     Among the rows in force for an event, the one with the highest threshold it passes wins
--     (after custom and effective_from; see monitoring.price_for).
--
-- Existing rows become 'default' rows without threshold: nothing they price changes.

alter table monitoring.model_prices
  add column service_tier text not null default 'default',
  add column input_tokens_above integer;

alter table monitoring.model_prices
  add constraint model_prices_service_tier_shape check (service_tier ~ '^[a-z][a-z0-9_-]{0,31}$'),
  add constraint model_prices_input_tokens_above_positive check (input_tokens_above is null or input_tokens_above > 0);

comment on column monitoring.model_prices.service_tier is
  'Service tier this price applies to: default (standard), batch, flex, priority, or a provider''s own value (lowercase). An event is priced only by rows of its own tier; no row for its tier = unpriced.';
comment on column monitoring.model_prices.input_tokens_above is
  'NULL = any prompt size. N = applies only to requests with more than N input tokens (cache parts included), to the whole request (long-context rates, e.g. Anthropic > 200,000).';
