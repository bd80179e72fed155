-- An outbox row's idempotency key is unique: the same alert state change can be queued for a
-- channel only once, whoever tries.
begin;
select plan(3);

insert into monitoring.alerts (id, fingerprint, rule_name, metric, severity, message, first_seen_at, last_seen_at)
  overriding system value values (-303, repeat('cd', 32), 'r', 'error_rate', 'CRITICAL', 'm', now(), now());
insert into monitoring.notification_channels (id, name, kind, secret_name, url)
  overriding system value values (-303, 'tap-303', 'webhook', 'tap_303_secret', 'http://127.0.0.1:9/');

create function pg_temp.queue(p_key text) returns void language sql as $$
  insert into monitoring.notifications (alert_id, channel_id, event, severity, idempotency_key, message, max_attempts)
  values (-303, -303, 'opened', 'CRITICAL', p_key, '{}', 8)
$$;

select lives_ok($$select pg_temp.queue('tokenwatch:alert:-303:1:opened:channel:-303')$$, 'the first message is queued');
select throws_ok($$select pg_temp.queue('tokenwatch:alert:-303:1:opened:channel:-303')$$, '23505', null, 'the same key again is refused');
select is((select status || '/' || attempts || '/' || (next_attempt_at <= now()) from monitoring.notifications where alert_id = -303),
  'pending/0/true', 'a queued message is pending, not yet attempted, and due now');

select * from finish();
rollback;
