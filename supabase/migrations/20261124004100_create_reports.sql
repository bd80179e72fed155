-- monitoring.reports: the weekly reports, one current report per ISO week (and scope).
--
-- The weekly-report Edge Function builds a report from monitoring.weekly_report_data (one
-- snapshot), renders markdown and HTML from that JSON, and stores all three here with
-- monitoring.save_weekly_report. Regenerating a week replaces its content in place:
--   generated_at    when the week's report was first generated; kept on regeneration
--   regenerated_at  when it was last regenerated (NULL if never)
--   generation      1 for the first build, +1 per regeneration
--   data_as_of      the snapshot the current content was computed from
-- A report is for all apps (app NULL) or for one app (the weekly-report `app` parameter).

create table monitoring.reports (
  id bigint generated always as identity primary key,
  week text not null,
  period_start timestamptz not null,
  period_end timestamptz not null,
  app text,
  report jsonb not null,
  markdown text not null,
  html text not null,
  data_as_of timestamptz not null,
  generated_at timestamptz not null default now(),
  regenerated_at timestamptz,
  generation integer not null default 1,
  generated_by text not null default 'api',
  constraint reports_week_label check (week ~ '^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$'),
  constraint reports_period_is_iso_week check (
    date_trunc('week', period_start at time zone 'UTC') = period_start at time zone 'UTC'
    and period_end = period_start + interval '7 days'),
  constraint reports_report_object check (jsonb_typeof(report) = 'object'),
  constraint reports_generation_positive check (generation >= 1),
  constraint reports_generated_by_known check (generated_by in ('api', 'cron', 'cli', 'start')),
  constraint reports_app_not_blank check (app is null or btrim(app) <> ''),
  constraint reports_one_per_week unique nulls not distinct (week, app)
);

create index reports_period_start_idx on monitoring.reports (period_start desc);

comment on table monitoring.reports is
  'Weekly reports (weekly-report function, pg_cron every Monday 06:00 UTC): one current report per ISO week and scope, as JSON, markdown and HTML rendered from that JSON. Regenerating replaces the content and keeps generated_at.';
comment on column monitoring.reports.id is 'Report id.';
comment on column monitoring.reports.week is 'ISO week, e.g. 2026-W47.';
comment on column monitoring.reports.period_start is 'Monday 00:00 UTC that starts the week (inclusive).';
comment on column monitoring.reports.period_end is 'The next Monday 00:00 UTC (exclusive).';
comment on column monitoring.reports.app is 'The app the report is limited to; NULL = all apps.';
comment on column monitoring.reports.report is 'The report as JSON (monitoring.weekly_report_data): every number the markdown and HTML show, at full precision.';
comment on column monitoring.reports.markdown is 'The report as markdown, rendered from report.';
comment on column monitoring.reports.html is 'The report as a self-contained HTML page, rendered from report.';
comment on column monitoring.reports.data_as_of is 'Snapshot time of the current content (report ->> data_as_of).';
comment on column monitoring.reports.generated_at is 'When this week''s report was first generated; regenerating keeps it.';
comment on column monitoring.reports.regenerated_at is 'When the content was last regenerated; NULL if never.';
comment on column monitoring.reports.generation is 'How many times this week''s report has been built (1 = never regenerated).';
comment on column monitoring.reports.generated_by is 'Who built the current content: api (a person or program), cron (the Monday job), cli (npm run monitor:report), start (npm start).';

alter table monitoring.reports enable row level security;
create policy reports_service_role on monitoring.reports
  for all to service_role using (true) with check (true);

revoke all on table monitoring.reports from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.reports to service_role;

-- Stores a built report: inserts the week's row, or replaces its content and keeps
-- generated_at. Returns the stored row.
create function monitoring.save_weekly_report(
  p_week_start timestamptz,
  p_app text,
  p_report jsonb,
  p_markdown text,
  p_html text,
  p_generated_by text default 'api'
)
returns monitoring.reports
language sql
as $$
  insert into monitoring.reports as r
    (week, period_start, period_end, app, report, markdown, html, data_as_of, generated_by)
  values (to_char(p_week_start at time zone 'UTC', 'IYYY-"W"IW'), p_week_start, p_week_start + interval '7 days',
          p_app, p_report, p_markdown, p_html, (p_report ->> 'data_as_of')::timestamptz, p_generated_by)
  on conflict (week, app) do update set
    report = excluded.report,
    markdown = excluded.markdown,
    html = excluded.html,
    data_as_of = excluded.data_as_of,
    generated_by = excluded.generated_by,
    regenerated_at = now(),
    generation = r.generation + 1
  returning r.*
$$;

comment on function monitoring.save_weekly_report(timestamptz, text, jsonb, text, text, text) is
  'Stores the weekly report of the ISO week starting p_week_start (Monday 00:00 UTC) for p_app (NULL = all apps): inserts it, or replaces the content of the existing one, keeping generated_at, setting regenerated_at and adding 1 to generation.';

-- The stored report as the JSON the weekly-report function returns: the report plus when and
-- by whom it was generated.
create function monitoring.report_json(p_report monitoring.reports)
returns jsonb
language sql stable
as $$
  select p_report.report || jsonb_build_object(
    'generated_at', p_report.generated_at,
    'regenerated_at', p_report.regenerated_at,
    'generation', p_report.generation,
    'generated_by', p_report.generated_by)
$$;

comment on function monitoring.report_json(monitoring.reports) is
  'A stored report''s JSON with generated_at, regenerated_at, generation and generated_by added.';

revoke all on function monitoring.save_weekly_report(timestamptz, text, jsonb, text, text, text) from public, anon, authenticated;
revoke all on function monitoring.report_json(monitoring.reports) from public, anon, authenticated;
grant execute on function monitoring.save_weekly_report(timestamptz, text, jsonb, text, text, text) to service_role;
grant execute on function monitoring.report_json(monitoring.reports) to service_role;
