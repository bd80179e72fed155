-- The five original checks and the rolling cost spike ship as rules, with the design's
-- thresholds; the system-prompt band follows the mcp baseline (198 ± 20).
begin;
select plan(3);

select results_eq(
  $$select name, metric, comparison, warning_threshold, critical_threshold, baseline, time_window, history_days,
           min_requests, prompt_variant, enabled
      from monitoring.alert_rules
     where name in ('system_prompt_band', 'tool_failure_rate', 'tokens_per_request', 'daily_cost', 'error_rate', 'hourly_cost_spike')
     order by id$$,
  $$values
    ('system_prompt_band'::text, 'avg_system_prompt_tokens'::text, 'outside_band'::text, null::numeric, null::numeric, 'mcp'::text, 'last_hour'::text, null::int, 10, 'mcp'::text, true),
    ('tool_failure_rate', 'tool_failure_rate', 'above', null, 0.05, null, 'last_hour', null, 10, null, true),
    ('tokens_per_request', 'avg_tokens_per_request', 'above', 600, null, null, 'last_hour', null, 10, null, true),
    ('daily_cost', 'cost_usd', 'above', 10, null, null, 'today', null, 1, null, true),
    ('error_rate', 'error_rate', 'above', null, 0.05, null, 'last_hour', null, 10, null, true),
    ('hourly_cost_spike', 'cost_usd', 'above_rolling_baseline', 3, null, null, 'last_hour', 7, 1, null, true)$$,
  'six seeded rules: band (mcp), tool failures > 5% CRITICAL, tokens/request > 600 WARNING, cost today > $10 WARNING, errors > 5% CRITICAL, hourly cost > 3x its 7-day same-hour average WARNING');

select is(
  (select critical_threshold from monitoring.measure_alert_rules('2026-11-20 12:00Z',
     array[(select id from monitoring.alert_rules where name = 'system_prompt_band')])),
  20::numeric, 'the band''s CRITICAL half-width is the mcp baseline''s tolerance (20)');

update monitoring.baselines set tolerance = 25 where name = 'mcp';
select is(
  (select critical_threshold from monitoring.measure_alert_rules('2026-11-20 12:00Z',
     array[(select id from monitoring.alert_rules where name = 'system_prompt_band')])),
  25::numeric, 'editing the baseline''s tolerance moves the band');

select * from finish();
rollback;
