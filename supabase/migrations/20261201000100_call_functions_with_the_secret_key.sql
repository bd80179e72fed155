-- The pg_cron jobs call the Edge Functions with the project's secret key, in `apikey`.
--
-- Projects created today have new-format API keys (`sb_secret_…`, not a JWT); the legacy
-- service_role JWT is deprecated and can be disabled per project. supabase-js and Supabase's
-- own guidance send such a key in the `apikey` header, and every Tokenwatch function checks it
-- there itself (verify_jwt = false in supabase/config.toml). So the jobs now read the key from
-- Vault secret `tokenwatch_secret_key` (README "Deploying to hosted Supabase": store your
-- `sb_secret_…` key under that name) and send it in `apikey`.
--
-- Existing installs keep working: when `tokenwatch_secret_key` is missing, the key stored under
-- the earlier name `tokenwatch_service_role_key` is used. A key that is a JWT (a legacy
-- service_role key) is also sent as `Authorization: Bearer`, so it passes a function deployed
-- earlier with verify_jwt = true as well.
--
-- One function builds every call (monitoring.call_function), so the three jobs and the chat
-- importer no longer each repeat the Vault look-ups and headers. The jobs are rescheduled by
-- name (cron.schedule replaces a job of the same name), which `supabase db push` does on
-- existing projects.

-- pg_net is what the calls go through. A hosted project that forgot to enable it gets it here;
-- where the extension does not exist (the local stack's PostgreSQL) its stand-in is installed
-- before migrations run.
do $$
begin
  if exists (select from pg_catalog.pg_available_extensions where name = 'pg_net') then
    create extension if not exists pg_net with schema extensions;
  end if;
end
$$;

create function monitoring.function_call_headers()
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  v_key text;
begin
  select s.decrypted_secret into v_key
    from vault.decrypted_secrets s
   where s.name in ('tokenwatch_secret_key', 'tokenwatch_service_role_key')
   order by s.name = 'tokenwatch_secret_key' desc
   limit 1;
  if v_key is null or v_key = '' then
    raise exception 'Vault secret tokenwatch_secret_key is not set'
      using hint = 'select vault.create_secret(''<your sb_secret_… key>'', ''tokenwatch_secret_key'');';
  end if;
  return jsonb_build_object('Content-Type', 'application/json', 'apikey', v_key)
      || case when v_key like 'eyJ%' then jsonb_build_object('Authorization', 'Bearer ' || v_key)
              else '{}'::jsonb end;
end
$$;

comment on function monitoring.function_call_headers() is
  'Headers the cron jobs send to the Edge Functions: the secret key from Vault (tokenwatch_secret_key, else the older tokenwatch_service_role_key) in apikey; a legacy JWT key also as Authorization: Bearer.';

create function monitoring.call_function(p_path text, p_body jsonb default '{}'::jsonb,
                                         p_timeout_ms integer default 60000)
returns bigint
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_url text;
begin
  select s.decrypted_secret into v_url from vault.decrypted_secrets s where s.name = 'tokenwatch_project_url';
  if v_url is null or v_url = '' then
    raise exception 'Vault secret tokenwatch_project_url is not set'
      using hint = 'select vault.create_secret(''https://<project-ref>.supabase.co'', ''tokenwatch_project_url'');';
  end if;
  return net.http_post(
    url := pg_catalog.rtrim(v_url, '/') || '/functions/v1/' || p_path,
    body := p_body,
    headers := monitoring.function_call_headers(),
    timeout_milliseconds := p_timeout_ms);
end
$$;

comment on function monitoring.call_function(text, jsonb, integer) is
  'Queues (pg_net) a POST to <tokenwatch_project_url>/functions/v1/<p_path> with the secret key from Vault; sent after the calling transaction commits. Returns the pg_net request id.';

revoke all on function monitoring.function_call_headers() from public, anon, authenticated, service_role;
revoke all on function monitoring.call_function(text, jsonb, integer) from public, anon, authenticated, service_role;

-- The chat importer asks ingest to count the tokens of what it queued, through call_function.
create or replace function monitoring.run_chat_imports()
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_name text;
  v_result record;
  v_results jsonb := '{}'::jsonb;
begin
  for v_name in select c.name from monitoring.chat_import_config c where c.enabled order by c.name loop
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
      perform monitoring.call_function('ingest/import-pending', jsonb_build_object('config', v_name));
    exception when others then
      update monitoring.chat_import_config set last_error = 'cannot call ingest to count tokens: ' || sqlerrm
       where name = v_name;
    end;
  end loop;
  return v_results;
end
$$;

select cron.schedule('tokenwatch-check-alerts', '*/5 * * * *',
  $$select monitoring.call_function('check-alerts')$$);

select cron.schedule('tokenwatch-weekly-report', '0 6 * * 1',
  $$select monitoring.call_function('weekly-report?trigger=cron&format=json', '{}'::jsonb, 30000)$$);
