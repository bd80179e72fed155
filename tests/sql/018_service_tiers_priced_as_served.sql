-- Service tiers priced as served (issue 15, item 4): an event is priced by the rows of its own
-- tier (Anthropic's 'standard' = 'default'); a tier with no price leaves it unpriced, never
-- priced as default; a long-context row applies above its threshold only. The same rule on
-- every path: the per-row trigger (direct inserts, COPY), set-based ingest_events, and reprice.
begin;
select plan(17);

insert into monitoring.model_prices
  (provider, model_pattern, service_tier, input_tokens_above, input_per_mtok, cache_read_per_mtok, output_per_mtok, effective_from, notes)
values
  ('openai', 'twtest-tier-018%', 'default', null,   2, 0.2, 10, '2026-01-01', 'default'),
  ('openai', 'twtest-tier-018%', 'batch',   null,   1, 0.1,  5, '2026-01-01', 'batch'),
  ('openai', 'twtest-tier-018%', 'default', 200000, 4, 0.4, 15, '2026-01-01', 'long context');

insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, service_tier, input_tokens, output_tokens, cost_usd)
values
  ('a', 'twtest-018', '2026-11-20 10:00Z', 'openai', 'twtest-tier-018-x', 'batch',    1000,   100, 42),
  ('b', 'twtest-018', '2026-11-20 10:01Z', 'openai', 'twtest-tier-018-x', 'flex',     1000,   100, 42),
  ('c', 'twtest-018', '2026-11-20 10:02Z', 'openai', 'twtest-tier-018-x', 'standard', 1000,   100, null),
  ('d', 'twtest-018', '2026-11-20 10:03Z', 'openai', 'twtest-tier-018-x', 'default',  200001, 1000, null),
  ('e', 'twtest-018', '2026-11-20 10:04Z', 'openai', 'twtest-tier-018-x', 'default',  200000, 1000, null),
  ('f', 'twtest-018', '2026-11-20 10:05Z', 'openai', 'twtest-tier-018-x', 'batch',    300000, 1000, null);

select is((select cost_usd from monitoring.usage_events where source = 'twtest-018' and request_id = 'a'),
          0.0015::numeric, 'batch tier at the batch price: 1000 x 1 + 100 x 5 = 1500 / 1e6 (the 42 sent is replaced)');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-018' and request_id = 'b'),
          null::numeric, 'flex has no price for this model: unpriced, not the default price');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-018' and request_id = 'c'),
          0.003::numeric, 'standard is the default tier: 1000 x 2 + 100 x 10 = 3000 / 1e6');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-018' and request_id = 'd'),
          0.815004::numeric, 'above 200,000 input tokens the long-context row prices the whole request: 200001 x 4 + 1000 x 15');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-018' and request_id = 'e'),
          0.41::numeric, 'at exactly 200,000 the default row: 200000 x 2 + 1000 x 10');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-018' and request_id = 'f'),
          0.305::numeric, 'a batch request above 200,000 with no batch long-context row: the batch row, 300000 x 1 + 1000 x 5');
select is(monitoring.event_cost('twtest-tier-018-x', '2026-11-20 10:00Z', 1000, 100, 0, 0, 0, 'batch'),
          0.0015::numeric, 'event_cost with a tier agrees with the trigger');
select is(monitoring.event_cost('twtest-tier-018-x', '2026-11-20 10:00Z', 1000, 100),
          0.003::numeric, 'event_cost without a tier is the default tier');

-- The set-based path: ingest_events prices its batch itself, with the same rule.
select results_eq(
  $$select * from monitoring.ingest_events('[
     {"request_id": "g", "source": "twtest-018i", "occurred_at": "2026-11-20T10:00:00Z", "provider": "openai", "model": "twtest-tier-018-x", "service_tier": "batch", "input_tokens": 1000, "output_tokens": 100},
     {"request_id": "h", "source": "twtest-018i", "occurred_at": "2026-11-20T10:00:00Z", "provider": "openai", "model": "twtest-tier-018-x", "service_tier": "Flex", "input_tokens": 1000, "output_tokens": 100},
     {"request_id": "i", "source": "twtest-018i", "occurred_at": "2026-11-20T10:00:00Z", "provider": "openai", "model": "TWTEST-tier-018-x", "input_tokens": 200001, "output_tokens": 1000, "cost_usd": 99},
     {"request_id": "j", "source": "twtest-018i", "occurred_at": "2026-11-20T10:00:00Z", "provider": "openai", "model": "twtest-tier-018-new-name", "input_tokens": 1000, "output_tokens": 100}
   ]'::jsonb)$$,
  $$values (4, 0)$$, 'ingest_events stores the four events');
select results_eq(
  $$select request_id, service_tier, cost_usd from monitoring.usage_events where source = 'twtest-018i' order by request_id$$,
  $$values ('g', 'batch', 0.0015::numeric), ('h', 'flex', null::numeric), ('i', 'default', 0.815004::numeric), ('j', 'default', 0.003::numeric)$$,
  'ingest_events: batch price, unpriced flex (lowercased), long context by input (any case of model, cost_usd key ignored), a new model name');
select is((select count(*)::int from monitoring.model_price_matches where model_key = 'twtest-tier-018-new-name'),
          1, 'the new model name is remembered in the match cache');
select is(current_setting('tokenwatch.priced_by', true), '', 'ingest_events clears its setting: later inserts are priced by the trigger');

-- Seeded tier prices.
select is(monitoring.event_cost('claude-sonnet-4-5-20250929', '2026-11-20', 10000, 1000, 0, 0, 0, 'batch'),
          0.0225::numeric, 'Claude Sonnet 4.5 Message Batches at half price: 10000 x 1.50 + 1000 x 7.50');
select is(monitoring.event_cost('claude-sonnet-4-5-20250929', '2026-11-20', 250000, 1000, 0, 0, 0, 'standard'),
          1.5225::numeric, 'Claude Sonnet 4.5 above 200K input: 250000 x 6 + 1000 x 22.50');
select is(monitoring.event_cost('gpt-4o', '2026-11-20', 1000, 100, 0, 0, 0, 'priority'),
          0.00595::numeric, 'gpt-4o Priority processing: 1000 x 4.25 + 100 x 17');

-- Reprice follows the same rule: a flex price added later prices the flex event.
insert into monitoring.model_prices (provider, model_pattern, service_tier, input_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'twtest-tier-018%', 'flex', 0.5, 2.5, '2026-01-01', true);
select results_eq(
  $$select events, newly_priced from monitoring.reprice('2026-11-20 10:01Z', '2026-11-20 10:02Z', false)$$,
  $$values (1::bigint, 1::bigint)$$, 'reprice prices the flex event with the new flex row');
select is((select cost_usd from monitoring.usage_events where source = 'twtest-018' and request_id = 'b'),
          0.00075::numeric, 'the flex event now costs 1000 x 0.5 + 100 x 2.5');

select * from finish();
rollback;
