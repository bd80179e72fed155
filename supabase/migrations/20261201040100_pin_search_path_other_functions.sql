-- Every other function of the monitoring schema (ingest, chat import, alerts, usage
-- comparison, reports, dashboard) pins search_path = '' so that no caller's search_path can
-- change what it resolves: Supabase's Security Advisor (lint 0011
-- function_search_path_mutable) flagged every one of them. Their bodies already name
-- everything schema-qualified (monitoring.*, net.http_post, vault.decrypted_secrets; the
-- built-ins live in pg_catalog, which is always searched), so this is ALTER only, no new body.
--
-- Two stay unpinned, because pinning them costs speed (a function with a SET clause is never
-- inlined into its caller's query), measured interleaved on the local stack:
--   * monitoring.alert_window, inlined into measure_alert_rules (the check-alerts function's
--     query): pinned, measure_alert_rules over the 6 seeded rules took 1,518 ms instead of 190;
--     measure_alert_rules itself pinned: 193 ms, no cost.
--   * monitoring.usage_count, inlined six times into chat_import_canonical for each imported
--     message: with the import mapping functions pinned, mapping 3,000 messages took 4,501 ms
--     instead of 1,367; every one of them but usage_count pinned: 1,228 to 1,353 ms, no cost.
-- Both are plain SQL with schema-qualified names, never security definer, and EXECUTE is
-- granted to service_role only; tests/lint/security_advisor_test.ts accepts the Advisor's
-- warning for exactly these, with this reason.
--
-- One visible effect: the chat importer resolves monitoring.chat_import_config.messages_table
-- and conversations_table with an empty search_path, so they must be schema-qualified (as their
-- comments and defaults, public.messages and public.conversations, already say); an unqualified
-- name is reported as a table that does not exist.

-- Ingest and provider usage mapping
alter function monitoring.ingest_events(jsonb, jsonb) set search_path = '';
-- monitoring.usage_count(jsonb): not pinned (inlined; see above).
alter function monitoring.provider_usage_tokens(jsonb, text) set search_path = '';
alter function monitoring.infer_provider(text) set search_path = '';

-- Chat import
alter function monitoring.chat_import_columns(monitoring.chat_import_config, text) set search_path = '';
alter function monitoring.chat_import_event(monitoring.chat_import_config, jsonb) set search_path = '';
alter function monitoring.chat_import_canonical(jsonb, jsonb, integer) set search_path = '';
alter function monitoring.import_chat_messages(text, timestamptz) set search_path = '';
alter function monitoring.claim_chat_import_pending(text, integer) set search_path = '';
alter function monitoring.run_chat_imports() set search_path = '';

-- Alerts
alter function monitoring.alert_rules_touch() set search_path = '';
-- monitoring.alert_window(text, timestamptz, boolean): not pinned (inlined; see above).
alter function monitoring.measure_alert_rules(timestamptz, bigint[]) set search_path = '';
alter function monitoring.alert_lock_key() set search_path = '';

-- Usage comparison (track-usage)
alter function monitoring.tool_usage_window(timestamptz, timestamptz, text, text, text, text) set search_path = '';
alter function monitoring.baseline_comparison(timestamptz, timestamptz, text, text, text, text, jsonb) set search_path = '';
alter function monitoring.usage_day_fields(jsonb) set search_path = '';
alter function monitoring.track_usage(timestamptz, timestamptz, text, text, text, text) set search_path = '';

-- Weekly reports
alter function monitoring.save_weekly_report(timestamptz, text, jsonb, text, text, text) set search_path = '';
alter function monitoring.report_json(monitoring.reports) set search_path = '';
alter function monitoring.report_health(timestamptz, timestamptz) set search_path = '';
alter function monitoring.weekly_report_data(timestamptz, text) set search_path = '';

-- Dashboard
alter function monitoring.dashboard_data(timestamptz, timestamptz, interval, text, text, text, text) set search_path = '';
