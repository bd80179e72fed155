-- The chat importer maps a customer_id (issue 16: customer_id is a dimension of events and of the
-- rollup, "ingest, importer, OTLP resource attribute, client option"). A conversation's customer comes from
-- a column of the conversations table, named here (NULL: none, the default, since the original
-- public.conversations has no such column); a message's metadata key `customer_id` wins over it
-- (see 20261203010200).

alter table monitoring.chat_import_config add column conversation_customer_column text;

comment on column monitoring.chat_import_config.conversation_customer_column is
  'Conversations: column holding the customer (tenant, organisation) id (becomes customer_id); NULL for none. A message''s metadata key customer_id takes precedence.';
