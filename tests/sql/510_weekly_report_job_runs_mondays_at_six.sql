-- The weekly report is built every Monday at 06:00 UTC by a pg_cron job that POSTs to the
-- weekly-report function with the project URL and service role key from Vault.
begin;
select plan(5);

select is((select schedule from cron.job where jobname = 'tokenwatch-weekly-report')::text, '0 6 * * 1', 'every Monday at 06:00');
select is((select active from cron.job where jobname = 'tokenwatch-weekly-report'), true, 'active');
select matches((select command from cron.job where jobname = 'tokenwatch-weekly-report'),
               'net\.http_post\(\s+url := \(select decrypted_secret from vault\.decrypted_secrets where name = ''tokenwatch_project_url''\)\s+\|\| ''/functions/v1/weekly-report\?trigger=cron',
               'POSTs to /functions/v1/weekly-report at the project URL from Vault');
select matches((select command from cron.job where jobname = 'tokenwatch-weekly-report'),
               '''Bearer '' \|\| \(select decrypted_secret from vault\.decrypted_secrets where name = ''tokenwatch_service_role_key''\)',
               'with the service role key from Vault');
select is((select database from cron.job where jobname = 'tokenwatch-weekly-report')::text, current_database()::text, 'in this database');

select * from finish();
rollback;
