-- The rollup is idempotent: a second call, with nothing new stored, changes nothing.
begin;
select plan(5);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());

insert into monitoring.usage_events
  (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, latency_ms, app, tools, tool_calls)
select 'r' || g, 'twtest-021', '2026-10-06 00:00Z'::timestamptz + g * interval '7 minutes', 'acme', 'twtest-021',
       100 + g, 10 + g, 50 * g, 'twtest-021', '[{"name": "search", "calls": 1}]', 1
from generate_series(1, 100) g;

select is((monitoring.refresh_usage_rollups() ->> 'ran')::boolean, true, 'first call runs');
create temp table before_hourly as
  select * from monitoring.usage_hourly where app = 'twtest-021';
create temp table before_tools as
  select * from monitoring.tool_usage_hourly where app = 'twtest-021';

select is((monitoring.refresh_usage_rollups() ->> 'events')::int, 0, 'the second call finds no new events');
select is((monitoring.refresh_usage_rollups() ->> 'events')::int, 0, 'nor does a third');
select bag_eq($$select * from monitoring.usage_hourly where app = 'twtest-021'$$,
              $$select * from before_hourly$$, 'usage_hourly is unchanged, updated_at included');
select bag_eq($$select * from monitoring.tool_usage_hourly where app = 'twtest-021'$$,
              $$select * from before_tools$$, 'tool_usage_hourly is unchanged');

select * from finish();
rollback;
