-- Cost of one event for each provider's usage shape, worked out by hand.
-- The test brings its own custom prices (custom = true, models named twtest-*), so it does
-- not depend on the seeded price list.
begin;
select plan(12);

insert into monitoring.model_prices
  (provider, model_pattern, input_per_mtok, cache_read_per_mtok, cache_write_per_mtok, cache_write_1h_per_mtok,
   output_per_mtok, effective_from, custom, notes)
values
  -- OpenAI-like: cached input at half price, no cache-write price
  ('openai',    'twtest-openai-shape',    2.50, 1.25,  null, null, 10.00, '2020-01-01', true, 'test'),
  -- Anthropic-like: cache reads 0.1x, 5-minute writes 1.25x, one-hour writes 2x
  ('anthropic', 'twtest-anthropic-shape', 3.00, 0.30,  3.75, 6.00, 15.00, '2020-01-01', true, 'test'),
  -- Anthropic-like without a one-hour price: one-hour writes fall back to the cache-write price
  ('anthropic', 'twtest-anthropic-no1h',  3.00, 0.30,  3.75, null, 15.00, '2020-01-01', true, 'test'),
  -- Gemini-like: cache reads at a quarter, reasoning billed as output
  ('google',    'twtest-google-shape',    1.25, 0.3125, null, null, 10.00, '2020-01-01', true, 'test'),
  -- No cache prices at all: every cached token is billed as input
  ('other',     'twtest-nocache-shape',   0.50, null,  null, null,  1.50, '2020-01-01', true, 'test');

insert into monitoring.usage_events
  (request_id, source, occurred_at, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
   cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_usd)
values
  -- OpenAI Chat: prompt_tokens 1200 of which prompt_tokens_details.cached_tokens 1000;
  -- completion_tokens 300 of which reasoning 120.
  --   (1200 - 1000) * 2.50 = 500; 1000 * 1.25 = 1250; 300 * 10.00 = 3000
  --   = 4750 / 1e6 = 0.004750
  ('openai-chat', 'twtest-010', '2026-11-20 10:00Z', 'openai', 'twtest-openai-shape', 1200, 1000, 0, 0, 300, 120, 99),
  -- Anthropic: input_tokens 50 (excludes the cache parts), cache_creation_input_tokens 2000
  -- (500 of them ephemeral_1h), cache_read_input_tokens 10000, output_tokens 400 (150 thinking).
  -- Stored input = 50 + 2000 + 10000 = 12050.
  --   50 * 3.00 = 150; 10000 * 0.30 = 3000; (2000 - 500) * 3.75 = 5625; 500 * 6.00 = 3000;
  --   400 * 15.00 = 6000 = 17775 / 1e6 = 0.017775
  ('anthropic', 'twtest-010', '2026-11-20 10:00Z', 'anthropic', 'twtest-anthropic-shape', 12050, 10000, 2000, 500, 400, 150, null),
  -- Anthropic, no one-hour price: input 1000 all cache writes, 400 of them one-hour.
  --   0 * 3.00 + (1000 - 400) * 3.75 = 2250; 400 * coalesce(null, 3.75) = 1500 = 3750 / 1e6 = 0.003750
  ('anthropic-no1h', 'twtest-010', '2026-11-20 10:00Z', 'anthropic', 'twtest-anthropic-no1h', 1000, 0, 1000, 400, 0, 0, null),
  -- Gemini: promptTokenCount 8000 with cachedContentTokenCount 6000; candidates 500 + thoughts 1500
  -- = output 2000, reasoning 1500.
  --   (8000 - 6000) * 1.25 = 2500; 6000 * 0.3125 = 1875; 2000 * 10.00 = 20000 = 24375 / 1e6 = 0.024375
  ('gemini', 'twtest-010', '2026-11-20 10:00Z', 'google', 'twtest-google-shape', 8000, 6000, 0, 0, 2000, 1500, null),
  -- OpenTelemetry span with every part and no cache prices: all input at 0.50.
  --   (1000 - 400 - 300) * 0.50 = 150; 400 * 0.50 = 200; (300 - 100) * 0.50 = 100; 100 * 0.50 = 50;
  --   200 * 1.50 = 300 = 800 / 1e6 = 0.000800
  ('otel', 'twtest-010', '2026-11-20 10:00Z', 'other', 'twtest-nocache-shape', 1000, 400, 300, 100, 200, 0, null),
  -- A priced request with no tokens costs exactly 0 (it is priced, not unpriced).
  ('empty', 'twtest-010', '2026-11-20 10:00Z', 'openai', 'twtest-openai-shape', 0, 0, 0, 0, 0, 0, null);

select is((select cost_usd from monitoring.usage_events where source = 'twtest-010' and request_id = 'openai-chat'),
          0.004750::numeric, 'OpenAI chat: cached input at the cache-read price, reasoning as output; the caller''s cost is replaced');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-010' and request_id = 'anthropic'),
          0.017775::numeric, 'Anthropic: cache reads, 5-minute and one-hour cache writes each at their own price');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-010' and request_id = 'anthropic-no1h'),
          0.003750::numeric, 'one-hour writes fall back to the cache-write price');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-010' and request_id = 'gemini'),
          0.024375::numeric, 'Gemini: cached input at the cache-read price, thinking tokens as output');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-010' and request_id = 'otel'),
          0.000800::numeric, 'no cache prices: cache reads and writes at the input price');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-010' and request_id = 'empty'),
          0::numeric, 'a priced request with no tokens costs 0, not NULL');

select is(monitoring.event_cost('twtest-anthropic-shape', '2026-11-20 10:00Z', 12050, 400, 10000, 2000, 500),
          0.017775::numeric, 'event_cost(model, at, input, output, cache_read, cache_write, cache_write_1h) agrees');
select is(monitoring.event_cost('twtest-openai-shape', '2026-11-20 10:00Z', 1000, 100),
          0.003500::numeric, 'event_cost defaults the cache parts to 0: 1000 * 2.50 + 100 * 10.00 = 3500 / 1e6');
select is((select model_pattern from monitoring.price_for('twtest-google-shape', '2026-11-20 10:00Z')),
          'twtest-google-shape', 'price_for returns the matching row');
select is((select count(*)::int from monitoring.price_for('twtest-google-shape', '2019-12-31 23:59Z')),
          0, 'price_for returns no row before the price takes effect');
select is(pg_typeof((select cost_usd from monitoring.usage_events where source = 'twtest-010' limit 1))::text,
          'numeric', 'cost_usd is numeric');
select is((select sum(cost_usd) from monitoring.usage_events where source = 'twtest-010'),
          0.051450::numeric, 'costs add up exactly: 4750 + 17775 + 3750 + 24375 + 800 + 0 = 51450 / 1e6');

select * from finish();
rollback;
