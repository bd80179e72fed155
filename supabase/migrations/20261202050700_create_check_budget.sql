-- Budget spend and state (issue 16): monitoring.check_budget(scope) for one concrete scope,
-- monitoring.budget_status() / v_budget_status for every budget and scope value, and the top
-- spenders per budget.
--
-- Spend in a period = the rollup for the closed part + the events not rolled up yet, read in
-- ONE statement (one snapshot), the engine's pattern: an event is either in the rollup or still
-- in monitoring.usage_rollup_queue, never both, never neither (the drain moves it in one
-- transaction). Which rollup:
--   * scope names conversation_id, else user_id, else customer_id: that entity's rows of
--     monitoring.usage_entity_daily for the whole UTC days of the period and of
--     monitoring.usage_entity_15m for the rest (periods start on 15-minute boundaries in every
--     time zone in use, so the rollups alone are exact), through the (key, day / bucket)
--     indexes, plus the queued events;
--   * otherwise (app, environment, model, prompt_variant or nothing): monitoring.usage_window_rows
--     (usage_hourly, the queue, and raw events for partial hours): exact at any instant.
-- The query is built per call (EXECUTE with the scope's values as literals) so that the
-- planner picks the entity index for the values at hand; a generic plan with optional filters
-- would scan.
--
-- State: percent = spent / limit (the tightest of limit_usd, limit_tokens) x 100;
-- exceeded at >= 100, warning from the lowest threshold, else ok. A zero limit is exceeded by
-- any spend. Unpriced requests count at count_unpriced_at_usd_per_mtok when it is set,
-- otherwise they are not counted as $0 but reported (unpriced_requests, partly_unpriced).
-- Forecast: the instant the tightest limit is reached at the pace of the period so far
-- (spent / elapsed), NULL when already exceeded, when nothing was spent, or when it would be
-- after the period's end.

-- The period holding p_now: [period_start, period_end), the range to add up ([period_start,
-- spend_to)), and period_key, which names the period for notifications (calendar: its start;
-- rolling: the start of the interval-long slot of the epoch holding p_now, so each slot can
-- notify once per threshold).
create function monitoring.budget_period(p_period text, p_time_zone text, p_now timestamptz)
returns table (period_start timestamptz, period_end timestamptz, spend_to timestamptz, period_key timestamptz)
language plpgsql stable
set search_path = ''
as $$
declare
  v_rolling interval := monitoring.budget_rolling_interval(p_period);
  v_local timestamp;
  v_start timestamp;
  v_secs numeric;
begin
  if v_rolling is null then
    v_local := p_now at time zone p_time_zone;
    v_start := date_trunc(p_period, v_local);
    period_start := v_start at time zone p_time_zone;
    period_end := (v_start + ('1 ' || p_period)::interval) at time zone p_time_zone;
    spend_to := period_end;
    period_key := period_start;
  else
    period_start := monitoring.bucket_15m(p_now - v_rolling);
    period_end := p_now;
    spend_to := monitoring.bucket_15m(p_now) + case when monitoring.bucket_15m(p_now) = p_now then interval '0' else interval '15 minutes' end;
    v_secs := extract(epoch from v_rolling);
    period_key := to_timestamp(floor(extract(epoch from p_now) / v_secs) * v_secs);
  end if;
  return next;
end
$$;

comment on function monitoring.budget_period(text, text, timestamptz) is
  'The budget period holding p_now: calendar day / week (ISO) / month from local midnight in p_time_zone, or a rolling interval ending now (from the 15-minute bucket holding now - interval). spend_to ends the range added up; period_key names the period for notifications.';

-- Spend in [p_from, p_to) per scope value of p_scope (keys with "*" are grouped, each
-- non-NULL value its own row; other keys must match). p_from and p_to are on 15-minute
-- boundaries when the scope names an entity (budget_period makes them so).
create function monitoring.budget_spend(p_scope jsonb, p_from timestamptz, p_to timestamptz)
returns table (
  scope_value jsonb, requests bigint, cost_usd numeric, tokens bigint, unpriced_requests bigint, unpriced_tokens bigint)
language plpgsql stable
set search_path = ''
as $$
declare
  v_key text;
  v_value text;
  v_where text := '';
  v_group text[] := '{}';
  v_obj text[] := '{}';
  v_sql text;
  v_entity text;
  v_day_from timestamptz;
  v_day_to timestamptz;
begin
  for v_key, v_value in
    select k.key, p_scope ->> k.key
    from unnest(monitoring.budget_scope_keys()) with ordinality k(key, n)
    where p_scope ? k.key
    order by k.n
  loop
    if v_value = '*' then
      v_obj := v_obj || format('%L, s.%I', v_key, v_key);
      v_where := v_where || format(' and %I is not null', v_key);
      v_group := v_group || format('s.%I', v_key);
    else
      v_obj := v_obj || format('%L, %L::text', v_key, v_value);
      v_where := v_where || format(' and %I = %L', v_key, v_value);
    end if;
  end loop;

  if p_scope ?| array['user_id', 'customer_id', 'conversation_id'] then
    v_entity := case when p_scope ? 'conversation_id' then 'conversation'
                     when p_scope ? 'user_id' then 'user' else 'customer' end;
    -- whole UTC days from the daily rows, the rest from the 15-minute rows
    v_day_from := date_trunc('day', p_from, 'UTC');
    if v_day_from < p_from then
      v_day_from := v_day_from + interval '1 day';
    end if;
    v_day_to := date_trunc('day', p_to, 'UTC');
    if v_day_from >= v_day_to then
      v_day_from := p_from;
      v_day_to := p_from;
    end if;
    v_sql := format($q$
      select %1$s as scope_value, sum(s.requests)::bigint, sum(s.cost_usd), sum(s.tokens)::bigint,
             sum(s.unpriced_requests)::bigint, sum(s.unpriced_tokens)::bigint
      from (
        select user_id, customer_id, conversation_id, app, environment, model, prompt_variant,
               requests, cost_usd, input_tokens + output_tokens as tokens, unpriced_requests,
               unpriced_input_tokens + unpriced_output_tokens as unpriced_tokens
        from monitoring.usage_entity_daily
        where entity = %2$L and day >= $3 and day < $4 %3$s
        union all
        select user_id, customer_id, conversation_id, app, environment, model, prompt_variant,
               requests, cost_usd, input_tokens + output_tokens, unpriced_requests,
               unpriced_input_tokens + unpriced_output_tokens
        from monitoring.usage_entity_15m
        where entity = %2$L and bucket >= $1 and bucket < $3 %3$s
        union all
        select user_id, customer_id, conversation_id, app, environment, model, prompt_variant,
               requests, cost_usd, input_tokens + output_tokens, unpriced_requests,
               unpriced_input_tokens + unpriced_output_tokens
        from monitoring.usage_entity_15m
        where entity = %2$L and bucket >= $4 and bucket < $2 %3$s
        union all
        select user_id, customer_id, conversation_id, app, environment, model, prompt_variant,
               1, coalesce(cost_usd, 0), input_tokens + output_tokens, (cost_usd is null)::int,
               case when cost_usd is null then input_tokens + output_tokens else 0 end
        from monitoring.usage_rollup_queue
        where occurred_at >= $1 and occurred_at < $2 %3$s
      ) s
      %4$s$q$,
      case when cardinality(v_obj) = 0 then '''{}''::jsonb' else 'jsonb_build_object(' || array_to_string(v_obj, ', ') || ')' end,
      v_entity, v_where,
      case when cardinality(v_group) = 0 then '' else 'group by ' || array_to_string(v_group, ', ') end);
  else
    v_sql := format($q$
      select %s as scope_value, sum(s.requests)::bigint, sum(s.cost_usd), sum(s.input_tokens + s.output_tokens)::bigint,
             sum(s.unpriced_requests)::bigint, sum(s.unpriced_input_tokens + s.unpriced_output_tokens)::bigint
      from (select * from monitoring.usage_window_rows($1, $2) where true %s) s
      %s$q$,
      case when cardinality(v_obj) = 0 then '''{}''::jsonb' else 'jsonb_build_object(' || array_to_string(v_obj, ', ') || ')' end,
      v_where,
      case when cardinality(v_group) = 0 then '' else 'group by ' || array_to_string(v_group, ', ') end);
  end if;

  return query execute v_sql using p_from, p_to, v_day_from, v_day_to;
end
$$;

comment on function monitoring.budget_spend(jsonb, timestamptz, timestamptz) is
  'Spend in [p_from, p_to) per scope value of a budget scope ("*" keys grouped): requests, priced cost, tokens (input + output), unpriced requests and their tokens. Rollup + not-yet-rolled-up events in one statement: usage_entity_daily / usage_entity_15m when the scope names a user, customer or conversation, usage_window_rows otherwise.';

-- One budget's rows: for p_scope_value (a concrete scope value of the budget), or for every
-- scope value with spend in the period when NULL (a budget without "*" always has its row).
create function monitoring.budget_evaluate(p_budget_id bigint, p_scope_value jsonb, p_now timestamptz)
returns table (
  budget_id bigint, budget text, scope_value jsonb, period_start timestamptz, period_end timestamptz,
  limit_usd numeric, spent_usd numeric, remaining_usd numeric, limit_tokens bigint, spent_tokens bigint,
  remaining_tokens bigint, percent numeric, state text, enforce boolean, requests bigint,
  unpriced_requests bigint, unpriced_tokens bigint, partly_unpriced boolean, forecast_exhausted_at timestamptz,
  period_key timestamptz, thresholds numeric[], time_zone text, period text)
language plpgsql stable
set search_path = ''
as $$
declare
  b monitoring.budgets;
  p record;
  s record;
  v_any boolean := false;
  v_elapsed numeric;
  v_pct_usd numeric;
  v_pct_tok numeric;
  v_fc_usd timestamptz;
  v_fc_tok timestamptz;
begin
  select * into b from monitoring.budgets x where x.id = p_budget_id;
  if not found then
    return;
  end if;
  select * into p from monitoring.budget_period(b.period, b.time_zone, p_now);
  for s in
    select 0 as ord, x.* from monitoring.budget_spend(coalesce(p_scope_value, b.scope), p.period_start, p.spend_to) x
    union all
    -- a budget without "*" (or a concrete scope value) has a row even when nothing was spent
    select 1, coalesce(p_scope_value, b.scope), 0, 0, 0, 0, 0
    where p_scope_value is not null or not exists (select 1 from jsonb_each_text(b.scope) j where j.value = '*')
    order by 1
  loop
    -- the zero row only when the spend query returned nothing
    continue when v_any and s.ord = 1;
    v_any := true;
    budget_id := b.id;
    budget := b.name;
    scope_value := s.scope_value;
    period_start := p.period_start;
    period_end := p.period_end;
    limit_usd := b.limit_usd;
    limit_tokens := b.limit_tokens;
    requests := coalesce(s.requests, 0);
    unpriced_requests := coalesce(s.unpriced_requests, 0);
    unpriced_tokens := coalesce(s.unpriced_tokens, 0);
    spent_usd := coalesce(s.cost_usd, 0)
      + coalesce(b.count_unpriced_at_usd_per_mtok * unpriced_tokens / 1000000.0, 0);
    spent_tokens := coalesce(s.tokens, 0);
    remaining_usd := b.limit_usd - spent_usd;
    remaining_tokens := b.limit_tokens - spent_tokens;
    v_pct_usd := case when b.limit_usd is null then null
                      when b.limit_usd = 0 then case when spent_usd > 0 then 100 else 0 end
                      else spent_usd / b.limit_usd * 100 end;
    v_pct_tok := case when b.limit_tokens is null then null
                      when b.limit_tokens = 0 then case when spent_tokens > 0 then 100 else 0 end
                      else spent_tokens::numeric / b.limit_tokens * 100 end;
    percent := greatest(v_pct_usd, v_pct_tok);
    state := case when percent >= 100 then 'exceeded'
                  when percent >= 100 * (select min(t) from unnest(b.thresholds) t) then 'warning'
                  else 'ok' end;
    enforce := b.enforce;
    partly_unpriced := unpriced_requests > 0 and b.count_unpriced_at_usd_per_mtok is null;
    -- the forecast: when the pace so far reaches each limit
    v_elapsed := extract(epoch from p_now - p.period_start);
    v_fc_usd := case when b.limit_usd > 0 and spent_usd > 0 and spent_usd < b.limit_usd and v_elapsed > 0
                     then p_now + ((b.limit_usd - spent_usd) / (spent_usd / v_elapsed)) * interval '1 second' end;
    v_fc_tok := case when b.limit_tokens > 0 and spent_tokens > 0 and spent_tokens < b.limit_tokens and v_elapsed > 0
                     then p_now + ((b.limit_tokens - spent_tokens) / (spent_tokens / v_elapsed)) * interval '1 second' end;
    forecast_exhausted_at := case when state = 'exceeded' then null else least(v_fc_usd, v_fc_tok) end;
    if forecast_exhausted_at > (case when monitoring.budget_rolling_interval(b.period) is null then p.period_end
                                     else p_now + monitoring.budget_rolling_interval(b.period) end) then
      forecast_exhausted_at := null;
    end if;
    period_key := p.period_key;
    thresholds := b.thresholds;
    time_zone := b.time_zone;
    period := b.period;
    return next;
  end loop;
end
$$;

comment on function monitoring.budget_evaluate(bigint, jsonb, timestamptz) is
  'Internal: one budget''s spend and state as of p_now, for one concrete scope value or (NULL) every scope value with spend in the period. Read check_budget, budget_status or v_budget_status.';

-- The budgets that apply to a concrete scope, e.g. {"user_id": "u1", "app": "shop"}: every
-- enabled budget whose keys the scope names, with matching values or "*".
create function monitoring.check_budget(p_scope jsonb, p_now timestamptz default now())
returns table (
  budget text, scope_value jsonb, period_start timestamptz, period_end timestamptz,
  limit_usd numeric, spent_usd numeric, remaining_usd numeric, limit_tokens bigint, spent_tokens bigint,
  percent numeric, state text, enforce boolean, unpriced_requests bigint, partly_unpriced boolean,
  forecast_exhausted_at timestamptz)
language plpgsql stable
set search_path = ''
as $$
begin
  perform monitoring.budget_scope_check(p_scope, false, 'monitoring.check_budget');
  return query
  select e.budget, e.scope_value, e.period_start, e.period_end, e.limit_usd, e.spent_usd, e.remaining_usd,
         e.limit_tokens, e.spent_tokens, e.percent, e.state, e.enforce, e.unpriced_requests, e.partly_unpriced,
         e.forecast_exhausted_at
  from monitoring.budgets b
  cross join lateral monitoring.budget_evaluate(
    b.id,
    (select coalesce(jsonb_object_agg(k.key, p_scope -> k.key), '{}'::jsonb) from jsonb_object_keys(b.scope) k(key)),
    p_now) e
  where b.enabled
    and not exists (
      select 1 from jsonb_each_text(b.scope) k
      where not (p_scope ? k.key) or (k.value <> '*' and k.value <> p_scope ->> k.key))
  order by b.name;
end
$$;

comment on function monitoring.check_budget(jsonb, timestamptz) is
  'Every enabled budget that applies to a concrete scope (e.g. {"user_id": "u1", "app": "shop"}; keys among budget_scope_keys, string values) with its limit, spent, remaining, percent, state (ok | warning | exceeded), period and forecast as of p_now. Raises 22023 naming a bad key.';

-- Every enabled budget and scope value with spend in the current period (a budget without "*"
-- always has its row).
create function monitoring.budget_status(p_now timestamptz default now())
returns table (
  budget_id bigint, budget text, scope_value jsonb, period_start timestamptz, period_end timestamptz,
  limit_usd numeric, spent_usd numeric, remaining_usd numeric, limit_tokens bigint, spent_tokens bigint,
  remaining_tokens bigint, percent numeric, state text, enforce boolean, requests bigint,
  unpriced_requests bigint, unpriced_tokens bigint, partly_unpriced boolean, forecast_exhausted_at timestamptz,
  period_key timestamptz, thresholds numeric[], time_zone text, period text)
language sql stable
set search_path = ''
as $$
  select e.*
  from monitoring.budgets b
  cross join lateral monitoring.budget_evaluate(b.id, null, p_now) e
  where b.enabled
  order by b.name, e.percent desc nulls last, e.scope_value::text
$$;

comment on function monitoring.budget_status(timestamptz) is
  'Every enabled budget and scope value (each "*" value with spend in the period) with spend and state as of p_now.';

create view monitoring.v_budget_status with (security_invoker = true) as
  select s.budget, s.scope_value, s.period, s.time_zone, s.period_start, s.period_end, s.limit_usd, s.spent_usd,
         s.remaining_usd, s.limit_tokens, s.spent_tokens, s.remaining_tokens, s.percent, s.state, s.enforce,
         s.requests, s.unpriced_requests, s.partly_unpriced, s.forecast_exhausted_at
  from monitoring.budget_status(now()) s;

comment on view monitoring.v_budget_status is
  'Every enabled budget and scope value with its spend and state in the current period (ok | warning | exceeded, partly_unpriced when unpriced requests are listed, not counted).';

create view monitoring.v_budget_top_spenders with (security_invoker = true) as
  select r.budget, r.rank, r.scope_value, r.period_start, r.period_end, r.spent_usd, r.spent_tokens, r.percent,
         r.state
  from (
    select s.*, row_number() over (partition by s.budget order by s.spent_usd desc, s.spent_tokens desc, s.scope_value::text) as rank
    from monitoring.budget_status(now()) s
  ) r
  where r.rank <= 10;

comment on view monitoring.v_budget_top_spenders is
  'Per budget, the 10 scope values (users, customers, conversations, ...) that spent most in the current period.';

revoke all on function monitoring.budget_period(text, text, timestamptz),
  monitoring.budget_spend(jsonb, timestamptz, timestamptz), monitoring.budget_evaluate(bigint, jsonb, timestamptz),
  monitoring.check_budget(jsonb, timestamptz), monitoring.budget_status(timestamptz)
  from public, anon, authenticated;
grant execute on function monitoring.budget_period(text, text, timestamptz),
  monitoring.budget_spend(jsonb, timestamptz, timestamptz), monitoring.budget_evaluate(bigint, jsonb, timestamptz),
  monitoring.check_budget(jsonb, timestamptz), monitoring.budget_status(timestamptz)
  to service_role;
revoke all on monitoring.v_budget_status, monitoring.v_budget_top_spenders from public, anon, authenticated;
grant select on monitoring.v_budget_status, monitoring.v_budget_top_spenders to service_role;
