-- monitoring.apply_retention(): the daily housekeeping (issue 17, items 1 and 2).
--
-- Once a day (pg_cron job tokenwatch-retention, 03:17 UTC) it:
--   1. creates the usage_events partitions for this month and the next three;
--   2. usage_events: DROPs every monthly partition that lies wholly before the cutoff
--      (now() - retention_settings.keep: a catalog change, seconds whatever the size), then
--      deletes the few rows older than the cutoff left in the partition that straddles it and
--      in the default partition (their idempotency keys go with them, by trigger), then prunes
--      usage_event_keys older than the cutoff (the keys of the dropped partitions). The
--      rollups (usage_hourly, tool_usage_hourly) are never touched: every total for those
--      hours stays, and usage_summary / health_metrics over whole hours answer from them;
--   3. health_checks older than their keep; delivered notifications older than theirs
--      (pending and failed ones stay); cron.job_run_details of Tokenwatch's own jobs
--      (cron.job.jobname like 'tokenwatch-%'; other jobs' history is not ours to remove);
--      net._http_response when it exists and may be cleaned; reports when a keep is set.
-- Deletes run in batches of p_batch rows, at most p_max_batches per kind per call, each batch
-- a short index-range delete, so no call holds many row locks or rewrites a table; what is
-- left over (reported as "more") is removed by the next day's run.
--
-- p_now is the clock (tests pass their own). Returns what was done, per kind.

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
  v_result jsonb := '{}';
  v_dropped text[] := '{}';
  v_rows bigint;
  v_total bigint;
  v_more boolean;
  v_upper timestamptz;
  v_batches integer;
  r record;
begin
  if p_batch is null or p_batch < 1 or p_max_batches is null or p_max_batches < 1 then
    raise exception 'apply_retention: need p_batch >= 1 and p_max_batches >= 1 (got %, %)', p_batch, p_max_batches
      using errcode = '22023';
  end if;

  v_result := v_result || jsonb_build_object('partitions_created',
    monitoring.ensure_usage_events_partitions(p_now, 3));

  -- usage_events -------------------------------------------------------------------------
  v_cutoff := monitoring.retention_cutoff('usage_events', p_now);
  if v_cutoff is not null then
    for r in
      select c.oid::regclass as part, pg_catalog.pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'monitoring.usage_events'::regclass
      order by c.relname
    loop
      continue when r.bound = 'DEFAULT';
      v_upper := (regexp_match(r.bound, 'TO \(''([^'']+)''\)'))[1]::timestamptz;
      if v_upper <= v_cutoff then
        v_dropped := v_dropped || r.part::text;
        execute pg_catalog.format('drop table %s', r.part);
      end if;
    end loop;

    v_total := 0; v_batches := 0;
    loop
      with doomed as (
        select e.id, e.occurred_at from monitoring.usage_events e
        where e.occurred_at < v_cutoff
        limit p_batch
      )
      delete from monitoring.usage_events e using doomed d
      where e.id = d.id and e.occurred_at = d.occurred_at;
      get diagnostics v_rows = row_count;
      v_total := v_total + v_rows; v_batches := v_batches + 1;
      exit when v_rows < p_batch or v_batches >= p_max_batches;
    end loop;
    v_more := v_rows = p_batch;

    v_rows := monitoring.retention_delete_batches(
      'delete from monitoring.usage_event_keys where ctid = any(array(select k.ctid from monitoring.usage_event_keys k where k.occurred_at < %L limit %s))',
      v_cutoff, p_batch, p_max_batches);
    v_result := v_result || jsonb_build_object('usage_events', jsonb_build_object(
      'cutoff', v_cutoff, 'partitions_dropped', to_jsonb(v_dropped), 'rows_deleted', v_total,
      'keys_deleted', abs(v_rows), 'more', v_more or v_rows < 0));
  end if;

  -- housekeeping ---------------------------------------------------------------------------
  v_cutoff := monitoring.retention_cutoff('health_checks', p_now);
  if v_cutoff is not null and pg_catalog.to_regclass('monitoring.health_checks') is not null then
    v_rows := monitoring.retention_delete_batches(
      'delete from monitoring.health_checks where id = any(array(select h.id from monitoring.health_checks h where h.checked_at < %L order by h.checked_at limit %s))',
      v_cutoff, p_batch, p_max_batches);
    v_result := v_result || jsonb_build_object('health_checks', jsonb_build_object('cutoff', v_cutoff, 'rows_deleted', abs(v_rows), 'more', v_rows < 0));
  end if;

  v_cutoff := monitoring.retention_cutoff('notifications', p_now);
  if v_cutoff is not null and pg_catalog.to_regclass('monitoring.notifications') is not null then
    v_rows := monitoring.retention_delete_batches(
      'delete from monitoring.notifications where id = any(array(select n.id from monitoring.notifications n where n.status = ''delivered'' and n.delivered_at < %L limit %s))',
      v_cutoff, p_batch, p_max_batches);
    v_result := v_result || jsonb_build_object('notifications', jsonb_build_object('cutoff', v_cutoff, 'rows_deleted', abs(v_rows), 'more', v_rows < 0));
  end if;

  v_cutoff := monitoring.retention_cutoff('reports', p_now);
  if v_cutoff is not null and pg_catalog.to_regclass('monitoring.reports') is not null then
    v_rows := monitoring.retention_delete_batches(
      'delete from monitoring.reports where id = any(array(select x.id from monitoring.reports x where x.period_end < %L limit %s))',
      v_cutoff, p_batch, p_max_batches);
    v_result := v_result || jsonb_build_object('reports', jsonb_build_object('cutoff', v_cutoff, 'rows_deleted', abs(v_rows), 'more', v_rows < 0));
  end if;

  v_cutoff := monitoring.retention_cutoff('cron_job_run_details', p_now);
  if v_cutoff is not null and pg_catalog.to_regclass('cron.job_run_details') is not null
     and pg_catalog.has_table_privilege('cron.job_run_details', 'DELETE') then
    v_rows := monitoring.retention_delete_batches(
      'delete from cron.job_run_details where runid = any(array(select d.runid from cron.job_run_details d '
      'where d.jobid in (select j.jobid from cron.job j where j.jobname like ''tokenwatch-%%'') '
      'and coalesce(d.end_time, d.start_time) < %L limit %s))',
      v_cutoff, p_batch, p_max_batches);
    v_result := v_result || jsonb_build_object('cron_job_run_details', jsonb_build_object('cutoff', v_cutoff, 'rows_deleted', abs(v_rows), 'more', v_rows < 0));
  end if;

  v_cutoff := monitoring.retention_cutoff('net_http_response', p_now);
  if v_cutoff is not null and pg_catalog.to_regclass('net._http_response') is not null
     and pg_catalog.has_table_privilege('net._http_response', 'DELETE') then
    v_rows := monitoring.retention_delete_batches(
      'delete from net._http_response where ctid = any(array(select r.ctid from net._http_response r where r.created < %L limit %s))',
      v_cutoff, p_batch, p_max_batches);
    v_result := v_result || jsonb_build_object('net_http_response', jsonb_build_object('cutoff', v_cutoff, 'rows_deleted', abs(v_rows), 'more', v_rows < 0));
  end if;

  return v_result;
end
$$;

comment on function monitoring.apply_retention(timestamptz, integer, integer) is
  'Daily housekeeping by monitoring.retention_settings: creates usage_events partitions ahead, drops the monthly partitions past retention and deletes older rows left (events, keys, health_checks, delivered notifications, Tokenwatch''s cron.job_run_details, net._http_response, reports when kept for a time) in batches of p_batch, at most p_max_batches per kind. The rollups are kept. Returns what it did per kind; "more" = work left for the next run.';

-- Runs p_delete (a format() string with %L = cutoff and %s = batch size) until a batch comes
-- back short or p_max_batches ran. Returns the rows deleted, negated when work is left.
create function monitoring.retention_delete_batches(
  p_delete text, p_cutoff timestamptz, p_batch integer, p_max_batches integer
)
returns bigint
language plpgsql
set search_path = ''
as $$
declare
  v_rows bigint;
  v_total bigint := 0;
begin
  for i in 1 .. p_max_batches loop
    execute pg_catalog.format(p_delete, p_cutoff, p_batch);
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;
    if v_rows < p_batch then
      return v_total;
    end if;
  end loop;
  return -v_total;
end
$$;

comment on function monitoring.retention_delete_batches(text, timestamptz, integer, integer) is
  'Internal to apply_retention: repeats one bounded delete until it comes back short or p_max_batches ran; the rows deleted, negated when more are left.';

revoke all on function monitoring.apply_retention(timestamptz, integer, integer) from public, anon, authenticated;
revoke all on function monitoring.retention_delete_batches(text, timestamptz, integer, integer) from public, anon, authenticated;
grant execute on function monitoring.apply_retention(timestamptz, integer, integer) to service_role;
grant execute on function monitoring.retention_delete_batches(text, timestamptz, integer, integer) to service_role;

-- Daily at 03:17 UTC (pg_cron 1.4: cron syntax; scheduling by name replaces a job of that name).
select cron.schedule('tokenwatch-retention', '17 3 * * *', $$select monitoring.apply_retention()$$);
