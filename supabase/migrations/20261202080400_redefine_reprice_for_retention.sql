-- Redefines monitoring.reprice (from 20261124001500_create_reprice.sql, search_path pinned by
-- 20261201040000) for retention (issue 17). The one change: after the argument check it calls
-- monitoring.assert_raw_events_kept(p_from, 'reprice'), so a range that starts before the raw
-- events kept (retention_settings usage_events) is refused with a clear error (22023) instead
-- of repricing only the events left and leaving the rollup's older hours at their old cost.
-- Everything else is the current definition (20261202020600: each event priced at its own
-- service tier), unchanged.

create or replace function monitoring.reprice(
  p_from timestamptz,
  p_to timestamptz,
  p_dry_run boolean default true
)
returns table (
  provider text,
  model text,
  events bigint,
  events_changed bigint,
  newly_priced bigint,
  newly_unpriced bigint,
  old_cost_usd numeric,
  new_cost_usd numeric,
  delta_usd numeric
)
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
begin
  if p_from is null or p_to is null or p_to <= p_from then
    raise exception 'reprice: need p_from < p_to (got % .. %)', p_from, p_to
      using errcode = '22023';
  end if;
  -- (issue 17) raw events past retention are gone: refuse rather than reprice part of the range
  perform monitoring.assert_raw_events_kept(p_from, 'reprice');

  if not p_dry_run then
    perform pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
    perform monitoring.drain_usage_rollup_queue();
  end if;

  return query
  with c as (
    select e.id, e.provider, e.model, e.app, e.environment, e.prompt_variant, e.status, e.error_type,
           date_trunc('hour', e.occurred_at, 'UTC') as hour,
           e.input_tokens, e.output_tokens,
           e.cost_usd as old_cost,
           monitoring.event_cost(e.model, e.occurred_at, e.input_tokens, e.output_tokens,
                                 e.cache_read_tokens, e.cache_write_tokens, e.cache_write_1h_tokens,
                                 e.service_tier) as new_cost
    from monitoring.usage_events e
    where e.occurred_at >= p_from and e.occurred_at < p_to
  ), changed as (
    select c.* from c where c.old_cost is distinct from c.new_cost
  ), upd as (
    update monitoring.usage_events e
       set cost_usd = ch.new_cost
      from changed ch
     where not p_dry_run and e.id = ch.id
    returning e.id
  ), deltas as (
    select ch.hour, ch.provider, ch.model, ch.app, ch.environment, ch.prompt_variant, ch.status, ch.error_type,
           sum(coalesce(ch.new_cost, 0) - coalesce(ch.old_cost, 0)) as d_cost,
           sum((ch.new_cost is null)::int - (ch.old_cost is null)::int) as d_unpriced,
           sum(((ch.new_cost is null)::int - (ch.old_cost is null)::int) * ch.input_tokens::bigint) as d_unpriced_input,
           sum(((ch.new_cost is null)::int - (ch.old_cost is null)::int) * ch.output_tokens::bigint) as d_unpriced_output
    from changed ch
    where not p_dry_run
    group by 1, 2, 3, 4, 5, 6, 7, 8
  ), fix as (
    update monitoring.usage_hourly h
       set cost_usd = h.cost_usd + d.d_cost,
           unpriced_requests = h.unpriced_requests + d.d_unpriced,
           unpriced_input_tokens = h.unpriced_input_tokens + d.d_unpriced_input,
           unpriced_output_tokens = h.unpriced_output_tokens + d.d_unpriced_output,
           updated_at = now()
      from deltas d
     where h.hour = d.hour
       and h.provider = d.provider
       and h.model = d.model
       and h.app is not distinct from d.app
       and h.environment is not distinct from d.environment
       and h.prompt_variant is not distinct from d.prompt_variant
       and h.status = d.status
       and h.error_type is not distinct from d.error_type
    returning 1
  ), applied as (
    select (select count(*) from upd) as n_upd, (select count(*) from fix) as n_fix
  )
  select c.provider, c.model,
         count(*)::bigint as events,
         count(*) filter (where c.old_cost is distinct from c.new_cost)::bigint as events_changed,
         count(*) filter (where c.old_cost is null and c.new_cost is not null)::bigint as newly_priced,
         count(*) filter (where c.old_cost is not null and c.new_cost is null)::bigint as newly_unpriced,
         coalesce(sum(c.old_cost), 0) as old_cost_usd,
         coalesce(sum(c.new_cost), 0) as new_cost_usd,
         coalesce(sum(c.new_cost), 0) - coalesce(sum(c.old_cost), 0) as delta_usd
  from c, applied
  group by c.provider, c.model
  order by abs(coalesce(sum(c.new_cost), 0) - coalesce(sum(c.old_cost), 0)) desc, c.provider, c.model;
end
$$;

comment on function monitoring.reprice(timestamptz, timestamptz, boolean) is
  'Recomputes cost_usd of events that occurred in [p_from, p_to) with the current model_prices. Returns per provider/model: events, events_changed, newly_priced, newly_unpriced, old/new cost (priced events only) and delta. Dry run by default; p_dry_run => false updates the events and corrects usage_hourly in the same transaction.';

revoke all on function monitoring.reprice(timestamptz, timestamptz, boolean) from public, anon, authenticated;
grant execute on function monitoring.reprice(timestamptz, timestamptz, boolean) to service_role;
