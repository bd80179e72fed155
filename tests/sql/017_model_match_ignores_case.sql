-- A price matches the event's model whatever the case either is written in: SDKs report
-- "GPT-4o" where a price row says "gpt-4o%", and such an event must be priced, not unpriced.
begin;
select plan(3);

insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'twtest-case-017%', 2.00, 8.00, '2020-01-01', true);

insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app)
values ('c1', 'twtest-017', '2026-11-20 10:00Z', 'openai', 'TWTEST-Case-017-2026', 1000, 500, 'twtest-017'),
       ('c2', 'twtest-017', '2026-11-20 10:00Z', 'openai', 'twtest-case-017', 1000, 500, 'twtest-017');

-- 1,000 × $2/1M + 500 × $8/1M = 0.002 + 0.004 = 0.006 for each.
select is((select cost_usd from monitoring.usage_events where source = 'twtest-017' and request_id = 'c1'),
          0.006::numeric, 'an upper-case model name is priced by the lower-case pattern');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-017' and request_id = 'c2'),
          0.006::numeric, 'the lower-case name is priced the same');
select is((select input_per_mtok from monitoring.price_for('TwTest-CASE-017-x', '2026-11-20')),
          2.000000::numeric(14,6), 'price_for ignores case');

select * from finish();
rollback;
