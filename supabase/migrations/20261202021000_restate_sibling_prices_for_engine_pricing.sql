-- Restates seeded prices that a generic row's later price change took over (found while correcting
-- effective_from, issue 15 item 6).
--
-- The precedence (monitoring.price_for) puts a newer effective_from before a more specific
-- pattern, so that a price change can be entered as one new row. But a seeded family row that
-- changed price later (o3% on 2025-06-10, o4-mini% from 2025-04-16, gpt-5.1% from 2025-11-13,
-- gemini-3.5-flash% from 2026-05-19) then also priced the siblings whose own rows are older
-- (many with the 2024-01-01 placeholder): o3-mini, o3-pro and o3-deep-research were priced as o3
-- ($2 / $8), o4-mini-deep-research as o4-mini, gpt-5.1-codex-mini as gpt-5.1,
-- gemini-3.5-flash-lite as gemini-3.5-flash, on the default and the batch tier alike.
--
-- Fix forward, without editing any row: for every seeded row still in force whose model is also
-- matched by a less specific seeded row of the same tier that starts later, a copy of the row
-- (same pattern, tier and rates, same source) starting when that generic row starts. From then on
-- the sibling's own price wins again; before then nothing changes. Stored events keep their cost
-- until monitoring.reprice is run for the affected period.

insert into monitoring.model_prices
  (provider, model_pattern, service_tier, input_tokens_above, input_per_mtok, cache_read_per_mtok,
   cache_write_per_mtok, cache_write_1h_per_mtok, output_per_mtok, effective_from, custom,
   source_url, source_date, notes)
select s.provider, s.model_pattern, s.service_tier, s.input_tokens_above, s.input_per_mtok, s.cache_read_per_mtok,
       s.cache_write_per_mtok, s.cache_write_1h_per_mtok, s.output_per_mtok, g.newest, false,
       s.source_url, s.source_date,
       'Row ' || s.id || ' restated from ' || to_char(g.newest, 'YYYY-MM-DD')
         || ', when a less specific row matching this model starts (precedence: newest effective_from first); same price. Migration 20261202021000.'
from monitoring.model_prices s
cross join lateral (
  select max(g.effective_from) as newest
  from monitoring.model_prices g
  where not g.custom
    and g.service_tier = s.service_tier
    and g.input_tokens_above is not distinct from s.input_tokens_above
    and lower(replace(s.model_pattern, '%', '')) like lower(g.model_pattern)
    and length(replace(g.model_pattern, '%', '')) < length(replace(s.model_pattern, '%', ''))
    and g.effective_from > s.effective_from
) g
where not s.custom and s.effective_to is null and g.newest is not null
order by s.id;
