-- Two rollups never run at once: while another session holds the rollup lock, a call
-- returns at once without touching the queue or the rollup; after it is released the
-- event is counted exactly once. The other session is opened with dblink (the full
-- two-connection race is tests/integration/engine_concurrency_test.ts).
begin;
select plan(5);

create function pg_temp.lock_guard_tests() returns setof text language plpgsql as $$
declare
  v_conn text;
  v_result jsonb;
begin
  create extension if not exists dblink with schema extensions;
  -- As on hosted, postgres is not a superuser, so dblink needs a password connection.
  v_conn := format('dbname=%s user=%s password=postgres host=127.0.0.1 port=%s', current_database(), current_user,
                   current_setting('port'));
  perform extensions.dblink_connect('twtest_lock_holder', v_conn);
  perform * from extensions.dblink('twtest_lock_holder',
    format('select pg_advisory_lock(%s)::text', monitoring.usage_rollup_lock_key())) as t(x text);

  insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app)
  values ('c1', 'twtest-022', '2026-10-07 10:00Z', 'acme', 'twtest-022', 100, 10, 'twtest-022');

  v_result := monitoring.refresh_usage_rollups();
  return next is((v_result ->> 'ran')::boolean, false, 'a call while another session holds the lock returns {"ran": false}');
  return next is((select count(*)::int from monitoring.usage_hourly where app = 'twtest-022'), 0,
                 'it added nothing to the rollup');
  return next is((select count(*)::int from monitoring.usage_rollup_queue q
                   join monitoring.usage_events e on e.id = q.event_id where e.source = 'twtest-022'), 1,
                 'the event is still queued');

  perform * from extensions.dblink('twtest_lock_holder',
    format('select pg_advisory_unlock(%s)::text', monitoring.usage_rollup_lock_key())) as t(x text);
  perform extensions.dblink_disconnect('twtest_lock_holder');

  perform pg_advisory_xact_lock(monitoring.usage_rollup_lock_key()); -- keep the cron job out
  v_result := monitoring.refresh_usage_rollups();
  v_result := monitoring.refresh_usage_rollups();
  return next is((select sum(requests)::int from monitoring.usage_hourly where app = 'twtest-022'), 1,
                 'once the lock is free the event is counted, once, by two calls');
  return next is((v_result ->> 'events')::int, 0, 'the second of them had nothing to do');
end
$$;

select * from pg_temp.lock_guard_tests();

select * from finish();
rollback;
