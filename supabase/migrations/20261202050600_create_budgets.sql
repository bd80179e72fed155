-- monitoring.budgets: spending caps per app, user, customer, conversation (issue 16).
--
--   scope      a JSON object over the keys app, environment, user_id, customer_id,
--              conversation_id, model, prompt_variant; each value is a string that must match,
--              or "*": every distinct value gets its own budget (e.g. {"user_id": "*"} is
--              "every user"; {"app": "shop", "user_id": "*"} is every user of the shop app).
--              {} is all traffic.
--   period     day | week (ISO, starting Monday) | month, starting at local midnight in
--              time_zone, or a rolling interval ('24 hours', '7 days'): the last interval up
--              to now, counted in whole 15-minute buckets (it starts at the bucket holding
--              now - interval, so it may count up to 15 minutes more, never less).
--   time_zone  an IANA name (pg_timezone_names), default UTC.
--   limit_usd / limit_tokens   at least one; tokens are input + output (cache and reasoning
--              included, as usage_events counts them).
--   thresholds fractions of the limit that warn (default 50%, 80%, 100%); each crossing sends
--              one notification per period per scope value.
--   count_unpriced_at_usd_per_mtok   requests of models with no known price count at this
--              USD per million (input + output) tokens; NULL: they are not counted as $0 but
--              reported separately (unpriced_requests, "partly unpriced").
--   enforce    a hard budget: clients may refuse calls while it is exceeded.
--   channels   names of monitoring.notification_channels to notify; NULL: every enabled one.
--
-- Validated by a trigger with messages that name the column and the problem (a CHECK
-- constraint can only say its own name, and a time zone name is not an immutable fact).

