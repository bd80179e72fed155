-- billing-sync runs every hour (minute 17) by a pg_cron job that POSTs to the function through
-- monitoring.call_function (project URL and secret key from Vault, key in apikey).
begin;
select plan(4);

select is((select schedule from cron.job where jobname = 'tokenwatch-billing-sync')::text, '17 * * * *', 'every hour at minute 17');
select is((select active from cron.job where jobname = 'tokenwatch-billing-sync'), true, 'active');
create temp table before as select coalesce(max(id), 0) as id from net.http_request_queue;
do $$ begin execute (select command from cron.job where jobname = 'tokenwatch-billing-sync'); end $$;
select is((select url || ' ' || (headers ->> 'apikey') || ' ' || timeout_milliseconds || ' ' || convert_from(body, 'UTF8')
             from net.http_request_queue where id > (select id from before)),
  (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_project_url')
    || '/functions/v1/billing-sync '
    || (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_secret_key') || ' 120000 {}',
  'the queued request: billing-sync at the project URL, the secret key, a 120 s timeout, an empty body');
select is((select database from cron.job where jobname = 'tokenwatch-billing-sync')::text, current_database()::text, 'in this database');

select * from finish();
rollback;
