-- Corrects the placeholder effective_from ('2024-01-01', meaning "long before anything we
-- store") of seeded price rows to the model's real release date (issue 15, item 6), for the
-- models whose release date is fixed by a primary source: the date in the model's first dated
-- snapshot id, as listed by the provider (Anthropic: https://platform.claude.com/docs/en/about-claude/models/overview
-- and its deprecations page for retired ids; OpenAI: https://platform.openai.com/docs/models,
-- each model's page lists its snapshots). A price cannot apply before its model existed.
--
-- Only rows where the later date changes no price an event can have: each corrected row is the
-- most specific row for its models and becomes newer, never older, than the generic rows that
-- also match them (precedence: custom, newest effective_from, then the most specific pattern),
-- so from its release on every event of the model keeps exactly the price it had. The batch
-- twins (20261202020800, same pattern and period) move with their standard rows. source_date
-- stays the date the price was read; notes gain the correction.
--
-- Left as they were, and why (see the report of issue 15): rows of models released after the
-- provider pages stored here (Claude Sonnet 4.6, Opus 4.8, Fable 5 / 5.1, Sonnet 5.5 before its
-- cut, Gemini 3 Flash, 3.1 Pro, 3.5 Flash-Lite, 3.8 Flash, gpt-5.3, gpt-5-codex,
-- gpt-5.1-codex-mini, o1-pro, o3-pro, o3-deep-research, o4-mini-deep-research, chatgpt-4o-latest,
-- gpt-4, gpt-4-0613, gpt-4-turbo, gpt-4o, o1, gemini-2.0-*): either no dated source was found,
-- or moving the date would let a generic row win over them, or the model predates every
-- plausible event.

update monitoring.model_prices p
   set effective_from = c.released,
       notes = coalesce(p.notes || ' ', '') || 'effective_from corrected from the 2024-01-01 placeholder to '
               || to_char(c.released, 'YYYY-MM-DD') || ', the date of the first snapshot ' || c.snapshot
               || ' (migration 20261202020900).'
  from (values
    ('anthropic', 'claude-3-haiku%',   '2024-03-07 00:00:00+00'::timestamptz, 'claude-3-haiku-20240307'),
    ('anthropic', 'claude-3-opus%',    '2024-02-29 00:00:00+00'::timestamptz, 'claude-3-opus-20240229'),
    ('anthropic', 'claude-3-5-sonnet%','2024-06-20 00:00:00+00'::timestamptz, 'claude-3-5-sonnet-20240620'),
    ('anthropic', 'claude-3-5-haiku%', '2024-10-22 00:00:00+00'::timestamptz, 'claude-3-5-haiku-20241022'),
    ('anthropic', 'claude-3-7-sonnet%','2025-02-19 00:00:00+00'::timestamptz, 'claude-3-7-sonnet-20250219'),
    ('openai',    'gpt-4o-2024-05-13', '2024-05-13 00:00:00+00'::timestamptz, 'gpt-4o-2024-05-13'),
    ('openai',    'gpt-4o-mini%',      '2024-07-18 00:00:00+00'::timestamptz, 'gpt-4o-mini-2024-07-18'),
    ('openai',    'o1-mini%',          '2024-09-12 00:00:00+00'::timestamptz, 'o1-mini-2024-09-12')
  ) c(provider, pattern, released, snapshot)
 where p.provider = c.provider and p.model_pattern = c.pattern
   and p.effective_from = '2024-01-01 00:00:00+00' and not p.custom;
