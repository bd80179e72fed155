-- monitoring.model_price_matches: which model_prices rows match a model name, remembered
-- (issue 17, item 4: "ingest closer to its floor").
--
-- Measured before (2026-12-01): storing 100,000 events in one statement took 16.8 s with the
-- per-row pricing trigger and 2.7 s without it. The trigger ran monitoring.price_for for every
-- event, which tested the event's model against every model_pattern with LIKE (lower() on both
-- sides), sorted the matches and took the first: 84% of the store path. The patterns an event
-- can match depend on its model name only, and an app uses a handful of model names, so this
-- table keeps, per lowercased model name, the ids of every price row whose pattern matches it
-- (any tier, any period, custom or not). Pricing an event then reads one row of this table by
-- its key and the few price rows it names by primary key; the precedence (custom, newest
-- effective_from, long-context threshold, most specific pattern) is applied to those rows as
-- before, in monitoring.price_for, the one rule.
--
-- The table is a cache of monitoring.match_model_prices(model), never a second rule:
--   * a model name not in it is matched with LIKE (monitoring.price_for falls back to
--     match_model_prices on a miss, so a read never depends on the cache being filled);
--   * the pricing trigger adds the names it meets (monitoring.remember_model_prices);
--   * every change to model_prices (insert, update, delete, truncate) recomputes every
--     remembered name in the same transaction (statement trigger
--     model_prices_refresh_matches).
-- Concurrency: a price change takes the advisory lock monitoring.model_price_matches_lock_key()
-- exclusively while it recomputes, and a new name is remembered under the same lock shared,
-- held to the end of each transaction. So either the new name's row is committed before the
-- price change recomputes (and is recomputed by it), or it is computed after the change
-- committed (each statement of a plpgsql function reads a fresh snapshot in READ COMMITTED):
-- no name can be remembered with a stale match list. Remembering never waits: it only tries the
-- locks (and a per-name lock, so two transactions never insert the same name), and a name it could
-- not remember is priced by LIKE, with the same result.

create table monitoring.model_price_matches (
  model_key text primary key,
  price_ids bigint[] not null,
  matched_at timestamptz not null default now(),
  constraint model_price_matches_key_lowercase check (model_key = lower(model_key))
);

comment on table monitoring.model_price_matches is
  'Cache of monitoring.match_model_prices: per lowercased model name, the ids of every model_prices row whose model_pattern matches it. Kept by the pricing trigger (new names) and by a trigger on model_prices (every change recomputes all). Never edit by hand.';
comment on column monitoring.model_price_matches.model_key is 'lower(usage_events.model).';
comment on column monitoring.model_price_matches.price_ids is 'Ids of the model_prices rows whose pattern matches model_key (all tiers, periods, custom or not); empty = no price at all.';
comment on column monitoring.model_price_matches.matched_at is 'When the ids were computed.';

alter table monitoring.model_price_matches enable row level security;
create policy model_price_matches_service_role on monitoring.model_price_matches
  for all to service_role using (true) with check (true);
revoke all on table monitoring.model_price_matches from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.model_price_matches to service_role;

create function monitoring.model_price_matches_lock_key()
returns bigint
language sql immutable parallel safe
set search_path = ''
as $$ select 7342018002::bigint $$;

comment on function monitoring.model_price_matches_lock_key() is
  'Advisory lock key: held exclusively while a model_prices change recomputes model_price_matches, shared while a new model name is remembered.';

-- The matching rule, in one place: the ids of the price rows whose pattern matches the model
-- (SQL LIKE, without regard to case).
create function monitoring.match_model_prices(p_model_key text)
returns bigint[]
language sql stable parallel safe
set search_path = ''
as $$
  select coalesce(array_agg(p.id order by p.id), '{}'::bigint[])
  from monitoring.model_prices p
  where lower(p_model_key) like lower(p.model_pattern)
$$;

comment on function monitoring.match_model_prices(text) is
  'Ids of every model_prices row whose model_pattern matches the model (LIKE, case-insensitive), in id order; empty when none. model_price_matches caches it.';

-- Remembers a model name's matches (called by the pricing trigger on a miss).
create function monitoring.remember_model_prices(p_model_key text)
returns bigint[]
language plpgsql
set search_path = ''
as $$
declare
  v_ids bigint[];
begin
  -- Never wait (an ingest must not queue behind another transaction): when a price change holds the
  -- cache exclusively, or another open transaction is remembering this same name (it holds the
  -- name's lock to its end, and its uncommitted row would make the insert below wait for it), the
  -- name is not remembered now; monitoring.price_for matches it by LIKE on a miss, so the price is
  -- the same, and a later insert remembers it.
  if not pg_catalog.pg_try_advisory_xact_lock_shared(monitoring.model_price_matches_lock_key())
     or not pg_catalog.pg_try_advisory_xact_lock(73420180, pg_catalog.hashtext(lower(p_model_key))) then
    return null;
  end if;
  insert into monitoring.model_price_matches (model_key, price_ids)
  values (lower(p_model_key), monitoring.match_model_prices(p_model_key))
  on conflict (model_key) do nothing;
  select m.price_ids into v_ids from monitoring.model_price_matches m where m.model_key = lower(p_model_key);
  return v_ids;
end
$$;

comment on function monitoring.remember_model_prices(text) is
  'Adds a model name to model_price_matches (under the shared cache lock and the name''s own lock, both to the end of the transaction) and returns its price ids; returns NULL without waiting when either lock is taken (price_for then matches by LIKE).';

-- Any change to model_prices recomputes every remembered name.
create function monitoring.model_prices_refresh_matches()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform pg_advisory_xact_lock(monitoring.model_price_matches_lock_key());
  update monitoring.model_price_matches m
     set price_ids = monitoring.match_model_prices(m.model_key),
         matched_at = now()
   where m.price_ids is distinct from monitoring.match_model_prices(m.model_key);
  return null;
end
$$;

comment on function monitoring.model_prices_refresh_matches() is
  'Statement trigger on model_prices: recomputes model_price_matches for every remembered model name, under the exclusive cache lock.';

create trigger model_prices_refresh_matches
  after insert or update or delete or truncate on monitoring.model_prices
  for each statement execute function monitoring.model_prices_refresh_matches();

revoke all on function monitoring.model_price_matches_lock_key() from public, anon, authenticated;
revoke all on function monitoring.match_model_prices(text) from public, anon, authenticated;
revoke all on function monitoring.remember_model_prices(text) from public, anon, authenticated;
revoke all on function monitoring.model_prices_refresh_matches() from public, anon, authenticated;
grant execute on function monitoring.model_price_matches_lock_key() to service_role;
grant execute on function monitoring.match_model_prices(text) to service_role;
grant execute on function monitoring.remember_model_prices(text) to service_role;
grant execute on function monitoring.model_prices_refresh_matches() to service_role;
