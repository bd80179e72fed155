-- usage_events refuses events that cannot be true, and (source, request_id) is unique.
begin;
select plan(17);

create function pg_temp.ev(p jsonb) returns void language sql as $$
  insert into monitoring.usage_events
    (request_id, source, occurred_at, provider, model, input_tokens, cache_read_tokens, cache_write_tokens,
     cache_write_1h_tokens, output_tokens, reasoning_tokens, system_prompt_tokens, tool_calls, tool_failures,
     status, token_source, latency_ms, tools, system_prompt_hash)
  select coalesce(p ->> 'request_id', gen_random_uuid()::text), 'twtest-014', '2026-11-20 10:00Z', 'openai', 'twtest-014',
         coalesce((p ->> 'input')::int, 100), coalesce((p ->> 'cache_read')::int, 0), coalesce((p ->> 'cache_write')::int, 0),
         coalesce((p ->> 'cache_write_1h')::int, 0), coalesce((p ->> 'output')::int, 10), coalesce((p ->> 'reasoning')::int, 0),
         (p ->> 'system_prompt')::int, coalesce((p ->> 'tool_calls')::int, 0), coalesce((p ->> 'tool_failures')::int, 0),
         coalesce(p ->> 'status', 'ok'), coalesce(p ->> 'token_source', 'provider'), (p ->> 'latency')::int,
         p -> 'tools', p ->> 'hash'
$$;

select lives_ok($$select pg_temp.ev('{"request_id": "good", "cache_read": 60, "cache_write": 40, "cache_write_1h": 40, "reasoning": 10, "system_prompt": 100, "tool_calls": 2, "tool_failures": 2, "tools": [{"name": "search", "calls": 2, "failures": 2}], "hash": "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12"}')$$,
  'a consistent event at every limit is stored');
select throws_ok($$select pg_temp.ev('{"input": -1}')$$, '23514', null, 'negative input tokens');
select throws_ok($$select pg_temp.ev('{"output": -5}')$$, '23514', null, 'negative output tokens');
select throws_ok($$select pg_temp.ev('{"cache_read": 60, "cache_write": 41}')$$, '23514', null, 'cache reads + writes above input');
select throws_ok($$select pg_temp.ev('{"cache_write": 10, "cache_write_1h": 11}')$$, '23514', null, 'one-hour writes above cache writes');
select throws_ok($$select pg_temp.ev('{"reasoning": 11}')$$, '23514', null, 'reasoning above output');
select throws_ok($$select pg_temp.ev('{"system_prompt": 101}')$$, '23514', null, 'system prompt above input');
select throws_ok($$select pg_temp.ev('{"tool_calls": 1, "tool_failures": 2}')$$, '23514', null, 'more tool failures than calls');
select throws_ok($$select pg_temp.ev('{"status": "meh"}')$$, '23514', null, 'unknown status');
select throws_ok($$select pg_temp.ev('{"token_source": "guess"}')$$, '23514', null, 'unknown token_source');
select throws_ok($$select pg_temp.ev('{"latency": -1}')$$, '23514', null, 'negative latency');
select throws_ok($$select pg_temp.ev('{"tools": {"name": "x"}}')$$, '23514', null, 'tools must be an array');
select throws_ok($$select pg_temp.ev('{"tools": [{"name": "x", "calls": 1, "failures": 2}]}')$$, '23514', null, 'a tool with more failures than calls');
select throws_ok($$select pg_temp.ev('{"tools": [{"calls": 1}]}')$$, '23514', null, 'a tool without a name');
select throws_ok($$select pg_temp.ev('{"hash": "not-a-sha256"}')$$, '23514', null, 'system_prompt_hash must be sha256 hex');
-- (since usage_events is partitioned, the key is claimed in usage_event_keys and a second one is skipped, as
-- `on conflict do nothing` skipped it: the count below proves it is not stored)
select lives_ok($$select pg_temp.ev('{"request_id": "good"}')$$, 'a second (source, request_id) is skipped, not stored twice');
insert into monitoring.usage_events (request_id, source, occurred_at, provider, model)
values ('good', 'twtest-014', '2026-11-21 10:00Z', 'openai', 'twtest-014')
on conflict do nothing;
select results_eq(
  $$select count(*)::int, min(occurred_at) from monitoring.usage_events where source = 'twtest-014' and request_id = 'good'$$,
  $$values (1, '2026-11-20 10:00Z'::timestamptz)$$,
  'a retried event (even re-stamped) with on conflict do nothing stores nothing');

select * from finish();
rollback;
