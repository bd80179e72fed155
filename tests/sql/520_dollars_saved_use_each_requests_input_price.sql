-- Dollars saved against the traditional design are (5,200 - the request's own system-prompt
-- tokens) x the request's own model input price, per request; unpriced requests and requests
-- without system-prompt tokens are left out and counted.
begin;
select plan(6);

insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
values ('t', 'h6tap-a', 10, 20, '2025-01-01', true),
       ('t', 'h6tap-b', 1, 2, '2025-01-01', true),
       -- a price change for h6tap-b from Wednesday: 4 instead of 1
       ('t', 'h6tap-b', 4, 8, '2025-03-05', true);
insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, system_prompt_tokens, app, prompt_variant) values
  ('1', 'h6tap', '2025-03-03 10:00Z', 't', 'h6tap-a', 1000, 10, 200, 'h6tap', 'mcp'),         -- (5,200 - 200) x 10 = 50,000
  ('2', 'h6tap', '2025-03-04 10:30Z', 't', 'h6tap-b', 1000, 10, 250, 'h6tap', 'mcp'),         -- (5,200 - 250) x 1 = 4,950
  ('3', 'h6tap', '2025-03-06 10:00Z', 't', 'h6tap-b', 6000, 10, 5200, 'h6tap', 'traditional'),-- (5,200 - 5,200) x 4 = 0
  ('4', 'h6tap', '2025-03-06 11:15Z', 't', 'h6tap-b', 1000, 10, 100, 'h6tap', 'mcp'),         -- (5,200 - 100) x 4 = 20,400 (new price)
  ('5', 'h6tap', '2025-03-06 12:00Z', 't', 'h6tap-zzz', 1000, 10, 198, 'h6tap', 'mcp'),       -- unpriced: left out
  ('6', 'h6tap', '2025-03-06 13:00Z', 't', 'h6tap-a', 1000, 10, null, 'h6tap', 'mcp');        -- no system prompt: left out

-- 50,000 + 4,950 + 0 + 20,400 = 75,350 / 1e6
select is((monitoring.baseline_comparison('2025-03-03', '2025-03-10', 'h6tap') #>> '{dollars_saved,usd}')::numeric, 0.07535,
          'dollars saved = sum of (5,200 - own) x own input price, at the price in force then');
select is((monitoring.baseline_comparison('2025-03-03', '2025-03-10', 'h6tap') #>> '{dollars_saved,requests_counted}')::int, 4, 'four requests counted');
select is((monitoring.baseline_comparison('2025-03-03', '2025-03-10', 'h6tap') #>> '{dollars_saved,unpriced_requests_excluded}')::int, 1, 'the unpriced one left out');
select is((monitoring.baseline_comparison('2025-03-03', '2025-03-10', 'h6tap') #>> '{dollars_saved,unknown_system_prompt_requests}')::int, 1, 'the one without system-prompt tokens left out');

-- the same once rolled up (hour rows priced at the hour's start: all events are past the price change hour)
select monitoring.refresh_usage_rollups();
select is((monitoring.baseline_comparison('2025-03-03', '2025-03-10', 'h6tap') #>> '{dollars_saved,usd}')::numeric, 0.07535, 'same after the rollup');
-- mcp requests with a system prompt: 200, 250, 100, 198 -> 748 / 4 = 187.00, in the band 178-218
select is(monitoring.baseline_comparison('2025-03-03', '2025-03-10', 'h6tap') -> 'target_check' ->> 'band_status', 'in_band', 'mcp average 187 is in the band');

select * from finish();
rollback;
