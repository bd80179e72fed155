-- reprice(from, to, dry_run): a dry run reports per-model deltas and changes nothing; a real
-- run updates the events of the period and keeps usage_hourly equal to the events.
begin;
select plan(13);

select pg_advisory_xact_lock(monitoring.usage_rollup_lock_key());
-- the events below are from September: keep raw events forever here (reprice refuses ranges past retention)
update monitoring.retention_settings set keep = null where kind = 'usage_events';

insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
values ('openai', 'twtest-024-priced', 1, 1, '2020-01-01', true);

-- 48 events of a model without a price, one per hour on Sep 1-2, 1000 input + 500 output each;
-- 24 events of a priced model; 10 unpriced events later, outside the period repriced.
insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app)
select 'n' || g, 'twtest-024', '2026-09-01 00:30Z'::timestamptz + g * interval '1 hour', 'acme', 'twtest-024-new',
       1000, 500, 'twtest-024'
from generate_series(0, 47) g
union all
select 'p' || g, 'twtest-024', '2026-09-01 00:30Z'::timestamptz + g * interval '2 hours', 'openai', 'twtest-024-priced',
       1000, 1000, 'twtest-024'
from generate_series(0, 23) g
union all
select 'o' || g, 'twtest-024', '2026-09-05 00:30Z'::timestamptz + g * interval '1 hour', 'acme', 'twtest-024-new',
       1000, 500, 'twtest-024'
from generate_series(0, 9) g;
do $$ begin perform monitoring.refresh_usage_rollups(); end $$;
-- 2 more, stored after the rollup ran (still queued when reprice runs)
insert into monitoring.usage_events (request_id, source, occurred_at, provider, model, input_tokens, output_tokens, app)
values ('q1', 'twtest-024', '2026-09-02 10:10Z', 'acme', 'twtest-024-new', 1000, 500, 'twtest-024'),
       ('q2', 'twtest-024', '2026-09-02 11:10Z', 'acme', 'twtest-024-new', 1000, 500, 'twtest-024');

-- The price arrives: 2 USD / 1M input, 4 USD / 1M output -> 1000*2 + 500*4 = 4000 / 1e6 = 0.004 per event.
insert into monitoring.model_prices (provider, model_pattern, input_per_mtok, output_per_mtok, effective_from, custom)
values ('acme', 'twtest-024-new', 2, 4, '2020-01-01', true);

create temp table dry as select * from monitoring.reprice('2026-09-01', '2026-09-03');
select results_eq(
  $$select events, events_changed, newly_priced, newly_unpriced, old_cost_usd, new_cost_usd, delta_usd
      from dry where model = 'twtest-024-new'$$,
  $$values (50::bigint, 50::bigint, 50::bigint, 0::bigint, 0::numeric, 0.2::numeric, 0.2::numeric)$$,
  'dry run: 50 events newly priced at 0.004 each = +0.20 USD');
select results_eq(
  $$select events, events_changed, delta_usd from dry where model = 'twtest-024-priced'$$,
  $$values (24::bigint, 0::bigint, 0::numeric)$$,
  'dry run: the priced model does not change');
select is((select count(*)::int from monitoring.usage_events where model = 'twtest-024-new' and cost_usd is not null),
          0, 'dry run left the events alone');
select is((select sum(unpriced_requests)::int from monitoring.usage_hourly where model = 'twtest-024-new'),
          58, 'dry run left the rollup alone');

create temp table applied as select * from monitoring.reprice('2026-09-01', '2026-09-03', false);
select is((select delta_usd from applied where model = 'twtest-024-new'), 0.2::numeric, 'applied: the same delta');
select is((select count(*)::int from monitoring.usage_events where model = 'twtest-024-new' and cost_usd = 0.004),
          50, 'the period''s events now cost 0.004 each');
select is((select count(*)::int from monitoring.usage_events where model = 'twtest-024-new' and cost_usd is null),
          10, 'events outside the period keep their cost');

create function pg_temp.rollup_matches() returns boolean language sql as $$
  select not exists (
    (select hour, model, requests, cost_usd, unpriced_requests, unpriced_input_tokens, unpriced_output_tokens
       from monitoring.usage_hourly where app = 'twtest-024'
     except
     select date_trunc('hour', occurred_at, 'UTC'), model, count(*), coalesce(sum(cost_usd), 0),
            count(*) filter (where cost_usd is null),
            coalesce(sum(input_tokens) filter (where cost_usd is null), 0),
            coalesce(sum(output_tokens) filter (where cost_usd is null), 0)
       from monitoring.usage_events where source = 'twtest-024' group by 1, 2)
    union all
    (select date_trunc('hour', occurred_at, 'UTC'), model, count(*), coalesce(sum(cost_usd), 0),
            count(*) filter (where cost_usd is null),
            coalesce(sum(input_tokens) filter (where cost_usd is null), 0),
            coalesce(sum(output_tokens) filter (where cost_usd is null), 0)
       from monitoring.usage_events where source = 'twtest-024' group by 1, 2
     except
     select hour, model, requests, cost_usd, unpriced_requests, unpriced_input_tokens, unpriced_output_tokens
       from monitoring.usage_hourly where app = 'twtest-024'))
$$;

select ok(pg_temp.rollup_matches(), 'the rollup equals the events again (cost, unpriced requests and tokens)');
select is((monitoring.usage_summary('2026-09-01', '2026-09-03', 'twtest-024', p_model => 'twtest-024-new') ->> 'cost_usd')::numeric,
          0.2::numeric, 'usage_summary sees the new cost');

-- A corrected price: input 3 instead of 2 -> +1000 * 1 / 1e6 = +0.001 per event, 50 events = +0.05
update monitoring.model_prices set input_per_mtok = 3 where model_pattern = 'twtest-024-new';
select is((select delta_usd from monitoring.reprice('2026-09-01', '2026-09-03', false) where model = 'twtest-024-new'),
          0.05::numeric, 'a corrected price: +0.05 USD');
select ok(pg_temp.rollup_matches(), 'the rollup follows');

-- The price is withdrawn: the events become unpriced again, never 0.
delete from monitoring.model_prices where model_pattern = 'twtest-024-new';
select is((select newly_unpriced from monitoring.reprice('2026-09-01', '2026-09-03', false) where model = 'twtest-024-new'),
          50::bigint, 'withdrawn price: 50 events newly unpriced');
select ok(pg_temp.rollup_matches(), 'the rollup counts them as unpriced again');

select * from finish();
rollback;
