-- monitoring.price_for, redefined for service tiers, long-context rates and the match cache
-- (issue 15 item 4, issue 17 item 4).
--
-- New: monitoring.price_for(model, at, service_tier, input_tokens), the one rule that picks the
-- price of a request. Changed from the definition in 20261124001100_create_model_prices.sql:
--   * candidates are the rows whose pattern matches the model, read from the cache
--     monitoring.model_price_matches by primary key; on a miss, monitoring.match_model_prices
--     computes the same ids with LIKE (so the answer never depends on the cache);
--   * only rows of the request's tier (Anthropic's 'standard' is 'default'; any other tier as
--     it is, lowercased): no row for the tier = no row returned = unpriced, never the default;
--   * rows with a long-context threshold apply only above it;
--   * precedence: custom first, then the newest effective_from, then the highest long-context
--     threshold passed, then the most specific pattern, then the newest row (the existing order
--     with the threshold inserted after effective_from).
-- Redefined: monitoring.price_for(model, at) is now that rule for the default tier and a
-- prompt too small for long-context rates (its callers ask for the standard price).
--
-- Both stay without a pinned search_path, as price_for was (20261201040000): a function with a
-- SET clause is never inlined, and this one is inlined into event_cost for every stored event.
-- Every name in them is schema-qualified.

create function monitoring.price_for(p_model text, p_at timestamptz, p_service_tier text, p_input_tokens bigint)
returns setof monitoring.model_prices
language sql stable parallel safe
as $$
  select p.*
  from monitoring.model_prices p
  where p.id = any (coalesce(
          (select m.price_ids from monitoring.model_price_matches m where m.model_key = lower(p_model)),
          monitoring.match_model_prices(p_model)))
    and p.service_tier = (case lower(p_service_tier) when 'standard' then 'default' else lower(p_service_tier) end)
    and p.effective_from <= p_at
    and (p.effective_to is null or p_at < p.effective_to)
    and (p.input_tokens_above is null or p_input_tokens > p.input_tokens_above)
  order by p.custom desc,
           p.effective_from desc,
           p.input_tokens_above desc nulls last,
           length(replace(p.model_pattern, '%', '')) desc,
           p.id desc
  limit 1
$$;

comment on function monitoring.price_for(text, timestamptz, text, bigint) is
  'The model_prices row that prices a request (model, occurred_at, service_tier, input_tokens): rows of that tier only (standard = default), long-context rows only above their threshold; custom first, then newest effective_from, then highest threshold, then most specific pattern. Empty = unpriced.';

create or replace function monitoring.price_for(p_model text, p_at timestamptz)
returns setof monitoring.model_prices
language sql stable parallel safe
as $$
  select * from monitoring.price_for(p_model, p_at, 'default', 0)
$$;

comment on function monitoring.price_for(text, timestamptz) is
  'The default-tier (standard) model_prices row in force for a model at an instant, for a prompt below every long-context threshold: monitoring.price_for(model, at, ''default'', 0). Empty when no price matches.';

revoke all on function monitoring.price_for(text, timestamptz, text, bigint) from public, anon, authenticated;
grant execute on function monitoring.price_for(text, timestamptz, text, bigint) to service_role;
