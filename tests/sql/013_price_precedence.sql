-- Which price row applies: custom over default, then the newest effective_from, then the
-- highest long-context threshold passed, then the most specific pattern; effective_to is
-- exclusive; only rows of the request's service tier.
begin;
select plan(10);

insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, effective_to, custom, notes)
values
  ('openai', 'twtest-prec%',       1, 1, '2026-01-01', null, false, 'generic, old'),
  ('openai', 'twtest-prec-mini%',  2, 2, '2026-01-01', null, false, 'specific, old'),
  ('openai', 'twtest-prec%',       3, 3, '2026-06-01', null, false, 'generic, newer'),
  ('openai', 'twtest-prec-nano%',  4, 4, '2026-01-01', '2026-03-01', false, 'specific, ended');

select is((select notes from monitoring.price_for('twtest-prec-mini-1', '2026-02-01')),
          'specific, old', 'same effective_from: the most specific pattern wins');
select is((select notes from monitoring.price_for('twtest-prec-mini-1', '2026-07-01')),
          'generic, newer', 'a newer effective_from wins over a more specific older row');
select is((select notes from monitoring.price_for('twtest-prec-nano', '2026-02-28 23:00Z')),
          'specific, ended', 'in force before effective_to');
select is((select notes from monitoring.price_for('twtest-prec-nano', '2026-03-01 00:00Z')),
          'generic, old', 'effective_to is exclusive: the next row applies at that instant');

insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom, notes)
values ('openai', 'twtest-prec%', 9, 9, '2025-01-01', true, 'custom, oldest and generic');

select is((select notes from monitoring.price_for('twtest-prec-mini-1', '2026-07-01')),
          'custom, oldest and generic', 'a custom row wins over every default row');
select is(monitoring.event_cost('twtest-prec-mini-1', '2026-07-01', 1000000, 0), 9::numeric,
          'event_cost uses the custom price: 1M input tokens at 9 USD');

-- Tiers and long-context thresholds in the precedence.
select is((select count(*)::int from monitoring.price_for('twtest-prec-mini-1', '2026-07-01', 'batch', 1000)),
          0, 'no batch row: a batch request is unpriced, even with a custom default row in force');
insert into monitoring.model_prices (provider, model_pattern, service_tier, input_tokens_above, input_per_mtok, output_per_mtok, effective_from, notes)
values ('openai', 'twtest-lc013%', 'default', 100000, 6, 6, '2026-01-01', 'long, older'),
       ('openai', 'twtest-lc013%', 'default', null,   5, 5, '2026-01-01', 'short, older'),
       ('openai', 'twtest-lc013%', 'default', null,   4, 4, '2026-06-01', 'short, newer');
select is((select notes from monitoring.price_for('twtest-lc013-1', '2026-02-01', 'default', 100001)),
          'long, older', 'same effective_from: the long-context row wins above its threshold');
select is((select notes from monitoring.price_for('twtest-lc013-1', '2026-02-01', 'default', 100000)),
          'short, older', 'at the threshold itself the row without one applies');
select is((select notes from monitoring.price_for('twtest-lc013-1', '2026-07-01', 'default', 100001)),
          'short, newer', 'a newer effective_from wins over an older long-context row (a price change adds both)');

select * from finish();
rollback;
