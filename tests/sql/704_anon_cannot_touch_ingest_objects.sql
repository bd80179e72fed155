-- The ingest and importer objects are service_role only: anon and authenticated get nothing.
begin;
select plan(18);

select ok(not has_table_privilege(r, t, p), format('%s has no %s on %s', r, p, t))
from unnest(array['anon', 'authenticated']) r,
     unnest(array['monitoring.prompt_versions', 'monitoring.ingest_settings', 'monitoring.chat_import_config',
                  'monitoring.import_pending']) t,
     unnest(array['select']) p;

select ok(not has_function_privilege(r, f, 'execute'), format('%s cannot execute %s', r, f))
from unnest(array['anon', 'authenticated']) r,
     unnest(array['monitoring.ingest_events(jsonb, jsonb)', 'monitoring.ingest_event_batch(json, jsonb)',
                  'monitoring.import_chat_messages(text, timestamptz)']) f;

select ok(has_function_privilege('service_role', 'monitoring.ingest_events(jsonb, jsonb)', 'execute'),
  'service_role executes ingest_events');
select ok(has_function_privilege('service_role', 'monitoring.ingest_event_batch(json, jsonb)', 'execute'),
  'service_role executes ingest_event_batch');

select ok(not has_function_privilege('service_role', 'monitoring.run_chat_imports()', 'execute'),
  'run_chat_imports (reads Vault) is for the cron job only');

select is(
  (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname = 'monitoring' and c.relname in ('prompt_versions', 'ingest_settings', 'chat_import_config', 'import_pending')
     and c.relrowsecurity),
  4, 'row level security is on for all four tables');

select * from finish();
rollback;
