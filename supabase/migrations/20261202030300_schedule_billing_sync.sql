-- The pg_cron job that runs billing-sync every hour (at minute 17, away from the full hour the
-- providers' buckets close on and the other jobs), through monitoring.call_function: the secret
-- key from Vault in apikey, sent by pg_net after the job's transaction commits. The function
-- re-reads every enabled source's not-yet-final window (README "Billing reconciliation"), so a
-- run that failed is caught up by the next one. 120 s: several paginated reads with back-off.
-- Scheduling by name replaces a job of that name, so re-running this is harmless.
select cron.schedule('tokenwatch-billing-sync', '17 * * * *',
  $$select monitoring.call_function('billing-sync', '{}'::jsonb, 120000)$$);
