-- Housekeeping (issue 17): apply_retention removes cron.job_run_details rows older than the
-- cron_job_run_details keep (7 days) of Tokenwatch's jobs only (jobname tokenwatch-*), and
-- health_checks older than theirs (90 days), delivered notifications older than theirs (30
-- days; pending and failed ones stay whatever their age); newer rows and other jobs' rows stay.
-- The daily job is scheduled.
begin;
select plan(6);

select cron.schedule('someone-elses-job', '0 0 * * *', 'select 1');
-- clock: 2026-12-02 12:00Z; cron cutoff 2026-11-25 12:00Z; health_checks cutoff 2026-09-03 12:00Z
insert into cron.job_run_details (jobid, runid, database, username, command, status, return_message, start_time, end_time)
select j.jobid, nextval('cron.runid_seq'), 'postgres', current_user, j.command, 'succeeded', 'twtest-032',
       t.at, t.at + interval '1 second'
from cron.job j
cross join (values ('2026-11-20 00:00Z'::timestamptz), ('2026-11-25 11:59Z'), ('2026-11-25 12:00Z'), ('2026-12-01 00:00Z')) t(at)
where j.jobname in ('tokenwatch-rollup', 'someone-elses-job');
insert into monitoring.health_checks (checked_at, score, status, checks, judged, failing)
values ('2026-09-01Z', 100, 'healthy', '[]', 0, 0), ('2026-09-04Z', 100, 'healthy', '[]', 0, 0);

-- notifications cutoff 2026-11-02 12:00Z
insert into monitoring.alerts (id, fingerprint, rule_name, metric, severity, message, first_seen_at, last_seen_at)
  overriding system value values (-32, repeat('ab', 32), 'r', 'error_rate', 'CRITICAL', 'm', now(), now());
insert into monitoring.notification_channels (id, name, kind, secret_name, url)
  overriding system value values (-32, 'tap-032', 'webhook', 'tap_032_secret', 'http://127.0.0.1:9/');
insert into monitoring.notifications (alert_id, channel_id, event, severity, idempotency_key, message, max_attempts,
                                      status, delivered_at, created_at)
values (-32, -32, 'opened', 'CRITICAL', 'twtest-032-old-delivered', '{}', 8, 'delivered', '2026-11-01Z', '2026-11-01Z'),
       (-32, -32, 'opened', 'CRITICAL', 'twtest-032-new-delivered', '{}', 8, 'delivered', '2026-11-03Z', '2026-11-03Z'),
       (-32, -32, 'opened', 'CRITICAL', 'twtest-032-old-failed', '{}', 8, 'failed', null, '2026-10-01Z'),
       (-32, -32, 'opened', 'CRITICAL', 'twtest-032-old-pending', '{}', 8, 'pending', null, '2026-10-01Z');

select monitoring.apply_retention('2026-12-02 12:00Z');

select is((select string_agg(j.jobname || ' ' || to_char(d.start_time at time zone 'UTC', 'MM-DD HH24:MI'), ', ' order by j.jobname, d.start_time)
             from cron.job_run_details d join cron.job j using (jobid) where d.return_message = 'twtest-032'),
  'someone-elses-job 11-20 00:00, someone-elses-job 11-25 11:59, someone-elses-job 11-25 12:00, someone-elses-job 12-01 00:00, '
  'tokenwatch-rollup 11-25 12:00, tokenwatch-rollup 12-01 00:00',
  'tokenwatch-rollup runs that ended before 2026-11-25 12:00 (at 00:00:01 on the 20th, 11:59:01 on the 25th) are gone; someone-elses-job keeps all four');
select is((select count(*)::int from cron.job_run_details d join cron.job j using (jobid)
            where d.return_message = 'twtest-032' and j.jobname like 'tokenwatch-%' and d.end_time < '2026-11-25 12:00Z'), 0,
  'no Tokenwatch run older than 7 days is left');
select is((select array_agg(checked_at order by checked_at) from monitoring.health_checks where checked_at in ('2026-09-01Z', '2026-09-04Z')),
  array['2026-09-04Z'::timestamptz], 'the health check older than 90 days is gone, the newer one stays');
select is((select array_agg(idempotency_key order by idempotency_key) from monitoring.notifications where alert_id = -32),
  array['twtest-032-new-delivered', 'twtest-032-old-failed', 'twtest-032-old-pending'],
  'the notification delivered before 2026-11-02 12:00 is gone; the newer one, the failed and the pending stay');
select is((select schedule from cron.job where jobname = 'tokenwatch-retention'), '17 3 * * *', 'tokenwatch-retention runs daily at 03:17 UTC');
select is((select command from cron.job where jobname = 'tokenwatch-retention'), 'select monitoring.apply_retention()', 'and calls apply_retention');

select * from finish();
rollback;
