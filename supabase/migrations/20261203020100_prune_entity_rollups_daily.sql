-- Retention for the per-entity rollups (issues 16 and 17): monitoring.usage_entity_15m and
-- monitoring.usage_entity_daily are read by budgets only (check_budget, budget_status and the
-- views, notifications, the dashboard and the report, all for a current period), yet they were
-- kept forever and they are large: with traffic where most events are a new (user, model, app)
-- in their 15-minute bucket, about three rows per event, twice the disk of the events and their
-- keys (npm run bench, budgets section).
--
-- Now retention_settings has the kind usage_entity_rollups (default 35 days), and
-- monitoring.apply_retention() (the daily job) first deletes, in bounded batches, the rows of
-- both tables older than monitoring.entity_rollup_cutoff(): the earliest of now - that keep,
-- now - 33 days (a calendar month in any time zone, with its first partial UTC day) and, for each
-- rolling budget, now - its period - a day (timestamp arithmetic, so '1 year' is a calendar
-- year). Periods only move forward, so a row older than the cutoff is outside every period any
-- budget can read now or later: no budget's spend changes, and lowering the keep cannot cut into
-- a budget. The cutoff applied is kept (retention_settings.pruned_before); a new or changed
-- budget whose rolling period would reach back before it is refused with a clear error (it
-- would count the deleted spend as zero). The settings row is the lock between the two: the
-- budgets trigger takes it FOR SHARE, apply_retention FOR UPDATE before it computes the cutoff,
-- so a budget committed meanwhile is always seen. The entity rows go before the event
-- retention, whose partition DROP locks usage_events until the end of the call.
-- (A cost correction by reprice for events older than the cutoff re-adds a difference row there;
-- no budget reads it and the next run deletes it.)
--
-- apply_retention itself is kept: renamed monitoring.apply_event_retention (its body and grants
-- unchanged; its comment now says it is internal), and a new apply_retention of the same signature prunes the entity rollups
-- and then calls it, so the daily job's command and every caller stay as they are.

alter table monitoring.retention_settings drop constraint retention_settings_kind_known;
alter table monitoring.retention_settings add constraint retention_settings_kind_known check (
  kind in ('usage_events', 'health_checks', 'notifications', 'cron_job_run_details', 'net_http_response', 'reports',
           'usage_entity_rollups'));
alter table monitoring.retention_settings add column pruned_before timestamptz;

comment on column monitoring.retention_settings.kind is
  'usage_events (raw events and their idempotency keys), health_checks, notifications (delivered ones), cron_job_run_details (Tokenwatch''s jobs), net_http_response, reports, usage_entity_rollups (the per-entity rollups budgets read: kept at least 33 days and as long as the longest rolling budget period plus a day).';
comment on column monitoring.retention_settings.pruned_before is
  'usage_entity_rollups: the cutoff apply_retention has applied (rows before it may be gone); a rolling budget reaching back before it is refused. NULL for the other kinds.';

insert into monitoring.retention_settings (kind, keep) values ('usage_entity_rollups', interval '35 days')
on conflict (kind) do nothing;

-- The instant before which no budget reads the per-entity rollups (NULL: kept forever).
create function monitoring.entity_rollup_cutoff(p_now timestamptz default now())
returns timestamptz
language sql stable
set search_path = ''
as $$
  select least(
    p_now - s.keep,
    p_now - interval '33 days',
    (select min(p_now - monitoring.budget_rolling_interval(b.period)) - interval '1 day' from monitoring.budgets b))
  from monitoring.retention_settings s
  where s.kind = 'usage_entity_rollups' and s.keep is not null
$$;

comment on function monitoring.entity_rollup_cutoff(timestamptz) is
  'The earliest of p_now - retention_settings usage_entity_rollups keep, p_now - 33 days, and p_now - each rolling budget period - 1 day. Per-entity rollup rows older than this are outside every budget period and are deleted by apply_retention. NULL when the keep is NULL (kept forever).';

-- Refuses a rolling period that would reach back before the rows retention has deleted.
create function monitoring.budgets_check_entity_retention()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_rolling interval := monitoring.budget_rolling_interval(new.period);
  v_pruned timestamptz;
  v_keep interval;
