-- Which price row applies: custom over default, then the newest effective_from, then the
-- most specific pattern; effective_to is exclusive.
begin;
select plan(6);

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

select * from finish();
rollback;
