-- monitoring.budget_spend redefined for issue 17 ("windows that end inside an hour"): a scope
-- without a user, customer or conversation sums monitoring.usage_window_totals (20261203030000),
-- the period already summed per rollup key (app, environment, model and prompt_variant, the
-- keys such a scope may name, are columns of it), instead of monitoring.usage_window_rows (one
-- row per raw event of the partial hour at the period's end: the month-to-date spend of one app
-- read ~42,000 events at 1M events a day). Starts from 20261202050700; that FROM line is the
-- only change (search_path = '' restated as there).

create or replace function monitoring.budget_spend(p_scope jsonb, p_from timestamptz, p_to timestamptz)
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
      from (select * from monitoring.usage_window_totals($1, $2) where true %s) s
      %s$q$,
      case when cardinality(v_obj) = 0 then '''{}''::jsonb' else 'jsonb_build_object(' || array_to_string(v_obj, ', ') || ')' end,
      v_where,
      case when cardinality(v_group) = 0 then '' else 'group by ' || array_to_string(v_group, ', ') end);
  end if;

  return query execute v_sql using p_from, p_to, v_day_from, v_day_to;
end
$$;

