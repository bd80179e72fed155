-- The check-alerts cron job runs every 5 minutes and calls the function through net.http_post
-- with the project URL and the service role key read from Vault (the same SQL as on hosted
-- Supabase); running its command queues exactly that request.
begin;
select plan(5);

select is((select schedule from cron.job where jobname = 'tokenwatch-check-alerts'), '*/5 * * * *', 'scheduled every 5 minutes');
select ok((select command from cron.job where jobname = 'tokenwatch-check-alerts') like '%net.http_post%', 'it calls net.http_post');
select ok((select command from cron.job where jobname = 'tokenwatch-check-alerts') ~ 'vault\.decrypted_secrets.*tokenwatch_project_url'
      and (select command from cron.job where jobname = 'tokenwatch-check-alerts') ~ 'vault\.decrypted_secrets.*tokenwatch_service_role_key',
  'URL and key come from Vault');

create temp table before as select coalesce(max(id), 0) as id from net.http_request_queue;
do $$ begin execute (select command from cron.job where jobname = 'tokenwatch-check-alerts'); end $$;
select is(
  (select url from net.http_request_queue where id > (select id from before)),
  (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_project_url') || '/functions/v1/check-alerts',
  'the queued request goes to the project''s check-alerts function');
select is(
  (select headers ->> 'Authorization' from net.http_request_queue where id > (select id from before)),
  'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_service_role_key'),
  'with the service role key');

select * from finish();
rollback;
