-- Retention for the per-entity rollups (issues 16 and 17): monitoring.usage_entity_15m and
-- monitoring.usage_entity_daily are read by budgets only (check_budget, budget_status and the
-- views, notifications, the dashboard and the report, all for a current period), yet they were
-- kept forever and they are large: with traffic where most events are a new (user, model, app)
-- in their 15-minute bucket, about three rows per event, twice the disk of the events and their
-- keys (npm run bench, budgets section).
--
-- Now retention_settings has the kind usage_entity_rollups (default 35 days), and
-- monitoring.apply_retention() (the daily job) deletes, in bounded batches, the rows of both
-- tables older than monitoring.entity_rollup_cutoff(): now - the longest of that keep, 33 days
-- (a calendar month in any time zone, and the period's first partial UTC day) and the longest
-- rolling budget period plus a day. A row older than that cutoff is outside every period any
-- budget can read, so no budget's spend changes; lowering the keep cannot break a budget.
-- A new or changed budget whose rolling period reaches before what is kept is refused with a
-- clear error (its first periods would count rows already deleted): raise the keep first.
-- (A cost correction by reprice for events older than the cutoff re-adds a difference row there;
-- no budget reads it and the next run deletes it.)
--
-- apply_retention itself is kept: renamed monitoring.apply_event_retention (its body, grants and
-- comment unchanged), and a new apply_retention of the same signature calls it and then prunes
-- the entity rollups, so the daily job's command and every caller stay as they are.

alter table monitoring.retention_settings drop constraint retention_settings_kind_known;
alter table monitoring.retention_settings add constraint retention_settings_kind_known check (
  kind in ('usage_events', 'health_checks', 'notifications', 'cron_job_run_details', 'net_http_response', 'reports',
           'usage_entity_rollups'));

comment on column monitoring.retention_settings.kind is
  'usage_events (raw events and their idempotency keys), health_checks, notifications (delivered ones), cron_job_run_details (Tokenwatch''s jobs), net_http_response, reports, usage_entity_rollups (the per-entity rollups budgets read: kept at least 33 days and the longest rolling budget period plus a day).';

insert into monitoring.retention_settings (kind, keep) values ('usage_entity_rollups', interval '35 days')
on conflict (kind) do nothing;

-- The instant before which no budget reads the per-entity rollups (NULL: kept forever).
create function monitoring.entity_rollup_cutoff(p_now timestamptz default now())
returns timestamptz
language sql stable
set search_path = ''
as $$
  select p_now - greatest(
    s.keep,
    interval '33 days',
    (select max(monitoring.budget_rolling_interval(b.period)) + interval '1 day' from monitoring.budgets b))
  from monitoring.retention_settings s
  where s.kind = 'usage_entity_rollups' and s.keep is not null
$$;

comment on function monitoring.entity_rollup_cutoff(timestamptz) is
  'p_now minus the longest of: retention_settings usage_entity_rollups keep, 33 days, the longest rolling budget period plus a day. Per-entity rollup rows older than this are outside every budget period and are deleted by apply_retention. NULL when the keep is NULL (kept forever).';

-- Refuses a rolling period that reaches before what is kept.
create function monitoring.budgets_check_entity_retention()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_rolling interval := monitoring.budget_rolling_interval(new.period);
  v_keep interval;
begin
  select s.keep into v_keep from monitoring.retention_settings s where s.kind = 'usage_entity_rollups';
  -- what is kept: the keep, 33 days, or longer for a rolling budget already there (an update
  -- sees its own row's old period: keeping a period is never refused)
  if v_rolling is not null and v_keep is not null
     and v_rolling + interval '1 day' > greatest(v_keep, interval '33 days',
       (select max(monitoring.budget_rolling_interval(b.period)) + interval '1 day' from monitoring.budgets b)) then
    raise exception 'monitoring.budgets: a rolling period of % reads the per-entity rollups of the last % and they are kept %: raise retention_settings usage_entity_rollups first (update monitoring.retention_settings set keep = interval ''%'' where kind = ''usage_entity_rollups'')',
      new.period, v_rolling + interval '1 day', v_keep, v_rolling + interval '1 day'
      using errcode = '22023';
  end if;
  return new;
end
$$;

comment on function monitoring.budgets_check_entity_retention() is
  'Trigger on monitoring.budgets: refuses a rolling period that reaches (plus a day) before what entity_rollup_cutoff keeps (retention_settings usage_entity_rollups, 33 days, or an existing longer rolling budget).';

create trigger budgets_entity_retention
  before insert or update of period on monitoring.budgets
  for each row execute function monitoring.budgets_check_entity_retention();

alter function monitoring.apply_retention(timestamptz, integer, integer) rename to apply_event_retention;

comment on function monitoring.apply_event_retention(timestamptz, integer, integer) is
  'Internal to apply_retention: creates usage_events partitions ahead, drops the monthly partitions past retention and deletes older rows left (events, keys, health_checks, delivered notifications, Tokenwatch''s cron.job_run_details, net._http_response, reports when kept for a time) in batches of p_batch, at most p_max_batches per kind. Returns what it did per kind; "more" = work left for the next run.';

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
  v_result jsonb := monitoring.apply_event_retention(p_now, p_batch, p_max_batches);
  v_cutoff timestamptz := monitoring.entity_rollup_cutoff(p_now);
  v_15m bigint;
  v_daily bigint;
begin
  if v_cutoff is not null then
    v_15m := monitoring.retention_delete_batches(
      'delete from monitoring.usage_entity_15m where ctid = any(array(select r.ctid from monitoring.usage_entity_15m r where r.bucket < %L limit %s))',
      v_cutoff, p_batch, p_max_batches);
    -- a period reads a daily row only when the whole UTC day lies inside it, so a day that
    -- starts before the cutoff is never read
    v_daily := monitoring.retention_delete_batches(
      'delete from monitoring.usage_entity_daily where ctid = any(array(select r.ctid from monitoring.usage_entity_daily r where r.day < %L limit %s))',
      v_cutoff, p_batch, p_max_batches);
    v_result := v_result || jsonb_build_object('usage_entity_rollups', jsonb_build_object(
      'cutoff', v_cutoff, 'rows_deleted', abs(v_15m) + abs(v_daily), 'more', v_15m < 0 or v_daily < 0));
  end if;
  return v_result;
end
$$;

comment on function monitoring.apply_retention(timestamptz, integer, integer) is
  'Daily housekeeping by monitoring.retention_settings: creates usage_events partitions ahead, drops the monthly partitions past retention and deletes older rows left (events, keys, health_checks, delivered notifications, Tokenwatch''s cron.job_run_details, net._http_response, reports when kept for a time, the per-entity rollups before entity_rollup_cutoff) in batches of p_batch, at most p_max_batches per kind. The hourly rollups are kept. Returns what it did per kind; "more" = work left for the next run.';

revoke all on function monitoring.apply_retention(timestamptz, integer, integer), monitoring.entity_rollup_cutoff(timestamptz),
  monitoring.budgets_check_entity_retention() from public, anon, authenticated;
grant execute on function monitoring.apply_retention(timestamptz, integer, integer), monitoring.entity_rollup_cutoff(timestamptz)
  to service_role;
