-- The pg_cron job that runs the chat importer every minute, for every enabled
-- monitoring.chat_import_config row (none by default, so the job does nothing until a user
-- opts in), and asks the ingest function to count the tokens of what it queued.
--
-- The call goes through net.http_post (pg_net, or the local stand-in) to
-- <project url>/functions/v1/ingest/import-pending with the service role key, both read from
-- Vault (tokenwatch_project_url, tokenwatch_service_role_key; README "Deploying to hosted
-- Supabase"). pg_net sends it after the job's transaction commits, so the function sees the
-- queued rows. Each config runs in its own subtransaction: one broken config (a renamed
-- table) records its error in chat_import_config.last_error and does not stop the others.
-- Scheduling by name replaces an existing job of that name, so re-running this is harmless.

create extension if not exists pg_cron with schema pg_catalog;

create function monitoring.run_chat_imports()
returns jsonb
language plpgsql
as $$
declare
  v_name text;
  v_result record;
  v_results jsonb := '{}'::jsonb;
  v_url text;
  v_key text;
begin
  for v_name in select name from monitoring.chat_import_config where enabled order by name loop
    begin
      select * into v_result from monitoring.import_chat_messages(v_name);
      update monitoring.chat_import_config set last_error = null where name = v_name;
      v_results := v_results || jsonb_build_object(v_name, to_jsonb(v_result));
    exception when others then
      update monitoring.chat_import_config set last_error = sqlerrm, last_run_at = clock_timestamp()
       where name = v_name;
      v_results := v_results || jsonb_build_object(v_name, jsonb_build_object('error', sqlerrm));
      continue;
    end;

    continue when not exists (select 1 from monitoring.import_pending p
                              where p.config = v_name and p.failed_at is null);
    begin
      select decrypted_secret into v_url from vault.decrypted_secrets where name = 'tokenwatch_project_url';
      select decrypted_secret into v_key from vault.decrypted_secrets where name = 'tokenwatch_service_role_key';
      if v_url is null or v_key is null then
        raise exception 'Vault secrets tokenwatch_project_url / tokenwatch_service_role_key are not set';
      end if;
      perform net.http_post(
        url := v_url || '/functions/v1/ingest/import-pending',
        body := jsonb_build_object('config', v_name),
        headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || v_key),
        timeout_milliseconds := 60000);
    exception when others then
      update monitoring.chat_import_config set last_error = 'cannot call ingest to count tokens: ' || sqlerrm
       where name = v_name;
    end;
  end loop;
  return v_results;
end
$$;

comment on function monitoring.run_chat_imports() is
  'Runs monitoring.import_chat_messages for every enabled chat_import_config and, when messages wait for token counting, asks the ingest function (POST /functions/v1/ingest/import-pending) to count them. pg_cron job tokenwatch-chat-import runs it every minute.';

revoke all on function monitoring.run_chat_imports() from public, anon, authenticated, service_role;

select cron.schedule('tokenwatch-chat-import', '* * * * *', $$select monitoring.run_chat_imports()$$);
