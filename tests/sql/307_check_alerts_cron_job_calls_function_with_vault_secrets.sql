-- The check-alerts cron job runs every 5 minutes and calls the function through
-- monitoring.call_function: net.http_post to the project URL from Vault, with the secret key
-- from Vault in `apikey` (the same SQL as on hosted Supabase). Running the job's command queues
-- exactly that request. An install that stored only the older tokenwatch_service_role_key (a
-- legacy JWT) still works: that key is sent in apikey and as Authorization: Bearer.
begin;
select plan(8);

select is((select schedule from cron.job where jobname = 'tokenwatch-check-alerts'), '*/5 * * * *', 'scheduled every 5 minutes');
select is((select command from cron.job where jobname = 'tokenwatch-check-alerts'),
  $$select monitoring.call_function('check-alerts')$$, 'it calls monitoring.call_function');

create temp table before as select coalesce(max(id), 0) as id from net.http_request_queue;
do $$ begin execute (select command from cron.job where jobname = 'tokenwatch-check-alerts'); end $$;
select is(
  (select url from net.http_request_queue where id > (select id from before)),
  (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_project_url') || '/functions/v1/check-alerts',
  'the queued request goes to the project''s check-alerts function');
select is(
  (select headers from net.http_request_queue where id > (select id from before)),
  jsonb_build_object('Content-Type', 'application/json', 'apikey',
    (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_secret_key')),
  'with the secret key in apikey, and no Authorization header');
select ok((select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_secret_key') like 'sb_secret_%',
  'the stack stored a new-format secret key');

-- An older install: only tokenwatch_service_role_key, holding a legacy JWT.
delete from vault.secrets where name = 'tokenwatch_secret_key';
select vault.create_secret('eyJhbGciOiJIUzI1NiJ9.e30.legacy', 'tokenwatch_service_role_key');
select is(monitoring.function_call_headers(),
  '{"Content-Type": "application/json", "apikey": "eyJhbGciOiJIUzI1NiJ9.e30.legacy", "Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.legacy"}'::jsonb,
  'a legacy JWT key goes in apikey and as a bearer token');

-- No key at all: a clear error that says which secret to create.
delete from vault.secrets where name = 'tokenwatch_service_role_key';
select throws_ok($$select monitoring.call_function('check-alerts')$$, 'P0001',
  'Vault secret tokenwatch_secret_key is not set', 'no key: the call is refused, naming the secret');
select is((select count(*)::int from net.http_request_queue where id > (select id from before)), 1,
  'and nothing more was queued');

select * from finish();
rollback;
