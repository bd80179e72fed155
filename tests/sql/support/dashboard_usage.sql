-- Test support, loaded by tests/run.ts before the pgTAP files (never a migration): the usage the
-- dashboard_data files (tests/sql/60x_*.sql) share. A test calls it inside its own transaction, so
-- that everything it inserts is rolled back with the test.
create schema if not exists tokenwatch_test;

-- Two custom-priced models and eight events of app twtest-600 (one of another app), five of them
-- rolled up and three still queued, holding the usage rollup lock until the test's transaction ends.
create or replace function tokenwatch_test.load_dashboard_usage()
returns void
language plpgsql
as $fixture$
begin
  perform pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());

  insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, cache_read_per_mtok, output_per_mtok, effective_from, custom)
  values ('openai', 'twtest-600-a', 1, 0.5, 2, '2020-01-01', true),
         ('anthropic', 'twtest-600-b', 3, null, 15, '2020-01-01', true);

  -- Costs by hand ($/1M: a = 1 in, 0.5 cache read, 2 out; b = 3 in, 15 out):
  --   e1 (800 + 200 * 0.5 + 200 * 2) / 1e6 = 0.0013   e2 (1200 + 300 * 2) / 1e6 = 0.0018
  --   e3 (5400 * 3 + 100 * 15) / 1e6 = 0.0177        e4..e6 (800 + 100 * 2) / 1e6 = 0.001 each
  --   e0 (1000) / 1e6 = 0.001 (three days earlier)   x1 is another app.
  insert into monitoring.usage_events
    (request_id, source, occurred_at, provider, model, input_tokens, cache_read_tokens, output_tokens,
     system_prompt_tokens, tool_calls, tool_failures, status, error_type, latency_ms, app, environment, prompt_variant)
  values
    ('e0', 'twtest-600', '2026-10-02 12:00Z', 'openai', 'twtest-600-a', 1000, 0, 0, 198, 0, 0, 'ok', null, 350, 'twtest-600', 'prod', 'mcp'),
    ('e1', 'twtest-600', '2026-10-05 10:10Z', 'openai', 'twtest-600-a', 1000, 200, 200, 198, 2, 0, 'ok', null, 400, 'twtest-600', 'prod', 'mcp'),
    ('e2', 'twtest-600', '2026-10-05 10:20Z', 'openai', 'twtest-600-a', 1200, 0, 300, 200, 1, 1, 'ok', null, 800, 'twtest-600', 'prod', 'mcp'),
    ('e3', 'twtest-600', '2026-10-05 13:30Z', 'anthropic', 'twtest-600-b', 5400, 0, 100, 5200, 0, 0, 'error', 'rate_limit', 1500, 'twtest-600', 'prod', 'traditional'),
    ('x1', 'twtest-600', '2026-10-05 10:30Z', 'openai', 'twtest-600-a', 999, 0, 1, 198, 0, 0, 'ok', null, 100, 'twtest-600-other', 'prod', 'mcp');
  perform monitoring.refresh_usage_rollups();
  -- Stored after the rollup ran: still queued, and must count all the same.
  insert into monitoring.usage_events
    (request_id, source, occurred_at, provider, model, input_tokens, cache_read_tokens, output_tokens,
     system_prompt_tokens, tool_calls, tool_failures, status, error_type, latency_ms, app, environment, prompt_variant)
  values
    ('e4', 'twtest-600', '2026-10-05 17:05Z', 'openai', 'twtest-600-a', 800, 0, 100, 190, 1, 0, 'ok', null, 300, 'twtest-600', 'staging', 'mcp'),
    ('e5', 'twtest-600', '2026-10-05 17:15Z', 'openai', 'twtest-600-a', 800, 0, 100, 210, 1, 0, 'ok', null, 500, 'twtest-600', 'staging', 'mcp'),
    ('e6', 'twtest-600', '2026-10-05 17:25Z', 'openai', 'twtest-600-a', 800, 0, 100, 200, 1, 0, 'ok', null, 700, 'twtest-600', 'staging', 'mcp');
end;
$fixture$;
