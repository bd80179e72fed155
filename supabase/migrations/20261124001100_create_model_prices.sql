-- Model prices (USD per 1M tokens) and the SQL that prices one request.
--
-- Seed rows live in 20261124001150_seed_model_prices.sql. Users add their own negotiated or
-- missing prices as `custom = true` rows, which win over the published defaults.
--
-- Which row prices an event (monitoring.price_for):
--   rows whose model_pattern matches the event's model (SQL LIKE, case-sensitive) and that
--   are in force at occurred_at (effective_from <= t and (effective_to is null or t < effective_to));
--   custom rows first, then the newest effective_from, then the most specific pattern
--   (most non-wildcard characters), then the newest row.
--
-- Cost of an event (monitoring.event_cost), in numeric, exact:
--     (input - cache_read - cache_write)   * input_per_mtok
--   + cache_read                           * coalesce(cache_read_per_mtok, input_per_mtok)
--   + (cache_write - cache_write_1h)       * coalesce(cache_write_per_mtok, input_per_mtok)
--   + cache_write_1h                       * coalesce(cache_write_1h_per_mtok, cache_write_per_mtok, input_per_mtok)
--   + output (reasoning included)          * output_per_mtok
--   all / 1,000,000. No matching price: NULL (the event is "unpriced"), never 0.

create table monitoring.model_prices (
  id bigint generated always as identity primary key,
  provider text not null,
  model_pattern text not null,            -- SQL LIKE pattern on usage_events.model; most specific = length(replace(model_pattern,'%','')) desc
  input_per_mtok numeric(14,6) not null,
  cache_read_per_mtok numeric(14,6),      -- NULL = input price
  cache_write_per_mtok numeric(14,6),     -- 5-minute writes; NULL = input price
  cache_write_1h_per_mtok numeric(14,6),  -- NULL = cache_write price (then input)
  output_per_mtok numeric(14,6) not null,
  effective_from timestamptz not null,
  effective_to timestamptz,
  custom boolean not null default false,
  source_url text, source_date date, notes text,
  constraint model_prices_provider_not_blank check (btrim(provider) <> ''),
  constraint model_prices_pattern_not_blank check (btrim(model_pattern) <> ''),
  constraint model_prices_non_negative check (
    input_per_mtok >= 0 and output_per_mtok >= 0
    and coalesce(cache_read_per_mtok, 0) >= 0
    and coalesce(cache_write_per_mtok, 0) >= 0
    and coalesce(cache_write_1h_per_mtok, 0) >= 0),
  constraint model_prices_effective_range check (effective_to is null or effective_to > effective_from)
);

comment on table monitoring.model_prices is
  'USD per 1M tokens per model pattern and period. Custom rows override published defaults; see monitoring.price_for for precedence.';
comment on column monitoring.model_prices.provider is 'Provider whose price this is: openai, anthropic, google, ...';
comment on column monitoring.model_prices.model_pattern is 'SQL LIKE pattern matched against usage_events.model (case-sensitive), e.g. gpt-4o-mini% ; the longest non-% text wins among equals.';
comment on column monitoring.model_prices.input_per_mtok is 'USD per 1M uncached input tokens.';
comment on column monitoring.model_prices.cache_read_per_mtok is 'USD per 1M input tokens read from the prompt cache; NULL = the input price.';
comment on column monitoring.model_prices.cache_write_per_mtok is 'USD per 1M input tokens written to the prompt cache (5-minute lifetime); NULL = the input price.';
comment on column monitoring.model_prices.cache_write_1h_per_mtok is 'USD per 1M input tokens written to the cache with a one-hour lifetime (Anthropic); NULL = the cache-write price, then the input price.';
comment on column monitoring.model_prices.output_per_mtok is 'USD per 1M output tokens, reasoning tokens included.';
comment on column monitoring.model_prices.effective_from is 'First instant this price applies (inclusive).';
comment on column monitoring.model_prices.effective_to is 'Instant this price stops applying (exclusive); NULL = still in force.';
comment on column monitoring.model_prices.custom is 'true for a price the user set (negotiated, self-hosted, missing model); custom rows win over defaults.';
comment on column monitoring.model_prices.source_url is 'Page the price was taken from.';
comment on column monitoring.model_prices.source_date is 'Date the source page was read.';
comment on column monitoring.model_prices.notes is 'Free text: tiers, caveats.';

create index model_prices_effective_idx on monitoring.model_prices (effective_from, effective_to);

alter table monitoring.model_prices enable row level security;
create policy model_prices_service_role on monitoring.model_prices
  for all to service_role using (true) with check (true);

-- The price row that applies to `p_model` at `p_at`; no row when none matches. Model names are
-- matched without regard to case (providers and SDKs disagree: "GPT-4o" and "gpt-4o" are one model).
create function monitoring.price_for(p_model text, p_at timestamptz)
returns setof monitoring.model_prices
language sql stable parallel safe
as $$
  select p.*
  from monitoring.model_prices p
  where lower(p_model) like lower(p.model_pattern)
    and p.effective_from <= p_at
    and (p.effective_to is null or p_at < p.effective_to)
  order by p.custom desc,
           p.effective_from desc,
           length(replace(p.model_pattern, '%', '')) desc,
           p.id desc
  limit 1
$$;

comment on function monitoring.price_for(text, timestamptz) is
  'The model_prices row in force for a model at an instant: custom first, then newest effective_from, then most specific pattern. Empty when no price matches.';

-- Cost in USD of one request with the price in force at `p_at`; NULL when no price matches.
-- Token arguments follow usage_events: input includes the cache parts, output includes reasoning.
create function monitoring.event_cost(
  p_model text,
  p_at timestamptz,
  p_input_tokens bigint,
  p_output_tokens bigint,
  p_cache_read_tokens bigint default 0,
  p_cache_write_tokens bigint default 0,
  p_cache_write_1h_tokens bigint default 0
)
returns numeric
language sql stable parallel safe
as $$
  select (
      (p_input_tokens - p_cache_read_tokens - p_cache_write_tokens) * p.input_per_mtok
    + p_cache_read_tokens * coalesce(p.cache_read_per_mtok, p.input_per_mtok)
    + (p_cache_write_tokens - p_cache_write_1h_tokens) * coalesce(p.cache_write_per_mtok, p.input_per_mtok)
    + p_cache_write_1h_tokens * coalesce(p.cache_write_1h_per_mtok, p.cache_write_per_mtok, p.input_per_mtok)
    + p_output_tokens * p.output_per_mtok
  ) * 0.000001
  from monitoring.price_for(p_model, p_at) p
$$;

comment on function monitoring.event_cost(text, timestamptz, bigint, bigint, bigint, bigint, bigint) is
  'USD cost of one request (model, occurred_at, input, output, cache_read, cache_write, cache_write_1h) at the price in force then; NULL when unpriced.';

revoke all on table monitoring.model_prices from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.model_prices to service_role;
revoke all on function monitoring.price_for(text, timestamptz) from public, anon, authenticated;
revoke all on function monitoring.event_cost(text, timestamptz, bigint, bigint, bigint, bigint, bigint) from public, anon, authenticated;
grant execute on function monitoring.price_for(text, timestamptz) to service_role;
grant execute on function monitoring.event_cost(text, timestamptz, bigint, bigint, bigint, bigint, bigint) to service_role;
