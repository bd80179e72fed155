-- The SQL copy of the provider-usage mapping goes: since 20261202010050 the chat importer queues every
-- message and the ingest function maps usage in TypeScript (shared/usage/provider_usage.ts), the only
-- mapping. Nothing else calls these (chat_import_canonical was import_chat_messages' only helper using
-- them; usage_count, provider_usage_tokens' count reader, held the second copy of the 100,000,000
-- token cap, which now lives only in shared/usage/field_checks.ts MAX_TOKENS_PER_EVENT).

drop function monitoring.chat_import_canonical(jsonb, jsonb, integer);
drop function monitoring.provider_usage_tokens(jsonb, text);
drop function monitoring.infer_provider(text);
drop function monitoring.usage_count(jsonb);
