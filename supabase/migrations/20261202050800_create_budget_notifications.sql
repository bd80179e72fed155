-- Budget notifications (issue 16): once per threshold per period per scope value.
--
-- monitoring.notify_budgets(scopes, now) evaluates budgets (all of them when scopes is NULL,
-- as the check-alerts run does; else the budgets applying to the given concrete scopes, as
-- ingest does for the scopes of a batch) and, for each threshold crossed, inserts a row in
-- monitoring.budget_notices keyed (budget_id, scope_value, period_key, threshold). That
-- unique key is the once-only guarantee: under concurrency the second insert of a key waits
-- for the first and then does nothing, so only the transaction that inserted it queues
-- messages. When several thresholds are crossed at once (a burst from 40% to 85%), each gets
-- its notice but one message is sent, for the highest. A new period has a new period_key, so
-- it starts clean.
--
-- Messages go through the existing outbox (monitoring.notifications) and its one sender, to
-- the budget's channels (budgets.channels; NULL = every enabled channel) that accept the
-- severity (WARNING below 100%, CRITICAL at 100% and above). A budget row in the outbox has
-- budget_notice_id set (alert_id and report_id NULL) and event budget_threshold; its message is
-- channel-neutral JSON: what was spent of what limit, by which models, and the forecast.

create table monitoring.budget_notices (
  id bigint generated always as identity primary key,
  budget_id bigint not null references monitoring.budgets (id) on delete cascade,
  scope_value jsonb not null,
  period_key timestamptz not null,
  threshold numeric not null,
  percent numeric not null,
  spent_usd numeric not null,
  spent_tokens bigint not null,
  created_at timestamptz not null default now(),
  constraint budget_notices_once unique (budget_id, scope_value, period_key, threshold)
);

comment on table monitoring.budget_notices is
  'One row per budget threshold crossed per period per scope value (the unique key makes each notify once, also under concurrency).';
comment on column monitoring.budget_notices.budget_id is 'The budget.';
comment on column monitoring.budget_notices.scope_value is 'The concrete scope ("*" keys resolved), e.g. {"user_id": "u1"}.';
comment on column monitoring.budget_notices.period_key is 'The period (its start; for rolling budgets the interval-long slot).';
comment on column monitoring.budget_notices.threshold is 'The threshold crossed (fraction of the limit).';
comment on column monitoring.budget_notices.percent is 'Percent of the limit when it was crossed.';
comment on column monitoring.budget_notices.spent_usd is 'Spent (USD) when it was crossed.';
comment on column monitoring.budget_notices.spent_tokens is 'Spent (tokens) when it was crossed.';
comment on column monitoring.budget_notices.created_at is 'When it was recorded.';

alter table monitoring.budget_notices enable row level security;
create policy budget_notices_service_role on monitoring.budget_notices
  for all to service_role using (true) with check (true);
revoke all on table monitoring.budget_notices from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.budget_notices to service_role;

alter table monitoring.notifications
  add column budget_notice_id bigint references monitoring.budget_notices (id) on delete cascade,
  drop constraint notifications_event_known,
  add constraint notifications_event_known check (
    event in ('opened', 'escalated', 'resolved', 'weekly_report', 'budget_threshold')),
  drop constraint notifications_about_one_thing,
  add constraint notifications_about_one_thing check (
    (alert_id is not null and report_id is null and budget_notice_id is null
       and event in ('opened', 'escalated', 'resolved') and severity is not null)
    or (report_id is not null and alert_id is null and budget_notice_id is null
       and event = 'weekly_report' and severity is null)
    or (budget_notice_id is not null and alert_id is null and report_id is null
       and event = 'budget_threshold' and severity is not null));

create index notifications_budget_notice_idx on monitoring.notifications (budget_notice_id)
  where budget_notice_id is not null;

comment on column monitoring.notifications.budget_notice_id is 'The budget threshold crossing this row announces (NULL for alerts and reports).';

