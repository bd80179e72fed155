-- monitoring.provider_usage and monitoring.provider_costs: what the providers' admin APIs
-- report, as billing-sync read it, and the two functions that store one read.
--
-- provider_usage: one row per hourly usage bucket x grouping, from
--   OpenAI    GET /v1/organization/usage/completions (bucket_width=1h, group_by model,
--             project_id, service_tier, batch)
--   Anthropic GET /v1/organizations/usage_report/messages (bucket_width=1h, group_by model,
--             service_tier, context_window)
-- Token columns follow usage_events' convention: input_tokens counts ALL input tokens, cache
-- reads and writes included (OpenAI's input_tokens already includes input_cached_tokens;
-- Anthropic's uncached_input_tokens + cache_read_input_tokens + both cache_creation parts).
--
-- provider_costs: one row per daily cost bucket x line item, from
--   OpenAI    GET /v1/organization/costs (bucket_width=1d, group_by line_item, project_id;
--             amount.value in US dollars)
--   Anthropic GET /v1/organizations/cost_report (group_by description, workspace_id; amount is a
--             decimal string in cents, stored here divided by 100)
--
-- Idempotent replacement: billing-sync reads every page of a report for a window first, then
-- stores it with one call of store_provider_usage / store_provider_costs, which in one statement
-- set makes the source's rows of that window equal to what was read: new groupings are
-- inserted, changed ones (late corrections) updated, groupings no longer reported deleted,
-- identical ones left untouched (a second read of the same pages changes nothing, not even
-- fetched_at). Nothing of a read that failed half way is stored.

create table monitoring.provider_usage (
  id bigint generated always as identity primary key,
  source text not null references monitoring.billing_sources (name) on update cascade on delete cascade,
  provider text not null,
  bucket_start timestamptz not null,
  bucket_end timestamptz not null,
  model text,
  project_id text,
  service_tier text,
  batch boolean,
  context_window text,
  requests bigint,
  input_tokens bigint not null default 0,
  cache_read_tokens bigint not null default 0,
  cache_write_tokens bigint not null default 0,
  cache_write_1h_tokens bigint not null default 0,
  output_tokens bigint not null default 0,
  raw jsonb not null default '{}'::jsonb,
  fetched_at timestamptz not null default now(),
  constraint provider_usage_provider_known check (provider in ('openai', 'anthropic')),
  constraint provider_usage_bucket_order check (bucket_end > bucket_start),
  constraint provider_usage_tokens_non_negative check (
    coalesce(requests, 0) >= 0 and input_tokens >= 0 and cache_read_tokens >= 0 and cache_write_tokens >= 0
    and cache_write_1h_tokens >= 0 and output_tokens >= 0),
  constraint provider_usage_parts_within_input check (
    cache_read_tokens + cache_write_tokens <= input_tokens and cache_write_1h_tokens <= cache_write_tokens),
  constraint provider_usage_grouping unique nulls not distinct
    (source, bucket_start, model, project_id, service_tier, batch, context_window)
);

create index provider_usage_provider_bucket on monitoring.provider_usage (provider, bucket_start);

comment on table monitoring.provider_usage is
  'Hourly token usage as the providers'' admin usage APIs report it (OpenAI usage/completions, Anthropic usage_report/messages), one row per bucket x grouping; written only by billing-sync.';
comment on column monitoring.provider_usage.id is 'Row id.';
comment on column monitoring.provider_usage.source is 'billing_sources.name this was read from.';
comment on column monitoring.provider_usage.provider is 'openai or anthropic.';
comment on column monitoring.provider_usage.bucket_start is 'Start of the usage bucket (inclusive, UTC).';
comment on column monitoring.provider_usage.bucket_end is 'End of the usage bucket (exclusive).';
comment on column monitoring.provider_usage.model is 'Model as the provider reports it (NULL when the API grouped none).';
comment on column monitoring.provider_usage.project_id is 'OpenAI project id (NULL for Anthropic, whose usage is read for the whole organisation or the source''s workspace).';
comment on column monitoring.provider_usage.service_tier is 'Service tier as reported (OpenAI: default, flex, priority, batch…; Anthropic: standard, batch, priority…).';
comment on column monitoring.provider_usage.batch is 'OpenAI: whether these were Batch API requests; NULL for Anthropic (its service_tier says batch).';
comment on column monitoring.provider_usage.context_window is 'Anthropic: input context window (0-200k, 200k-1M); NULL for OpenAI.';
comment on column monitoring.provider_usage.requests is 'Model requests (OpenAI num_model_requests); NULL for Anthropic, whose usage report has no request count.';
comment on column monitoring.provider_usage.input_tokens is 'All input tokens, cache reads and writes included (usage_events convention).';
comment on column monitoring.provider_usage.cache_read_tokens is 'Part of input_tokens read from the prompt cache (OpenAI input_cached_tokens, Anthropic cache_read_input_tokens).';
comment on column monitoring.provider_usage.cache_write_tokens is 'Part of input_tokens written to the cache (Anthropic cache_creation 5m + 1h); 0 for OpenAI.';
comment on column monitoring.provider_usage.cache_write_1h_tokens is 'Part of cache_write_tokens written with a one-hour lifetime (Anthropic ephemeral_1h_input_tokens).';
comment on column monitoring.provider_usage.output_tokens is 'Output tokens.';
comment on column monitoring.provider_usage.raw is 'The result object exactly as the API returned it.';
comment on column monitoring.provider_usage.fetched_at is 'When this row was last inserted or changed by a read (an identical re-read leaves it).';

create table monitoring.provider_costs (
  id bigint generated always as identity primary key,
  source text not null references monitoring.billing_sources (name) on update cascade on delete cascade,
  provider text not null,
  day date not null,
  bucket_start timestamptz not null,
  bucket_end timestamptz not null,
  line_item text,
  project_id text,
  model text,
  service_tier text,
  token_type text,
  cost_type text,
  context_window text,
  amount_usd numeric not null,
  currency text not null default 'usd',
  raw jsonb not null default '{}'::jsonb,
  fetched_at timestamptz not null default now(),
  constraint provider_costs_provider_known check (provider in ('openai', 'anthropic')),
  constraint provider_costs_bucket_order check (bucket_end > bucket_start),
  constraint provider_costs_day_is_bucket_day check (day = (bucket_start at time zone 'UTC')::date),
  constraint provider_costs_currency_usd check (lower(currency) = 'usd'),
  constraint provider_costs_grouping unique nulls not distinct
    (source, bucket_start, line_item, project_id, model, service_tier, token_type, cost_type, context_window)
);

create index provider_costs_provider_day on monitoring.provider_costs (provider, day);

comment on table monitoring.provider_costs is
  'Daily billed cost as the providers'' admin cost APIs report it (OpenAI organization/costs by line item and project, Anthropic cost_report by description and workspace), in US dollars; written only by billing-sync.';
comment on column monitoring.provider_costs.id is 'Row id.';
comment on column monitoring.provider_costs.source is 'billing_sources.name this was read from.';
comment on column monitoring.provider_costs.provider is 'openai or anthropic.';
comment on column monitoring.provider_costs.day is 'The UTC day of the cost bucket.';
comment on column monitoring.provider_costs.bucket_start is 'Start of the cost bucket (inclusive).';
comment on column monitoring.provider_costs.bucket_end is 'End of the cost bucket (exclusive).';
comment on column monitoring.provider_costs.line_item is 'OpenAI line_item, Anthropic description, as reported (NULL when not grouped).';
comment on column monitoring.provider_costs.project_id is 'OpenAI project_id, Anthropic workspace_id (NULL: not grouped, or Anthropic''s default workspace).';
comment on column monitoring.provider_costs.model is 'The model the cost is attributed to: Anthropic''s model field; for OpenAI the part of line_item before the first ", " when it reads as a model id (e.g. "gpt-4o-2024-08-06, input"), else NULL (the cost then counts for the provider and day only).';
comment on column monitoring.provider_costs.service_tier is 'Anthropic: standard or batch (NULL for OpenAI and for non-token costs).';
comment on column monitoring.provider_costs.token_type is 'Anthropic: uncached_input_tokens, output_tokens, cache_read_input_tokens, cache_creation… (NULL otherwise).';
comment on column monitoring.provider_costs.cost_type is 'Anthropic: tokens, web_search, code_execution… (NULL otherwise).';
comment on column monitoring.provider_costs.context_window is 'Anthropic: 0-200k or 200k-1M (NULL otherwise).';
comment on column monitoring.provider_costs.amount_usd is 'Billed amount in US dollars (OpenAI amount.value as is; Anthropic amount in cents / 100), exact numeric.';
comment on column monitoring.provider_costs.currency is 'Currency as reported; only USD is accepted.';
comment on column monitoring.provider_costs.raw is 'The result object exactly as the API returned it.';
comment on column monitoring.provider_costs.fetched_at is 'When this row was last inserted or changed by a read (an identical re-read leaves it).';

-- Makes the source's usage rows with bucket_start in [p_from, p_to) equal to p_rows (a JSON array
-- of objects keyed by the column names above). Returns {"inserted", "updated", "deleted", "unchanged"}.
-- One statement: the delete (groupings no longer reported) and the upsert touch disjoint rows.
create function monitoring.store_provider_usage(p_source text, p_from timestamptz, p_to timestamptz, p_rows jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_provider text;
  v_result jsonb;
begin
  select s.provider into v_provider from monitoring.billing_sources s where s.name = p_source;
  if v_provider is null then
    raise exception 'unknown billing source %', p_source using errcode = 'P0002';
  end if;
  -- overlapping syncs of one source (the hourly job and a manual call) write one after the other
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('tokenwatch.billing_sync:' || p_source));
  if p_to <= p_from then
    raise exception 'empty window [%, %)', p_from, p_to using errcode = '22023';
  end if;
  if exists (select from jsonb_to_recordset(coalesce(p_rows, '[]'::jsonb)) as r(bucket_start timestamptz)
              where r.bucket_start is null or r.bucket_start < p_from or r.bucket_start >= p_to) then
    raise exception 'usage bucket outside the window [%, %)', p_from, p_to using errcode = '22023';
  end if;

  with r as (
    select x.bucket_start, x.bucket_end, x.model, x.project_id, x.service_tier, x.batch, x.context_window,
           x.requests, coalesce(x.input_tokens, 0) as input_tokens, coalesce(x.cache_read_tokens, 0) as cache_read_tokens,
           coalesce(x.cache_write_tokens, 0) as cache_write_tokens,
           coalesce(x.cache_write_1h_tokens, 0) as cache_write_1h_tokens,
           coalesce(x.output_tokens, 0) as output_tokens, coalesce(x.raw, '{}'::jsonb) as raw
    from jsonb_to_recordset(coalesce(p_rows, '[]'::jsonb)) as x(
      bucket_start timestamptz, bucket_end timestamptz, model text, project_id text, service_tier text,
      batch boolean, context_window text, requests bigint, input_tokens bigint, cache_read_tokens bigint,
      cache_write_tokens bigint, cache_write_1h_tokens bigint, output_tokens bigint, raw jsonb)
  ),
  removed as (
    delete from monitoring.provider_usage u
     where u.source = p_source and u.bucket_start >= p_from and u.bucket_start < p_to
       and not exists (
         select from r
          where r.bucket_start = u.bucket_start and r.model is not distinct from u.model
            and r.project_id is not distinct from u.project_id and r.service_tier is not distinct from u.service_tier
            and r.batch is not distinct from u.batch and r.context_window is not distinct from u.context_window)
    returning 1
  ),
  written as (
    insert into monitoring.provider_usage as u
      (source, provider, bucket_start, bucket_end, model, project_id, service_tier, batch, context_window,
       requests, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, raw)
    select p_source, v_provider, r.bucket_start, r.bucket_end, r.model, r.project_id, r.service_tier, r.batch,
           r.context_window, r.requests, r.input_tokens, r.cache_read_tokens, r.cache_write_tokens,
           r.cache_write_1h_tokens, r.output_tokens, r.raw
    from r
    on conflict on constraint provider_usage_grouping do update
      set bucket_end = excluded.bucket_end, requests = excluded.requests, input_tokens = excluded.input_tokens,
          cache_read_tokens = excluded.cache_read_tokens, cache_write_tokens = excluded.cache_write_tokens,
          cache_write_1h_tokens = excluded.cache_write_1h_tokens, output_tokens = excluded.output_tokens,
          raw = excluded.raw, fetched_at = now()
      where (u.bucket_end, u.requests, u.input_tokens, u.cache_read_tokens, u.cache_write_tokens,
             u.cache_write_1h_tokens, u.output_tokens, u.raw)
            is distinct from
            (excluded.bucket_end, excluded.requests, excluded.input_tokens, excluded.cache_read_tokens,
             excluded.cache_write_tokens, excluded.cache_write_1h_tokens, excluded.output_tokens, excluded.raw)
    returning (xmax = 0) as inserted
  )
  select jsonb_build_object(
           'inserted', (select count(*) from written w where w.inserted),
           'updated', (select count(*) from written w where not w.inserted),
           'deleted', (select count(*) from removed),
           'unchanged', (select count(*) from r) - (select count(*) from written))
    into v_result;
  return v_result;
