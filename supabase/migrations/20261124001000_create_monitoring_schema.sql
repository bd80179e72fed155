-- The private `monitoring` schema that holds Tokenwatch's usage engine.
--
-- Not exposed through the Data API (config.toml `[api] schemas` leaves it out). `anon` and
-- `authenticated` get nothing here; `service_role` (Edge Functions, the CLI) reads and writes.
-- Every later migration that adds objects to this schema revokes them from public, anon and
-- authenticated explicitly as well, so the rule holds whatever the defaults are.

create schema if not exists monitoring;

comment on schema monitoring is
  'Tokenwatch: LLM token usage events, model prices, baselines, hourly rollups, analytics views, alerts and reports. Private: service_role only.';

revoke all on schema monitoring from public, anon, authenticated;
grant usage on schema monitoring to service_role;

-- Objects the migration role creates later in this schema are usable by service_role
-- without a grant per object (tables, sequences, functions).
alter default privileges in schema monitoring grant select, insert, update, delete on tables to service_role;
alter default privileges in schema monitoring grant usage, select on sequences to service_role;
alter default privileges in schema monitoring grant execute on functions to service_role;
