-- Seed: prices of the non-default service tiers and Anthropic's long-context rates (issue 15,
-- item 4). Rows only; the columns are 20261202020000's. custom = false, like every seeded row.
--
-- 1. Batch ('batch'): OpenAI's Batch API and Anthropic's Message Batches bill every token at
--    50% of the standard price ("50% cost discount compared to synchronous APIs",
--    https://platform.openai.com/docs/guides/batch; "Batch API ... 50% of standard API prices",
--    https://platform.claude.com/docs/en/build-with-claude/batch-processing#pricing; Anthropic:
--    the batch discount stacks with prompt-caching and long-context multipliers,
--    https://platform.claude.com/docs/en/about-claude/pricing). One batch row per seeded
--    standard OpenAI and Anthropic row: same pattern, same period, every rate halved (cache
--    reads included, as the Batch columns of both pricing pages list them where they list one).
--    Anthropic reports such requests as usage.service_tier = 'batch'; OpenAI's Batch output
--    does not say so in the usage object, so a caller storing Batch results sends
--    service_tier = 'batch' itself.
-- 2. Flex ('flex', OpenAI): "Flex processing ... priced at Batch API rates"
--    (https://platform.openai.com/docs/guides/flex-processing), for the models that offer it
--    and whose Flex prices the sources carry: gpt-5, gpt-5-mini, gpt-5-nano. Values as in
--    LiteLLM's model_prices_and_context_window.json (input_cost_per_token_flex, ...; gpt-5
--    6.25e-07 / 6.25e-08 / 5e-06 per token), which mirrors https://platform.openai.com/docs/pricing.
-- 3. Priority ('priority', OpenAI Priority processing), from the same LiteLLM fields
--    (*_priority) mirroring https://platform.openai.com/docs/pricing: gpt-4o 4.25 / 2.125 / 17,
--    gpt-4o-mini 0.25 / 0.125 / 1, gpt-5 2.50 / 0.25 / 20 (USD per 1M: input / cached / output).
--    Exact model names only, so that siblings without a published priority price (o-series,
--    gpt-4o-2024-05-13, audio variants) stay unpriced on that tier instead of borrowing one.
-- 4. Long context (Anthropic): Claude Sonnet 4 and Sonnet 4.5 bill a request whose input
--    (cache reads and writes included) exceeds 200,000 tokens at $6 input / $22.50 output /
--    $7.50 5-minute write / $12 1-hour write / $0.60 cache read, for the whole request
--    (https://platform.claude.com/docs/en/about-claude/pricing#long-context-pricing; the same
--    numbers in pydantic/genai-prices prices/providers/anthropic.yml, claude-sonnet-4-5 tiers
--    "start: 200000"). Standard and batch (half) rows.
-- Not seeded (no row = unpriced on that tier, never the default price): OpenAI 'scale' (billed
-- by reserved units, not per token), Anthropic 'priority' (committed-capacity contracts), flex
-- and priority for models the sources above give no price for. Add custom rows for your own.

-- 1. Batch: half of every standard OpenAI and Anthropic rate, same pattern and period.
insert into monitoring.model_prices
  (provider, model_pattern, service_tier, input_per_mtok, cache_read_per_mtok, cache_write_per_mtok,
   cache_write_1h_per_mtok, output_per_mtok, effective_from, effective_to, source_url, source_date, notes)
select p.provider, p.model_pattern, 'batch',
       p.input_per_mtok / 2, p.cache_read_per_mtok / 2, p.cache_write_per_mtok / 2,
       p.cache_write_1h_per_mtok / 2, p.output_per_mtok / 2,
       p.effective_from, p.effective_to,
       case p.provider
         when 'openai' then 'https://platform.openai.com/docs/guides/batch'
         else 'https://platform.claude.com/docs/en/build-with-claude/batch-processing#pricing' end,
       '2026-12-02',
       'Batch tier: 50% of the standard row (id ' || p.id || ') for every token kind.'
from monitoring.model_prices p
where not p.custom and p.service_tier = 'default' and p.input_tokens_above is null
  and p.provider in ('openai', 'anthropic')
order by p.id;

-- 2 and 3. OpenAI Flex and Priority.
insert into monitoring.model_prices
  (provider, model_pattern, service_tier, input_per_mtok, cache_read_per_mtok, output_per_mtok,
   effective_from, source_url, source_date, notes)
values
  ('openai', 'gpt-5', 'flex', 0.625, 0.0625, 5, '2025-08-07 00:00:00+00', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', '2026-12-02', 'Flex processing (Batch rates); litellm input_cost_per_token_flex 6.25e-07, cache_read_input_token_cost_flex 6.25e-08, output_cost_per_token_flex 5e-06; mirrors platform.openai.com/docs/pricing.'),
  ('openai', 'gpt-5-20%', 'flex', 0.625, 0.0625, 5, '2025-08-07 00:00:00+00', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', '2026-12-02', 'Dated gpt-5 snapshots (gpt-5-2025-08-07), Flex processing, as gpt-5.'),
  ('openai', 'gpt-5-mini%', 'flex', 0.125, 0.0125, 1, '2025-08-07 00:00:00+00', 'https://platform.openai.com/docs/guides/flex-processing', '2026-12-02', 'Flex processing at Batch rates: half of gpt-5-mini''s 0.25 / 0.025 / 2.'),
  ('openai', 'gpt-5-nano%', 'flex', 0.025, 0.0025, 0.2, '2025-08-07 00:00:00+00', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', '2026-12-02', 'Flex processing; litellm input_cost_per_token_flex 2.5e-08, cache_read 2.5e-09, output 2e-07.'),
  ('openai', 'gpt-5', 'priority', 2.5, 0.25, 20, '2025-08-07 00:00:00+00', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', '2026-12-02', 'Priority processing; litellm input_cost_per_token_priority 2.5e-06, cache_read_input_token_cost_priority 2.5e-07, output_cost_per_token_priority 2e-05; mirrors platform.openai.com/docs/pricing.'),
  ('openai', 'gpt-5-20%', 'priority', 2.5, 0.25, 20, '2025-08-07 00:00:00+00', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', '2026-12-02', 'Dated gpt-5 snapshots, Priority processing, as gpt-5.'),
  ('openai', 'gpt-4o', 'priority', 4.25, 2.125, 17, '2024-01-01 00:00:00+00', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', '2026-12-02', 'Priority processing; litellm gpt-4o input_cost_per_token_priority 4.25e-06, cache_read 2.125e-06, output 1.7e-05.'),
  ('openai', 'gpt-4o-2024-08-06', 'priority', 4.25, 2.125, 17, '2024-01-01 00:00:00+00', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', '2026-12-02', 'gpt-4o snapshot, Priority processing, as gpt-4o.'),
  ('openai', 'gpt-4o-2024-11-20', 'priority', 4.25, 2.125, 17, '2024-01-01 00:00:00+00', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', '2026-12-02', 'gpt-4o snapshot, Priority processing, as gpt-4o.'),
  ('openai', 'gpt-4o-mini', 'priority', 0.25, 0.125, 1, '2024-01-01 00:00:00+00', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', '2026-12-02', 'Priority processing; litellm gpt-4o-mini input_cost_per_token_priority 2.5e-07, cache_read 1.25e-07, output 1e-06.'),
  ('openai', 'gpt-4o-mini-2024-07-18', 'priority', 0.25, 0.125, 1, '2024-01-01 00:00:00+00', 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json', '2026-12-02', 'gpt-4o-mini snapshot, Priority processing, as gpt-4o-mini.');

-- 4. Anthropic long context (> 200,000 input tokens), standard and batch.
insert into monitoring.model_prices
  (provider, model_pattern, service_tier, input_tokens_above, input_per_mtok, cache_read_per_mtok,
   cache_write_per_mtok, cache_write_1h_per_mtok, output_per_mtok, effective_from, source_url, source_date, notes)
select 'anthropic', m.pattern, t.tier, 200000,
       6 * t.factor, 0.6 * t.factor, 7.5 * t.factor, 12 * t.factor, 22.5 * t.factor,
       m.effective_from,
       'https://platform.claude.com/docs/en/about-claude/pricing#long-context-pricing', '2026-12-02',
       'Long-context rates: the whole request when input (cache parts included) exceeds 200,000 tokens'
         || case when t.tier = 'batch' then ', at the 50% batch discount' else '' end
         || '. Same figures in pydantic/genai-prices (anthropic.yml, tiers start 200000).'
from (values ('claude-sonnet-4-0', '2025-05-22 00:00:00+00'::timestamptz),
             ('claude-sonnet-4-2025%', '2025-05-22 00:00:00+00'::timestamptz),
             ('claude-sonnet-4-5%', '2025-09-29 00:00:00+00'::timestamptz)) m(pattern, effective_from)
cross join (values ('default', 1.0), ('batch', 0.5)) t(tier, factor);
