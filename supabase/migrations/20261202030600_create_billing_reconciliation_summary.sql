-- monitoring.billing_reconciliation_summary(from, to): what the weekly report's "Billing
-- reconciliation" section and the dashboard's tracked-vs-billed chart show, as one JSON
-- document, from the reconciliation views over the UTC days [p_from, p_to):
--   available   whether any billing source is configured
--   sources     each source's name, provider, enabled, last_synced_at, last_error
--   totals      tracked and billed cost, difference, drift_pct (100 x (billed - tracked) / billed),
--               unattributed spend, coverage (least(tracked, billed) / billed)
--   providers   the same per provider
--   days        per day (all providers): tracked, billed, drift_pct  (the chart's series)
--   models      the 5 day-summed model rows with the largest |billed - tracked|, with reported and
--               tracked tokens (model NULL: costs attributable to no model)
-- Billing is organisation-wide (the providers do not know Tokenwatch's apps), so it is not
-- scoped by app. Numbers are numeric in the JSON; nothing is rounded except drift_pct (4
-- decimals) and coverage (6), as in the views.

create function monitoring.billing_reconciliation_summary(p_from date, p_to date)
returns jsonb
language sql
stable
set search_path = ''
as $$
  with d as (
    select * from monitoring.v_billing_reconciliation_daily where day >= p_from and day < p_to
  ),
  m as (
    select r.provider, r.model,
           sum(r.tracked_cost_usd) as tracked_cost_usd, sum(r.billed_cost_usd) as billed_cost_usd,
           sum(r.billed_cost_usd) - sum(r.tracked_cost_usd) as cost_difference_usd,
           sum(r.unattributed_cost_usd) as unattributed_cost_usd,
           sum(r.tracked_input_tokens + r.tracked_output_tokens)::bigint as tracked_tokens,
           sum(r.reported_input_tokens + r.reported_output_tokens)::bigint as reported_tokens
    from monitoring.v_billing_reconciliation r
    where r.day >= p_from and r.day < p_to
    group by r.provider, r.model
  ),
  totals as (
    select coalesce(sum(d.tracked_cost_usd), 0) as tracked, coalesce(sum(d.billed_cost_usd), 0) as billed,
           coalesce(sum(d.unattributed_cost_usd), 0) as unattributed
    from d
  )
  select jsonb_build_object(
    'from', p_from,
    'to', p_to,
    'available', exists (select from monitoring.billing_sources),
    'sources', coalesce((
      select jsonb_agg(jsonb_build_object('name', s.name, 'provider', s.provider, 'enabled', s.enabled,
                                          'last_synced_at', s.last_synced_at, 'last_error', s.last_error)
                       order by s.name)
      from monitoring.billing_sources s), '[]'::jsonb),
    'totals', (
      select jsonb_build_object(
        'tracked_cost_usd', t.tracked, 'billed_cost_usd', t.billed, 'cost_difference_usd', t.billed - t.tracked,
        'drift_pct', round(100 * (t.billed - t.tracked) / nullif(t.billed, 0), 4),
        'unattributed_cost_usd', t.unattributed,
        'coverage', round(least(t.tracked, t.billed) / nullif(t.billed, 0), 6))
      from totals t),
    'providers', coalesce((
      select jsonb_agg(jsonb_build_object(
               'provider', p.provider, 'tracked_cost_usd', p.tracked, 'billed_cost_usd', p.billed,
               'cost_difference_usd', p.billed - p.tracked,
               'drift_pct', round(100 * (p.billed - p.tracked) / nullif(p.billed, 0), 4),
               'unattributed_cost_usd', p.unattributed,
               'coverage', round(least(p.tracked, p.billed) / nullif(p.billed, 0), 6))
             order by p.provider)
      from (select d.provider, sum(d.tracked_cost_usd) as tracked, sum(d.billed_cost_usd) as billed,
                   sum(d.unattributed_cost_usd) as unattributed
            from d group by d.provider) p), '[]'::jsonb),
    'days', coalesce((
      select jsonb_agg(jsonb_build_object(
               'day', x.day, 'tracked_cost_usd', x.tracked, 'billed_cost_usd', x.billed,
               'drift_pct', round(100 * (x.billed - x.tracked) / nullif(x.billed, 0), 4))
             order by x.day)
      from (select d.day, sum(d.tracked_cost_usd) as tracked, sum(d.billed_cost_usd) as billed
            from d group by d.day) x), '[]'::jsonb),
    'models', coalesce((
      select jsonb_agg(to_jsonb(y) order by abs(y.cost_difference_usd) desc, y.provider, y.model nulls first)
      from (select * from m order by abs(m.cost_difference_usd) desc, m.provider, m.model nulls first limit 5) y),
      '[]'::jsonb))
$$;

comment on function monitoring.billing_reconciliation_summary(date, date) is
  'Tracked vs billed cost over UTC days [p_from, p_to) as one JSON document (sources, totals, per provider, per day, the 5 models with the largest difference): what the weekly report''s Billing reconciliation section and the dashboard''s tracked-vs-billed chart show.';

revoke all on function monitoring.billing_reconciliation_summary(date, date) from public, anon, authenticated;
grant execute on function monitoring.billing_reconciliation_summary(date, date) to service_role;
