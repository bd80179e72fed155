-- monitoring.dashboard_sessions: the generation of the dashboard's sign-in sessions.
--
-- A dashboard session cookie carries an expiry and HMAC-SHA256(key, context, generation,
-- expiry) (shared/dashboard/session.ts). The dashboard function reads the current generation
-- (one query per page view that presents a cookie) and refuses a cookie made for another one.
-- Signing out adds one to the generation, so every cookie issued before is refused at once (401)
-- instead of working until it expires (12 h). The dashboard key is shared, not personal: signing
-- out ends every dashboard session, in every browser.
--
-- One row only (the `singleton` key can only be true). No function is needed: the function's
-- database role reads and updates the row directly (`update … set generation = generation + 1
-- … returning generation` is atomic).

create table monitoring.dashboard_sessions (
  singleton boolean primary key default true,
  generation bigint not null default 0,
  ended_at timestamptz,
  constraint dashboard_sessions_one_row check (singleton),
  constraint dashboard_sessions_generation_not_negative check (generation >= 0)
);

insert into monitoring.dashboard_sessions (singleton, generation) values (true, 0);

comment on table monitoring.dashboard_sessions is
  'Dashboard sign-in sessions (one row): a session cookie is valid only for the current generation; signing out adds one, which ends every session issued before.';
comment on column monitoring.dashboard_sessions.singleton is 'Always true: the table holds one row.';
comment on column monitoring.dashboard_sessions.generation is 'Current session generation, part of every session cookie''s HMAC; +1 per sign-out.';
comment on column monitoring.dashboard_sessions.ended_at is 'When the sessions were last ended (the last sign-out); NULL if never.';

alter table monitoring.dashboard_sessions enable row level security;
create policy dashboard_sessions_service_role on monitoring.dashboard_sessions
  for all to service_role using (true) with check (true);

-- service_role reads and bumps the row; it cannot add or remove rows (the defaults of this
-- schema would grant insert and delete).
revoke all on table monitoring.dashboard_sessions from public, anon, authenticated, service_role;
grant select, update on table monitoring.dashboard_sessions to service_role;
