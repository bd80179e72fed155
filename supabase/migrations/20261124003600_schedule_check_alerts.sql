-- The pg_cron job that runs check-alerts every 5 minutes.
--
-- The same SQL runs on hosted Supabase and on the local stack: net.http_post (pg_net, or the
-- local stand-in) calls the check-alerts Edge Function with the project URL and the service
-- role key read from Vault (secrets tokenwatch_project_url and tokenwatch_service_role_key;
-- README "Deploying to hosted Supabase"). The request is sent after the job's transaction
-- commits. Each run evaluates the rules, records a health check, changes alerts, and sends
-- the notifications that are due, so the same job drives notification retries.
-- Overlapping runs are safe: alert changes take turns under monitoring.alert_lock_key() and
-- outbox rows are claimed with FOR UPDATE SKIP LOCKED.
-- Scheduling by name replaces an existing job of that name, so re-running this is harmless.

create extension if not exists pg_cron with schema pg_catalog;

select cron.schedule(
  'tokenwatch-check-alerts',
  '*/5 * * * *',
  $$
  select net.http_post(
    url := (select decrypted_secret from vault.decrypted_secrets where name = 'tokenwatch_project_url')
           || '/functions/v1/check-alerts',
    body := '{}'::jsonb,
    headers := jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets
                                     where name = 'tokenwatch_service_role_key')),
    timeout_milliseconds := 60000)
  $$
);