-- The budgets that apply to a concrete scope and the scope value each is about: every enabled
-- budget whose keys the scope names, with matching values or "*".
create function monitoring.budgets_for_scope(p_scope jsonb)
returns table (budget_id bigint, scope_value jsonb)
language sql stable
set search_path = ''
as $$
  select b.id,
         (select coalesce(jsonb_object_agg(k.key, p_scope -> k.key), '{}'::jsonb) from jsonb_object_keys(b.scope) k(key))
  from monitoring.budgets b
  where b.enabled
    and not exists (
      select 1 from jsonb_each_text(b.scope) k
      where not (p_scope ? k.key) or (k.value <> '*' and k.value <> p_scope ->> k.key))
$$;

comment on function monitoring.budgets_for_scope(jsonb) is
  'Enabled budgets applying to a concrete scope, each with the scope value it is about (its keys, the scope''s values).';

create function monitoring.budget_money(p numeric)
returns text
language sql immutable parallel safe
set search_path = ''
as $$ select '$' || case when p is null then '-' when abs(p) >= 100 then to_char(round(p, 0), 'FM999,999,999,990')
                        else to_char(round(p, 2), 'FM999,999,990.00') end $$;

comment on function monitoring.budget_money(numeric) is 'USD for messages: $8.25, $1,234.';

-- Evaluates budgets and queues their notifications; returns how many outbox rows were queued.
create function monitoring.notify_budgets(p_scopes jsonb default null, p_now timestamptz default now())
returns integer
language plpgsql
set search_path = ''
as $$
declare
  r record;
  b monitoring.budgets;
  v_notice bigint;
  v_threshold numeric;
  v_queued integer := 0;
  v_n integer;
  v_scope_text text;
  v_by_model jsonb;
  v_message jsonb;
  v_severity text;
  v_spent_text text;
