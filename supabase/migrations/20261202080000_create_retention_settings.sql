-- monitoring.retention_settings: how long each kind of row is kept (issue 17, item 1).
--
-- One row per kind; `keep` NULL means kept forever. monitoring.apply_retention() (migration
-- 20261202080300, pg_cron job tokenwatch-retention, daily) removes what is older than `keep`:
--
--   usage_events          raw events (whole monthly partitions are dropped; the rollups keep
--                         every total for those hours) and their idempotency keys   90 days
--   health_checks         one row per check-alerts run (288 a day)                     90 days
--   notifications         delivered notifications only (pending / failed stay)         30 days
--   cron_job_run_details  pg_cron's run log, rows of Tokenwatch's jobs only           7 days
--                         (cron.job.jobname like 'tokenwatch-%')
--   net_http_response     pg_net's answers (net._http_response), when that table
--                         exists and may be cleaned (the local stand-in; hosted
--                         pg_net expires them itself after 6 hours)                  1 day
--   reports               weekly reports                                            kept (NULL)
--
-- Change a setting with an update, e.g.
--   update monitoring.retention_settings set keep = interval '400 days' where kind = 'usage_events';
-- Lowering usage_events' keep takes effect at the next daily run.

create table monitoring.retention_settings (
  kind text primary key,
  keep interval,
  updated_at timestamptz not null default now(),
  constraint retention_settings_kind_known check (
    kind in ('usage_events', 'health_checks', 'notifications', 'cron_job_run_details', 'net_http_response', 'reports')),
  constraint retention_settings_keep_positive check (keep is null or keep > interval '0')
);

comment on table monitoring.retention_settings is
  'How long each kind of row is kept; keep NULL = forever. Applied daily by monitoring.apply_retention() (pg_cron job tokenwatch-retention).';
comment on column monitoring.retention_settings.kind is
  'usage_events (raw events and their idempotency keys), health_checks, notifications (delivered ones), cron_job_run_details (Tokenwatch''s jobs), net_http_response, reports.';
comment on column monitoring.retention_settings.keep is
  'Rows older than now() - keep are removed; NULL keeps them forever.';
comment on column monitoring.retention_settings.updated_at is 'When the row was last changed.';

insert into monitoring.retention_settings (kind, keep) values
  ('usage_events', interval '90 days'),
  ('health_checks', interval '90 days'),
  ('notifications', interval '30 days'),
  ('cron_job_run_details', interval '7 days'),
  ('net_http_response', interval '1 day'),
  ('reports', null);

-- The oldest instant whose rows of p_kind are still kept (NULL: everything is kept).
create function monitoring.retention_cutoff(p_kind text, p_now timestamptz default now())
returns timestamptz
language sql stable
set search_path = ''
as $$
  select p_now - s.keep from monitoring.retention_settings s where s.kind = p_kind
$$;

comment on function monitoring.retention_cutoff(text, timestamptz) is
  'p_now minus the keep of retention_settings.kind = p_kind: rows older than this are (or will at the next daily run be) removed. NULL when kept forever.';

-- Refuses a question that needs raw events from before the raw-event retention.
create function monitoring.assert_raw_events_kept(p_from timestamptz, p_what text, p_now timestamptz default now())
returns void
language plpgsql stable
set search_path = ''
as $$
declare
  v_cutoff timestamptz := monitoring.retention_cutoff('usage_events', p_now);
begin
  if v_cutoff is not null and p_from < v_cutoff then
    raise exception '%: the range starts at %, past the retention of raw events (kept from %, retention_settings usage_events keep = %)',
      p_what, p_from, v_cutoff, (select s.keep from monitoring.retention_settings s where s.kind = 'usage_events')
      using errcode = '22023',
            hint = 'Totals for those hours are still in the rollup (usage_summary, health_metrics, usage_hourly); only raw events are gone.';
  end if;
end
$$;

comment on function monitoring.assert_raw_events_kept(timestamptz, text, timestamptz) is
  'Raises 22023 "<p_what>: ... past the retention of raw events" when p_from is older than the usage_events retention; used by drill-downs that need raw rows (reprice, top_conversations).';

alter table monitoring.retention_settings enable row level security;
create policy retention_settings_service_role on monitoring.retention_settings
  for all to service_role using (true) with check (true);
revoke all on table monitoring.retention_settings from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.retention_settings to service_role;
revoke all on function monitoring.retention_cutoff(text, timestamptz) from public, anon, authenticated;
revoke all on function monitoring.assert_raw_events_kept(timestamptz, text, timestamptz) from public, anon, authenticated;
grant execute on function monitoring.retention_cutoff(text, timestamptz) to service_role;
grant execute on function monitoring.assert_raw_events_kept(timestamptz, text, timestamptz) to service_role;