end
$$;

comment on function monitoring.store_provider_usage(text, timestamptz, timestamptz, jsonb) is
  'billing-sync''s write of one usage read: the source''s provider_usage rows with bucket_start in [p_from, p_to) become exactly p_rows (inserted, corrected, or deleted when no longer reported; identical rows untouched). Returns the counts.';

-- The same for costs, by day: the source's cost rows with day in [p_from, p_to).
create function monitoring.store_provider_costs(p_source text, p_from date, p_to date, p_rows jsonb)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_provider text;
  v_result jsonb;
begin
  select s.provider into v_provider from monitoring.billing_sources s where s.name = p_source;
  if v_provider is null then
    raise exception 'unknown billing source %', p_source using errcode = 'P0002';
  end if;
  -- overlapping syncs of one source (the hourly job and a manual call) write one after the other
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('tokenwatch.billing_sync:' || p_source));
  if p_to <= p_from then
    raise exception 'empty window [%, %)', p_from, p_to using errcode = '22023';
  end if;
  if exists (select from jsonb_to_recordset(coalesce(p_rows, '[]'::jsonb)) as r(bucket_start timestamptz)
              where r.bucket_start is null or (r.bucket_start at time zone 'UTC')::date < p_from
                 or (r.bucket_start at time zone 'UTC')::date >= p_to) then
    raise exception 'cost bucket outside the window [%, %)', p_from, p_to using errcode = '22023';
  end if;

  with r as (
    select (x.bucket_start at time zone 'UTC')::date as day, x.bucket_start, x.bucket_end, x.line_item,
           x.project_id, x.model, x.service_tier, x.token_type, x.cost_type, x.context_window, x.amount_usd,
           coalesce(x.currency, 'usd') as currency, coalesce(x.raw, '{}'::jsonb) as raw
    from jsonb_to_recordset(coalesce(p_rows, '[]'::jsonb)) as x(
      bucket_start timestamptz, bucket_end timestamptz, line_item text, project_id text, model text,
      service_tier text, token_type text, cost_type text, context_window text, amount_usd numeric,
      currency text, raw jsonb)
  ),
  removed as (
    delete from monitoring.provider_costs c
     where c.source = p_source and c.day >= p_from and c.day < p_to
       and not exists (
         select from r
          where r.bucket_start = c.bucket_start and r.line_item is not distinct from c.line_item
            and r.project_id is not distinct from c.project_id and r.model is not distinct from c.model
            and r.service_tier is not distinct from c.service_tier and r.token_type is not distinct from c.token_type
            and r.cost_type is not distinct from c.cost_type and r.context_window is not distinct from c.context_window)
    returning 1
  ),
  written as (
    insert into monitoring.provider_costs as c
      (source, provider, day, bucket_start, bucket_end, line_item, project_id, model, service_tier, token_type,
       cost_type, context_window, amount_usd, currency, raw)
    select p_source, v_provider, r.day, r.bucket_start, r.bucket_end, r.line_item, r.project_id, r.model,
           r.service_tier, r.token_type, r.cost_type, r.context_window, r.amount_usd, r.currency, r.raw
    from r
    on conflict on constraint provider_costs_grouping do update
      set bucket_end = excluded.bucket_end, amount_usd = excluded.amount_usd, currency = excluded.currency,
          raw = excluded.raw, fetched_at = now()
      where (c.bucket_end, c.amount_usd, c.currency, c.raw)
            is distinct from (excluded.bucket_end, excluded.amount_usd, excluded.currency, excluded.raw)
    returning (xmax = 0) as inserted
  )
  select jsonb_build_object(
           'inserted', (select count(*) from written w where w.inserted),
           'updated', (select count(*) from written w where not w.inserted),
           'deleted', (select count(*) from removed),
           'unchanged', (select count(*) from r) - (select count(*) from written))
    into v_result;
  return v_result;
end
$$;

comment on function monitoring.store_provider_costs(text, date, date, jsonb) is
  'billing-sync''s write of one cost read: the source''s provider_costs rows with day in [p_from, p_to) become exactly p_rows (inserted, corrected, or deleted when no longer reported; identical rows untouched). Returns the counts.';

alter table monitoring.provider_usage enable row level security;
create policy provider_usage_service_role on monitoring.provider_usage
  for all to service_role using (true) with check (true);
alter table monitoring.provider_costs enable row level security;
create policy provider_costs_service_role on monitoring.provider_costs
  for all to service_role using (true) with check (true);

revoke all on table monitoring.provider_usage, monitoring.provider_costs from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.provider_usage, monitoring.provider_costs to service_role;
revoke all on function monitoring.store_provider_usage(text, timestamptz, timestamptz, jsonb) from public, anon, authenticated;
revoke all on function monitoring.store_provider_costs(text, date, date, jsonb) from public, anon, authenticated;
grant execute on function monitoring.store_provider_usage(text, timestamptz, timestamptz, jsonb) to service_role;
grant execute on function monitoring.store_provider_costs(text, date, date, jsonb) to service_role;
