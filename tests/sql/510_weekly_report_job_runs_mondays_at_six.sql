-- The weekly report is built every Monday at 06:00 UTC by a pg_cron job that POSTs to the
-- weekly-report function through monitoring.call_function (project URL and secret key from
-- Vault, key in apikey).
begin;
select plan(5);

select is((select schedule from cron.job where jobname = 'tokenwatch-weekly-report')::text, '0 6 * * 1', 'every Monday at 06:00');
select is((select active from cron.job where jobname = 'tokenwatch-weekly-report'), true, 'active');
select is((select command from cron.job where jobname = 'tokenwatch-weekly-report'),
  $$select monitoring.call_function('weekly-report?trigger=cron&format=json', '{}'::jsonb, 30000)$$,
  'POSTs to /functions/v1/weekly-report?trigger=cron through call_function');
create temp table before as select coalesce(max(id), 0) as id from net.http_request_queue;
do $$ begin execute (select command from cron.job where jobname = 'tokenwatch-weekly-report'); end $$;
select is((select url || ' ' || (headers ->> 'apikey') || ' ' || timeout_milliseconds from net.http_request_queue where id > (select id from before)),
  (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_project_url')
    || '/functions/v1/weekly-report?trigger=cron&format=json '
    || (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_secret_key') || ' 30000',
  'the queued request: weekly-report at the project URL, the secret key, a 30 s timeout');
select is((select database from cron.job where jobname = 'tokenwatch-weekly-report')::text, current_database()::text, 'in this database');

select * from finish();
rollback;
