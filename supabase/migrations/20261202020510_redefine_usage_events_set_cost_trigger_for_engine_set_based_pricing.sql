-- The trigger usage_events_set_cost, re-created with a WHEN clause (issue 17, item 4): it does
-- not fire for the rows monitoring.ingest_events prices itself, set-based, in the statement
-- that stores them. Changed from 20261124001200_create_usage_events.sql: only the WHEN clause.
--
-- Why: a per-row trigger runs one query per event. Measured on this machine (backend CPU time,
-- 100,000 events in one INSERT, medians of 3 interleaved runs): 2.4 s with the pricing trigger
-- off, 2.9 s with an empty plpgsql trigger, 5.7 s with the price looked up in the trigger through
-- the match cache, 6.8 s through event_cost; the same lookups inlined into one statement cost
-- ~0.9 s. So ingest_events (the path of the ingest function, the chat importer and every caller
-- of it) prices each batch in its INSERT ... SELECT with monitoring.price_for and
-- monitoring.price_cost, the same rule and arithmetic as event_cost, and tells the trigger so
-- through the transaction-local setting tokenwatch.priced_by = 'ingest_events', which it sets
-- just before that INSERT and clears right after. Every other path (COPY, direct inserts, other
-- functions) leaves the setting empty, so the trigger prices its rows as before and replaces any
-- cost the caller sent.
--
-- The setting is not a permission: whoever may insert events may also update them. It only says
-- which of the two equal computations ran.

drop trigger usage_events_set_cost on monitoring.usage_events;

create trigger usage_events_set_cost
  before insert on monitoring.usage_events
  for each row
  when (coalesce(current_setting('tokenwatch.priced_by', true), '') <> 'ingest_events')
  execute function monitoring.usage_events_set_cost();

comment on trigger usage_events_set_cost on monitoring.usage_events is
  'Prices every inserted event (monitoring.usage_events_set_cost), except the rows monitoring.ingest_events priced itself in the same statement (it sets tokenwatch.priced_by = ingest_events for that statement only).';