begin
  if v_rolling is null or (tg_op = 'UPDATE' and new.period = old.period) then
    return new;
  end if;
  select s.pruned_before, s.keep into v_pruned, v_keep
  from monitoring.retention_settings s where s.kind = 'usage_entity_rollups'
  for share;
  if v_pruned is not null and now() - v_rolling - interval '15 minutes' < v_pruned then
    raise exception 'monitoring.budgets: a rolling period of % reaches back to %, but the per-entity rollups before % were deleted by retention (retention_settings usage_entity_rollups keeps %), so it would count that spend as zero: use a shorter period, or create it from % on',
      new.period, now() - v_rolling - interval '15 minutes', v_pruned, coalesce(v_keep::text, 'them forever now'),
      v_pruned + v_rolling + interval '15 minutes'
      using errcode = '22023';
  end if;
  return new;
end
$$;

comment on function monitoring.budgets_check_entity_retention() is
  'Trigger on monitoring.budgets: refuses a rolling period that would reach back before retention_settings.pruned_before of usage_entity_rollups (the spend there is deleted). Takes the settings row FOR SHARE, so apply_retention sees the budget before it computes its next cutoff.';

create trigger budgets_entity_retention
  before insert or update of period on monitoring.budgets
  for each row execute function monitoring.budgets_check_entity_retention();

alter function monitoring.apply_retention(timestamptz, integer, integer) rename to apply_event_retention;

comment on function monitoring.apply_event_retention(timestamptz, integer, integer) is
  'Internal to apply_retention (which prunes the per-entity rollups first): creates usage_events partitions ahead, drops the monthly partitions past retention and deletes older rows left (events, keys, health_checks, delivered notifications, Tokenwatch''s cron.job_run_details, net._http_response, reports when kept for a time) in batches of p_batch, at most p_max_batches per kind. Returns what it did per kind; "more" = work left for the next run.';

create function monitoring.apply_retention(
  p_now timestamptz default now(),
  p_batch integer default 10000,
  p_max_batches integer default 100
)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_cutoff timestamptz;
  v_15m bigint;
  v_daily bigint;
  v_entity jsonb := '{}';
begin
  -- the lock that orders this against a budget being created (budgets_check_entity_retention)
  perform 1 from monitoring.retention_settings s where s.kind = 'usage_entity_rollups' for update;
  v_cutoff := monitoring.entity_rollup_cutoff(p_now);
  if v_cutoff is not null then
    v_15m := monitoring.retention_delete_batches(
      'delete from monitoring.usage_entity_15m where ctid = any(array(select r.ctid from monitoring.usage_entity_15m r where r.bucket < %L limit %s))',
      v_cutoff, p_batch, p_max_batches);
    -- a period reads a daily row only when the whole UTC day lies inside it, so a day that
    -- starts before the cutoff is never read
    v_daily := monitoring.retention_delete_batches(
      'delete from monitoring.usage_entity_daily where ctid = any(array(select r.ctid from monitoring.usage_entity_daily r where r.day < %L limit %s))',
      v_cutoff, p_batch, p_max_batches);
    update monitoring.retention_settings s set pruned_before = greatest(s.pruned_before, v_cutoff)
    where s.kind = 'usage_entity_rollups';
    v_entity := jsonb_build_object('usage_entity_rollups', jsonb_build_object(
      'cutoff', v_cutoff, 'rows_deleted', abs(v_15m) + abs(v_daily), 'more', v_15m < 0 or v_daily < 0));
  end if;
  return monitoring.apply_event_retention(p_now, p_batch, p_max_batches) || v_entity;
end
$$;

comment on function monitoring.apply_retention(timestamptz, integer, integer) is
  'Daily housekeeping by monitoring.retention_settings: creates usage_events partitions ahead, drops the monthly partitions past retention and deletes older rows left (events, keys, health_checks, delivered notifications, Tokenwatch''s cron.job_run_details, net._http_response, reports when kept for a time, the per-entity rollups before entity_rollup_cutoff) in batches of p_batch, at most p_max_batches per kind. The hourly rollups are kept. Returns what it did per kind; "more" = work left for the next run.';

revoke all on function monitoring.apply_retention(timestamptz, integer, integer), monitoring.entity_rollup_cutoff(timestamptz),
  monitoring.budgets_check_entity_retention() from public, anon, authenticated;
grant execute on function monitoring.apply_retention(timestamptz, integer, integer), monitoring.entity_rollup_cutoff(timestamptz)
  to service_role;
