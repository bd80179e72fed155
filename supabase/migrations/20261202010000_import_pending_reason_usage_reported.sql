-- monitoring.import_pending.reason gains 'usage_reported': from 20261202010050 the chat importer
-- queues every message, those whose metadata carries the provider's usage with this reason (the
-- ingest function maps that usage, shared/usage/provider_usage.ts), text-only ones as text_only.

alter table monitoring.import_pending drop constraint import_pending_reason_known;
alter table monitoring.import_pending add constraint import_pending_reason_known
  check (reason in ('usage_reported', 'text_only', 'usage_unmapped', 'system_prompt_uncounted', 'needs_checking'));

comment on column monitoring.import_pending.reason is
  'Why it waits: usage_reported (the message metadata carries the provider''s usage, mapped by the ingest function) or text_only (no usage: the tokens are counted from the text). Rows queued before 20261202010050 may carry usage_unmapped, system_prompt_uncounted or needs_checking (SQL then stored what it could map itself).';
