-- Every seeded price row prices its own model: for each non-custom pattern, the model named like it
-- (the pattern without '%') is priced today, on the row's tier, by that pattern or a more specific one,
-- never by a less specific family row whose later price change would otherwise win
-- (20261202021000). Spot checks with hand-computed costs.
begin;
select plan(4);

select is_empty($$
  with names as (
    select distinct replace(model_pattern, '%', '') as model, model_pattern, service_tier
    from monitoring.model_prices where not custom and input_tokens_above is null and effective_to is null)
  select n.model, n.service_tier, p.model_pattern
  from names n cross join lateral monitoring.price_for(n.model, '2026-11-20', n.service_tier, 0) p
  where length(replace(p.model_pattern, '%', '')) < length(n.model)$$,
  'no seeded model is priced by a less specific row');
select is(monitoring.event_cost('o3-mini', '2026-11-20', 1000000, 1000000),
          5.5::numeric, 'o3-mini at its own price after o3''s 2025-06-10 cut: 1M x 1.10 + 1M x 4.40');
select is(monitoring.event_cost('o3-mini', '2026-11-20', 1000000, 1000000, 0, 0, 0, 'batch'),
          2.75::numeric, 'o3-mini on the batch tier: half of that');
select is(monitoring.event_cost('o3', '2026-11-20', 1000000, 1000000),
          10::numeric, 'o3 itself keeps the cut price: 1M x 2 + 1M x 8');

select * from finish();
rollback;