create table monitoring.budgets (
  id bigint generated always as identity primary key,
  name text not null unique,
  scope jsonb not null default '{}'::jsonb,
  period text not null default 'month',
  time_zone text not null default 'UTC',
  limit_usd numeric,
  limit_tokens bigint,
  thresholds numeric[] not null default '{0.5,0.8,1.0}',
  count_unpriced_at_usd_per_mtok numeric,
  enabled boolean not null default true,
  enforce boolean not null default false,
  channels text[],
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table monitoring.budgets is
  'Spending caps: a scope (app, environment, user_id, customer_id, conversation_id, model, prompt_variant; "*" = each value its own budget), a period (day, week, month in time_zone, or a rolling interval), a USD and/or token limit, warning thresholds and channels. Read by monitoring.check_budget and v_budget_status.';
comment on column monitoring.budgets.name is 'Unique name, e.g. per-user-monthly.';
comment on column monitoring.budgets.scope is 'JSON object over app, environment, user_id, customer_id, conversation_id, model, prompt_variant: a string to match or "*" (each distinct value gets its own budget); {} = all traffic.';
comment on column monitoring.budgets.period is 'day, week (ISO, Monday), month (calendar, in time_zone), or a rolling interval such as 24 hours (counted in whole 15-minute buckets).';
comment on column monitoring.budgets.time_zone is 'IANA time zone the day / week / month starts in (local midnight); default UTC.';
comment on column monitoring.budgets.limit_usd is 'Limit in USD per period (NULL: none). At least one of limit_usd, limit_tokens.';
comment on column monitoring.budgets.limit_tokens is 'Limit in tokens (input + output) per period (NULL: none).';
comment on column monitoring.budgets.thresholds is 'Fractions of the limit that notify once per period per scope value; default {0.5,0.8,1.0}. State is warning from the lowest, exceeded at 1.';
comment on column monitoring.budgets.count_unpriced_at_usd_per_mtok is 'Fallback price (USD per 1M input + output tokens) for requests with no known price; NULL: such requests are listed as unpriced, never counted as $0.';
comment on column monitoring.budgets.enabled is 'Disabled budgets are not checked.';
comment on column monitoring.budgets.enforce is 'A hard budget: the client may refuse calls while it is exceeded (enforceBudgets).';
comment on column monitoring.budgets.channels is 'notification_channels names to notify; NULL: every enabled channel.';
comment on column monitoring.budgets.created_at is 'When the budget was created.';
comment on column monitoring.budgets.updated_at is 'When the budget was last changed.';

-- The scope keys a budget (and monitoring.check_budget) understands, in display order.
create function monitoring.budget_scope_keys()
returns text[]
language sql immutable parallel safe
set search_path = ''
as $$ select array['app', 'environment', 'user_id', 'customer_id', 'conversation_id', 'model', 'prompt_variant'] $$;

comment on function monitoring.budget_scope_keys() is
  'The dimensions a budget scope may name: app, environment, user_id, customer_id, conversation_id, model, prompt_variant.';

-- Raises a clear error (22023) when p_scope is not an object of known keys with string values.
-- p_allow_star: budgets may use "*", a concrete scope (check_budget) may not.
create function monitoring.budget_scope_check(p_scope jsonb, p_allow_star boolean, p_what text)
returns void
language plpgsql immutable
set search_path = ''
as $$
declare
  v_key text;
  v_value jsonb;
begin
  if p_scope is null or jsonb_typeof(p_scope) <> 'object' then
    raise exception '%: scope must be a JSON object, got %', p_what, coalesce(jsonb_typeof(p_scope), 'null')
      using errcode = '22023';
  end if;
  for v_key, v_value in select j.key, j.value from jsonb_each(p_scope) j loop
    if not v_key = any (monitoring.budget_scope_keys()) then
      raise exception '%: unknown scope key "%" (allowed: %)', p_what, v_key,
        array_to_string(monitoring.budget_scope_keys(), ', ')
        using errcode = '22023';
    end if;
    if jsonb_typeof(v_value) <> 'string' or btrim(v_value #>> '{}') = '' or length(v_value #>> '{}') > 200 then
      raise exception '%: scope.% must be a non-blank string of at most 200 characters%', p_what, v_key,
        case when p_allow_star then ' or "*"' else '' end
        using errcode = '22023';
    end if;
    if not p_allow_star and v_value #>> '{}' = '*' then
      raise exception '%: scope.% must be a concrete value, not "*"', p_what, v_key using errcode = '22023';
    end if;
  end loop;
end
$$;

comment on function monitoring.budget_scope_check(jsonb, boolean, text) is
  'Raises 22023 naming the key unless p_scope is a JSON object of known budget scope keys with non-blank string values ("*" only when p_allow_star).';

-- The rolling interval of a period, NULL for day / week / month; raises when it is neither.
create function monitoring.budget_rolling_interval(p_period text)
returns interval
language plpgsql stable
set search_path = ''
as $$
declare
  v interval;
begin
  if p_period in ('day', 'week', 'month') then
    return null;
  end if;
  begin
    v := p_period::interval;
  exception when others then
    raise exception 'monitoring.budgets: period must be day, week, month or a rolling interval such as ''24 hours'', got "%"',
      p_period using errcode = '22023';
  end;
  if v < interval '15 minutes' or v > interval '366 days' then
    raise exception 'monitoring.budgets: a rolling period must be between 15 minutes and 366 days, got "%"', p_period
      using errcode = '22023';
  end if;
  return v;
end
$$;

comment on function monitoring.budget_rolling_interval(text) is
  'NULL for the calendar periods day, week, month; the interval of a rolling period (15 minutes to 366 days); raises 22023 otherwise.';

create function monitoring.budgets_validate()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_t numeric;
begin
  if new.name is null or btrim(new.name) = '' or length(new.name) > 200 then
    raise exception 'monitoring.budgets: name must be a non-blank string of at most 200 characters' using errcode = '22023';
  end if;
  perform monitoring.budget_scope_check(new.scope, true, 'monitoring.budgets');
  perform monitoring.budget_rolling_interval(new.period);
  if not exists (select 1 from pg_catalog.pg_timezone_names z where z.name = new.time_zone) then
    raise exception 'monitoring.budgets: time_zone "%" is not a known time zone (an IANA name such as America/New_York; see pg_timezone_names)',
      new.time_zone using errcode = '22023';
  end if;
  if new.limit_usd is null and new.limit_tokens is null then
    raise exception 'monitoring.budgets: set limit_usd or limit_tokens (or both)' using errcode = '22023';
  end if;
  if new.limit_usd < 0 then
    raise exception 'monitoring.budgets: limit_usd must not be negative, got %', new.limit_usd using errcode = '22023';
  end if;
  if new.limit_tokens < 0 then
    raise exception 'monitoring.budgets: limit_tokens must not be negative, got %', new.limit_tokens using errcode = '22023';
  end if;
  if new.count_unpriced_at_usd_per_mtok < 0 then
    raise exception 'monitoring.budgets: count_unpriced_at_usd_per_mtok must not be negative, got %',
      new.count_unpriced_at_usd_per_mtok using errcode = '22023';
  end if;
  if coalesce(cardinality(new.thresholds), 0) = 0 then
    raise exception 'monitoring.budgets: thresholds must list at least one fraction, e.g. {0.5,0.8,1.0}' using errcode = '22023';
  end if;
  foreach v_t in array new.thresholds loop
    if v_t is null or v_t <= 0 or v_t > 10 then
      raise exception 'monitoring.budgets: each threshold must be a fraction of the limit above 0 and at most 10 (1.0 = 100%%), got %',
        coalesce(v_t::text, 'null') using errcode = '22023';
    end if;
  end loop;
  new.thresholds := (select array_agg(distinct t order by t) from unnest(new.thresholds) t);
  new.updated_at := now();
  return new;
end
$$;

comment on function monitoring.budgets_validate() is
  'BEFORE INSERT OR UPDATE trigger on budgets: refuses (22023, naming the column) an unknown scope key or non-string value, an unknown period or time zone, no limit, a negative limit or fallback price, thresholds outside (0, 10]; sorts the thresholds.';

create trigger budgets_validate
  before insert or update on monitoring.budgets
  for each row execute function monitoring.budgets_validate();

alter table monitoring.budgets enable row level security;
create policy budgets_service_role on monitoring.budgets
  for all to service_role using (true) with check (true);
revoke all on table monitoring.budgets from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.budgets to service_role;

revoke all on function monitoring.budget_scope_keys(), monitoring.budget_scope_check(jsonb, boolean, text),
  monitoring.budget_rolling_interval(text), monitoring.budgets_validate() from public, anon, authenticated;
grant execute on function monitoring.budget_scope_keys(), monitoring.budget_scope_check(jsonb, boolean, text),
  monitoring.budget_rolling_interval(text), monitoring.budgets_validate() to service_role;