begin
  if p_scopes is not null and jsonb_typeof(p_scopes) <> 'array' then
    raise exception 'monitoring.notify_budgets: p_scopes must be a JSON array of scopes or NULL' using errcode = '22023';
  end if;
  for r in
    select s.* from monitoring.budget_status(p_now) s where p_scopes is null
    union all
    select e.*
    from (select distinct f.budget_id, f.scope_value
          from jsonb_array_elements(coalesce(p_scopes, '[]'::jsonb)) x(scope)
          cross join lateral monitoring.budgets_for_scope(x.scope) f) a
    cross join lateral monitoring.budget_evaluate(a.budget_id, a.scope_value, p_now) e
    where p_scopes is not null
  loop
    continue when r.percent is null;
    with ins as (
      insert into monitoring.budget_notices (budget_id, scope_value, period_key, threshold, percent, spent_usd, spent_tokens)
      select r.budget_id, r.scope_value, r.period_key, t, r.percent, r.spent_usd, r.spent_tokens
      from unnest(r.thresholds) t
      where r.percent >= t * 100
      order by t
      on conflict (budget_id, scope_value, period_key, threshold) do nothing
      returning id, threshold
    )
    select i.id, i.threshold into v_notice, v_threshold from ins i order by i.threshold desc limit 1;
    continue when v_notice is null;

    select * into b from monitoring.budgets x where x.id = r.budget_id;
    v_scope_text := coalesce(
      (select string_agg(j.key || '=' || j.value, ', ' order by j.key) from jsonb_each_text(r.scope_value) j),
      '');
    if v_scope_text = '' then
      v_scope_text := 'all traffic';
    end if;
    select coalesce(jsonb_agg(jsonb_build_object(
             'model', m.model, 'spent_usd', m.spent_usd, 'tokens', m.tokens, 'requests', m.requests)
             order by m.spent_usd desc, m.tokens desc), '[]'::jsonb)
      into v_by_model
    from (
      select sp.scope_value ->> 'model' as model,
             coalesce(sp.cost_usd, 0) + coalesce(b.count_unpriced_at_usd_per_mtok * sp.unpriced_tokens / 1000000.0, 0) as spent_usd,
             sp.tokens, sp.requests
      from monitoring.budget_spend(
             r.scope_value || case when r.scope_value ? 'model' then '{}'::jsonb else '{"model": "*"}'::jsonb end,
             r.period_start,
             (select p.spend_to from monitoring.budget_period(b.period, b.time_zone, p_now) p)) sp
      order by 2 desc, sp.tokens desc
      limit 3
    ) m;
    v_severity := case when v_threshold >= 1 then 'CRITICAL' else 'WARNING' end;
    v_spent_text := concat_ws(' and ',
      case when r.limit_usd is not null then
        format('%s of %s', monitoring.budget_money(r.spent_usd), monitoring.budget_money(r.limit_usd)) end,
      case when r.limit_tokens is not null then
        format('%s of %s tokens', to_char(r.spent_tokens, 'FM999,999,999,990'), to_char(r.limit_tokens, 'FM999,999,999,990')) end);
    v_message := jsonb_build_object(
      'kind', 'budget',
      'budget', r.budget,
      'scope_value', r.scope_value,
      'scope_text', v_scope_text,
      'threshold', v_threshold,
      'severity', v_severity,
      'state', r.state,
      'percent', round(r.percent, 1),
      'spent_usd', r.spent_usd,
      'limit_usd', r.limit_usd,
      'spent_tokens', r.spent_tokens,
      'limit_tokens', r.limit_tokens,
      'period', r.period,
      'time_zone', r.time_zone,
      'period_start', r.period_start,
      'period_end', r.period_end,
      'forecast_exhausted_at', r.forecast_exhausted_at,
      'unpriced_requests', r.unpriced_requests,
      'partly_unpriced', r.partly_unpriced,
      'by_model', v_by_model,
      'title', format('Budget %s: %s%% reached for %s', r.budget, round(v_threshold * 100), v_scope_text),
      'text', format('%s spent (%s%% of the limit) in the period %s to %s (%s).%s%s',
        v_spent_text, round(r.percent, 1),
        to_char(r.period_start at time zone r.time_zone, 'YYYY-MM-DD HH24:MI'),
        to_char(r.period_end at time zone r.time_zone, 'YYYY-MM-DD HH24:MI'), r.time_zone,
        case when r.forecast_exhausted_at is not null
             then format(' At this pace the limit is reached %s.',
                         to_char(r.forecast_exhausted_at at time zone r.time_zone, 'YYYY-MM-DD HH24:MI'))
             when r.state = 'exceeded' then ' The limit is reached.' else '' end,
        case when r.partly_unpriced then format(' Partly unpriced: %s requests have no known price and are not counted.', r.unpriced_requests)
             else '' end));
    insert into monitoring.notifications (budget_notice_id, channel_id, event, severity, idempotency_key, message, max_attempts)
    select v_notice, c.id, 'budget_threshold', v_severity, 'budget:' || v_notice || ':channel:' || c.id, v_message, c.max_attempts
    from monitoring.notification_channels c
    where c.enabled
      and (b.channels is null or c.name = any (b.channels))
      and (c.min_severity = 'WARNING' or v_severity = 'CRITICAL')
    order by c.id
    on conflict (idempotency_key) do nothing;
    get diagnostics v_n = row_count;
    v_queued := v_queued + v_n;
  end loop;
  return v_queued;
end
$$;

comment on function monitoring.notify_budgets(jsonb, timestamptz) is
  'Evaluates every enabled budget (p_scopes NULL) or those applying to the given concrete scopes (a JSON array), records each newly crossed threshold once per period per scope value (budget_notices) and queues one outbox message per crossing (the highest threshold crossed) for the budget''s channels. Returns the outbox rows queued.';

revoke all on function monitoring.budgets_for_scope(jsonb), monitoring.budget_money(numeric),
  monitoring.notify_budgets(jsonb, timestamptz) from public, anon, authenticated;
grant execute on function monitoring.budgets_for_scope(jsonb), monitoring.budget_money(numeric),
  monitoring.notify_budgets(jsonb, timestamptz) to service_role;
