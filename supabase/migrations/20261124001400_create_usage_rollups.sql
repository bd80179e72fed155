-- The hourly rollups and the job that keeps them.
--
--   monitoring.usage_hourly       hour x (provider, model, app, environment, prompt_variant, status, error_type)
--   monitoring.tool_usage_hourly  hour x (tool_name, app, environment, model, prompt_variant), from usage_events.tools
--
-- Kept by monitoring.refresh_usage_rollups(), which pg_cron calls every minute.
--
-- Which events are new ("the watermark"): identity ids are handed out at insert time but
-- transactions commit in any order, so "id > last seen id" would skip an event whose
-- transaction started earlier (lower id) and committed after the rollup had moved past it.
-- Instead, an AFTER INSERT statement trigger on usage_events writes each new event to
-- monitoring.usage_rollup_queue in the inserting transaction: its id and the few columns the
-- rollups need (a delta row, so the rollup never has to look the event up again, whatever the
-- size of usage_events). The rollup drains the queue with
-- DELETE ... RETURNING: it sees exactly the queue rows of committed transactions; rows of
-- transactions still in flight are invisible to it and wait for a later run. Deleting the
-- queue rows, adding their events to the rollups and recording the run happen in one
-- transaction, so a failed run leaves both untouched, and a second run finds nothing to redo
-- (idempotent). Late events for old hours are just queue rows like any other and are added to
-- their own hour. Two runs never count an event twice: a try-lock lets only one run at a time
-- (the other returns at once), and even without it, two DELETEs cannot both return one row.
--
-- Events are append-only. monitoring.reprice (next migration) is the one sanctioned change to
-- stored events, and it corrects these rollups itself. Deleting old events (retention) does
-- not change the rollups, which keep the history. Loading events with triggers disabled
-- (session_replication_role = replica) bypasses pricing and the queue; don't.
--
-- Latency distribution: a fixed histogram of 64 log-spaced buckets per row (int[64], position
-- b+1 holds bucket b): bucket 0 is [0, 1) ms, bucket b in 1..62 is [2^((b-1)/3), 2^(b/3)) ms,
-- bucket 63 is >= 2^(62/3) ms (about 28 minutes). Neighbouring bounds differ by 26%, so a
-- percentile read from the merged histogram is within one bucket's width (+-13% around the
-- geometric middle). Histograms merge by element-wise sum (monitoring.hist_add / hist_sum).

create extension if not exists pg_cron with schema pg_catalog;

-- ---------------------------------------------------------------------------------------
-- Latency histogram helpers
-- ---------------------------------------------------------------------------------------

create function monitoring.latency_bucket_bounds()
returns float8[]
language sql immutable parallel safe
as $$ select '{1,1.2599210498948732,1.5874010519681994,2,2.5198420997897464,3.174802103936399,4,5.039684199579493,6.3496042078727974,8,10.079368399158986,12.699208415745595,16,20.158736798317967,25.398416831491197,32,40.317473596635935,50.796833662982394,64,80.63494719327187,101.59366732596479,128,161.26989438654374,203.18733465192958,256,322.53978877308765,406.3746693038589,512,645.0795775461753,812.7493386077178,1024,1290.1591550923506,1625.4986772154357,2048,2580.318310184701,3250.9973544308714,4096,5160.636620369402,6501.994708861743,8192,10321.273240738805,13003.989417723486,16384,20642.54648147761,26007.97883544697,32768,41285.09296295522,52015.95767089394,65536,82570.18592591034,104031.915341788,131072,165140.37185182067,208063.830683576,262144,330280.74370364135,416127.661367152,524288,660561.4874072827,832255.322734304,1048576,1321122.9748145654,1664510.645468608}'::float8[] $$;

comment on function monitoring.latency_bucket_bounds() is
  'Lower bounds (ms) of latency buckets 1..63: element i is 2^((i-1)/3). Bucket 0 is below 1 ms.';

create function monitoring.latency_bucket(p_latency_ms integer)
returns integer
language sql immutable strict parallel safe
as $$ select width_bucket(p_latency_ms::float8, monitoring.latency_bucket_bounds()) $$;

comment on function monitoring.latency_bucket(integer) is
  'Histogram bucket (0..63) of a latency in ms; histogram arrays hold bucket b at position b+1.';

create function monitoring.hist_from_sparse(p_buckets integer[], p_counts bigint[])
returns integer[]
language sql immutable parallel safe
as $$
  select array_agg(coalesce(s.n, 0)::integer order by g.b)
  from generate_series(0, 63) g(b)
  left join (select u.b, sum(u.n) as n
             from unnest(p_buckets, p_counts) u(b, n)
             where u.b is not null
             group by u.b) s on s.b = g.b
$$;

comment on function monitoring.hist_from_sparse(integer[], bigint[]) is
  'Dense 64-bucket latency histogram from parallel arrays of bucket numbers and counts.';

-- hist_build(bucket, n): aggregate that adds n to each bucket, giving a dense int[64]
-- (bucket NULL = no latency: skipped). plpgsql assigns array elements in place, so this is
-- far cheaper than building an array per group in SQL.
create function monitoring.hist_put(p_state integer[], p_bucket integer, p_n bigint)
returns integer[]
language plpgsql immutable parallel safe
as $$
begin
  if p_state is null then
    p_state := array_fill(0, array[64]);
  end if;
  if p_bucket is not null then
    p_state[p_bucket + 1] := p_state[p_bucket + 1] + p_n;
  end if;
  return p_state;
end
$$;

create aggregate monitoring.hist_build(integer, bigint) (
  sfunc = monitoring.hist_put,
  stype = integer[]
);

comment on aggregate monitoring.hist_build(integer, bigint) is
  'Dense 64-bucket latency histogram from (bucket, count) rows; buckets from monitoring.latency_bucket.';

create function monitoring.hist_add(p_a integer[], p_b integer[])
returns integer[]
language sql immutable parallel safe
as $$
  select case
    when p_a is null then p_b
    when p_b is null then p_a
    else (select array_agg(x.a + x.b order by x.i)
          from unnest(p_a, p_b) with ordinality x(a, b, i))
  end
$$;

comment on function monitoring.hist_add(integer[], integer[]) is 'Element-wise sum of two latency histograms.';

create function monitoring.hist_combine(p_a bigint[], p_b bigint[])
returns bigint[]
language sql immutable parallel safe
as $$
  select case
    when p_a is null then p_b
    when p_b is null then p_a
    else (select array_agg(x.a + x.b order by x.i)
          from unnest(p_a, p_b) with ordinality x(a, b, i))
  end
$$;

-- hist_sum's transition: the state plus one histogram (hist_combine after widening it).
create function monitoring.hist_accum(p_state bigint[], p_hist integer[])
returns bigint[]
language sql immutable parallel safe
as $$ select monitoring.hist_combine(p_state, p_hist::bigint[]) $$;

create aggregate monitoring.hist_sum(integer[]) (
  sfunc = monitoring.hist_accum,
  stype = bigint[],
  combinefunc = monitoring.hist_combine,
  parallel = safe
);

comment on aggregate monitoring.hist_sum(integer[]) is
  'Merges latency histograms (element-wise sum) into a bigint[64]. For hot paths, array[sum(h[1]), ..., sum(h[64])] is faster.';

-- Percentile q (0..1) in ms from a 64-bucket histogram; NULL when it is empty. Interpolates
-- geometrically inside the bucket that holds the rank (linearly in bucket 0; the open last
-- bucket answers its lower bound).
create function monitoring.hist_percentile(p_hist bigint[], p_q float8)
returns float8
language sql immutable parallel safe
as $$
  with h as (
    select (u.i - 1)::integer as bucket,
           u.n::float8 as n,
           sum(u.n) over (order by u.i)::float8 as cum,
           sum(u.n) over ()::float8 as total
    from unnest(p_hist) with ordinality u(n, i)
  ), t as (
    select h.bucket, h.n, h.cum, h.total,
           least(1.0, greatest(0.0, (greatest(0.0, least(1.0, p_q)) * h.total - (h.cum - h.n)) / h.n)) as frac
    from h
    where h.total > 0 and h.n > 0 and h.cum >= greatest(0.0, least(1.0, p_q)) * h.total
    order by h.bucket
    limit 1
  )
  select case
    when t.bucket = 0 then t.frac
    when t.bucket >= 63 then b.bounds[63]
    else b.bounds[t.bucket] * power(b.bounds[t.bucket + 1] / b.bounds[t.bucket], t.frac)
  end
  from t, (select monitoring.latency_bucket_bounds() as bounds) b
$$;

comment on function monitoring.hist_percentile(bigint[], float8) is
  'Percentile p_q (0..1) in ms from a merged latency histogram; NULL when empty. Accurate to one bucket width.';

-- ---------------------------------------------------------------------------------------
-- The rollup tables
-- ---------------------------------------------------------------------------------------

create table monitoring.usage_hourly (
  hour timestamptz not null,
  provider text not null,
  model text not null,
  app text,
  environment text,
  prompt_variant text,
  status text not null,
  error_type text,
  requests bigint not null default 0,
  errors bigint not null default 0,
  tool_calls bigint not null default 0,
  tool_failures bigint not null default 0,
  input_tokens bigint not null default 0,
  cache_read_tokens bigint not null default 0,
  cache_write_tokens bigint not null default 0,
  cache_write_1h_tokens bigint not null default 0,
  output_tokens bigint not null default 0,
  reasoning_tokens bigint not null default 0,
  system_prompt_tokens bigint not null default 0,
  system_prompt_requests bigint not null default 0,
  cost_usd numeric not null default 0,
  unpriced_requests bigint not null default 0,
  unpriced_input_tokens bigint not null default 0,
  unpriced_output_tokens bigint not null default 0,
  latency_ms_sum bigint not null default 0,
  latency_requests bigint not null default 0,
  latency_hist integer[] not null default array_fill(0, array[64]),
  token_source_provider bigint not null default 0,
  token_source_tokenizer bigint not null default 0,
  token_source_heuristic bigint not null default 0,
  updated_at timestamptz not null default now(),
  constraint usage_hourly_hist_len check (cardinality(latency_hist) = 64)
);

-- One row per hour and dimension combination (NULL dimensions are one value each).
create unique index usage_hourly_key on monitoring.usage_hourly
  (hour, provider, model, app, environment, prompt_variant, status, error_type) nulls not distinct;

comment on table monitoring.usage_hourly is
  'Hourly rollup of usage_events by provider, model, app, environment, prompt_variant, status, error_type. Kept by monitoring.refresh_usage_rollups (pg_cron, every minute); lags the events by up to a minute.';
comment on column monitoring.usage_hourly.hour is 'Start of the UTC hour (occurred_at truncated).';
comment on column monitoring.usage_hourly.provider is 'LLM provider.';
comment on column monitoring.usage_hourly.model is 'Model name.';
comment on column monitoring.usage_hourly.app is 'Application (NULL when the events named none).';
comment on column monitoring.usage_hourly.environment is 'Environment (NULL when the events named none).';
comment on column monitoring.usage_hourly.prompt_variant is 'Prompt design (NULL when the events named none).';
comment on column monitoring.usage_hourly.status is 'ok or error.';
comment on column monitoring.usage_hourly.error_type is 'Error class for status = error rows.';
comment on column monitoring.usage_hourly.requests is 'Requests (events).';
comment on column monitoring.usage_hourly.errors is 'Requests with status = error.';
comment on column monitoring.usage_hourly.tool_calls is 'Sum of tool_calls.';
comment on column monitoring.usage_hourly.tool_failures is 'Sum of tool_failures.';
comment on column monitoring.usage_hourly.input_tokens is 'Sum of input_tokens (cache parts included).';
comment on column monitoring.usage_hourly.cache_read_tokens is 'Sum of cache_read_tokens.';
comment on column monitoring.usage_hourly.cache_write_tokens is 'Sum of cache_write_tokens.';
comment on column monitoring.usage_hourly.cache_write_1h_tokens is 'Sum of cache_write_1h_tokens.';
comment on column monitoring.usage_hourly.output_tokens is 'Sum of output_tokens (reasoning included).';
comment on column monitoring.usage_hourly.reasoning_tokens is 'Sum of reasoning_tokens.';
comment on column monitoring.usage_hourly.system_prompt_tokens is 'Sum of system_prompt_tokens over the requests that reported it.';
comment on column monitoring.usage_hourly.system_prompt_requests is 'Requests that reported system_prompt_tokens (the divisor for its average).';
comment on column monitoring.usage_hourly.cost_usd is 'Sum of cost_usd over priced requests (unpriced requests add nothing; see unpriced_requests).';
comment on column monitoring.usage_hourly.unpriced_requests is 'Requests with no known price (cost_usd NULL).';
comment on column monitoring.usage_hourly.unpriced_input_tokens is 'input_tokens of the unpriced requests.';
comment on column monitoring.usage_hourly.unpriced_output_tokens is 'output_tokens of the unpriced requests.';
comment on column monitoring.usage_hourly.latency_ms_sum is 'Sum of latency_ms over requests that reported it.';
comment on column monitoring.usage_hourly.latency_requests is 'Requests that reported latency_ms.';
comment on column monitoring.usage_hourly.latency_hist is 'Latency histogram, 64 log-spaced buckets (see monitoring.latency_bucket); merge by element-wise sum, read with monitoring.hist_percentile.';
comment on column monitoring.usage_hourly.token_source_provider is 'Requests whose token counts the provider reported.';
comment on column monitoring.usage_hourly.token_source_tokenizer is 'Requests whose token counts a tokenizer counted.';
comment on column monitoring.usage_hourly.token_source_heuristic is 'Requests whose token counts were estimated (characters / 4).';
comment on column monitoring.usage_hourly.updated_at is 'Last time the rollup changed this row.';

create table monitoring.tool_usage_hourly (
  hour timestamptz not null,
  tool_name text not null,
  app text,
  environment text,
  model text not null,
  prompt_variant text,
  requests bigint not null default 0,
  calls bigint not null default 0,
  failures bigint not null default 0,
  updated_at timestamptz not null default now()
);

create unique index tool_usage_hourly_key on monitoring.tool_usage_hourly
  (hour, tool_name, app, environment, model, prompt_variant) nulls not distinct;

comment on table monitoring.tool_usage_hourly is
  'Hourly rollup of the per-tool detail in usage_events.tools by tool, app, environment, model, prompt_variant. Kept with usage_hourly.';
comment on column monitoring.tool_usage_hourly.hour is 'Start of the UTC hour.';
comment on column monitoring.tool_usage_hourly.tool_name is 'Tool name as reported in usage_events.tools.';
comment on column monitoring.tool_usage_hourly.app is 'Application.';
comment on column monitoring.tool_usage_hourly.environment is 'Environment.';
comment on column monitoring.tool_usage_hourly.model is 'Model that called the tool.';
comment on column monitoring.tool_usage_hourly.prompt_variant is 'Prompt design.';
comment on column monitoring.tool_usage_hourly.requests is 'Requests that listed this tool.';
comment on column monitoring.tool_usage_hourly.calls is 'Calls of this tool.';
comment on column monitoring.tool_usage_hourly.failures is 'Failed calls of this tool.';
comment on column monitoring.tool_usage_hourly.updated_at is 'Last time the rollup changed this row.';

-- Stored events not yet in the rollups (see the header): the event's id and the columns the
-- rollups and the window functions need, copied by the insert trigger.
create table monitoring.usage_rollup_queue (
  event_id bigint not null,
  hour timestamptz not null,
  provider text not null,
  model text not null,
  app text,
  environment text,
  prompt_variant text,
  status text not null,
  error_type text,
  tool_calls integer not null,
  tool_failures integer not null,
  input_tokens integer not null,
  cache_read_tokens integer not null,
  cache_write_tokens integer not null,
  cache_write_1h_tokens integer not null,
  output_tokens integer not null,
  reasoning_tokens integer not null,
  system_prompt_tokens integer,
  cost_usd numeric,
  latency_ms integer,
  latency_bucket integer,
  token_source text not null,
  tools jsonb
);

comment on table monitoring.usage_rollup_queue is
  'Events stored but not yet added to the hourly rollups (a copy of the columns the rollups need, keyed by usage_events.id); filled by a trigger on usage_events, drained by monitoring.refresh_usage_rollups in the transaction that adds them.';
comment on column monitoring.usage_rollup_queue.event_id is 'usage_events.id of the pending event.';
comment on column monitoring.usage_rollup_queue.hour is 'The event''s UTC hour (occurred_at truncated).';
comment on column monitoring.usage_rollup_queue.latency_bucket is 'monitoring.latency_bucket(latency_ms).';

-- One row: what the last rollup run did.
create table monitoring.usage_rollup_state (
  id boolean primary key default true,
  last_run_at timestamptz,
  last_events bigint not null default 0,
  last_max_event_id bigint,
  last_duration_ms numeric,
  total_events bigint not null default 0,
  constraint usage_rollup_state_one_row check (id)
);

comment on table monitoring.usage_rollup_state is 'One row: when the rollup last ran, how many events it added, and in total.';
comment on column monitoring.usage_rollup_state.last_run_at is 'When the last run that found work committed its work (transaction time).';
comment on column monitoring.usage_rollup_state.last_events is 'Events the last run with work added.';
comment on column monitoring.usage_rollup_state.last_max_event_id is 'Highest event id the last run with work added.';
comment on column monitoring.usage_rollup_state.last_duration_ms is 'Wall time of the last run with work.';
comment on column monitoring.usage_rollup_state.total_events is 'Events added since the rollups were created.';

insert into monitoring.usage_rollup_state (id) values (true);

create function monitoring.usage_events_enqueue()
returns trigger
language plpgsql
as $$
begin
  insert into monitoring.usage_rollup_queue (
    event_id, hour, provider, model, app, environment, prompt_variant, status, error_type,
    tool_calls, tool_failures, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,
    output_tokens, reasoning_tokens, system_prompt_tokens, cost_usd, latency_ms, latency_bucket, token_source, tools)
  select n.id, date_trunc('hour', n.occurred_at, 'UTC'), n.provider, n.model, n.app, n.environment, n.prompt_variant,
         n.status, n.error_type, n.tool_calls, n.tool_failures, n.input_tokens, n.cache_read_tokens,
         n.cache_write_tokens, n.cache_write_1h_tokens, n.output_tokens, n.reasoning_tokens, n.system_prompt_tokens,
         n.cost_usd, n.latency_ms, monitoring.latency_bucket(n.latency_ms), n.token_source, n.tools
  from new_events n;
  return null;
end
$$;

comment on function monitoring.usage_events_enqueue() is
  'AFTER INSERT statement trigger on usage_events: queues the new events for the hourly rollup.';

create trigger usage_events_enqueue
  after insert on monitoring.usage_events
  referencing new table as new_events
  for each statement execute function monitoring.usage_events_enqueue();

-- Events stored before this migration are pending too.
insert into monitoring.usage_rollup_queue (
  event_id, hour, provider, model, app, environment, prompt_variant, status, error_type,
  tool_calls, tool_failures, input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens,
  output_tokens, reasoning_tokens, system_prompt_tokens, cost_usd, latency_ms, latency_bucket, token_source, tools)
select e.id, date_trunc('hour', e.occurred_at, 'UTC'), e.provider, e.model, e.app, e.environment, e.prompt_variant,
       e.status, e.error_type, e.tool_calls, e.tool_failures, e.input_tokens, e.cache_read_tokens,
       e.cache_write_tokens, e.cache_write_1h_tokens, e.output_tokens, e.reasoning_tokens, e.system_prompt_tokens,
       e.cost_usd, e.latency_ms, monitoring.latency_bucket(e.latency_ms), e.token_source, e.tools
from monitoring.usage_events e;

-- ---------------------------------------------------------------------------------------
-- The rollup job
-- ---------------------------------------------------------------------------------------

create function monitoring.usage_rollup_lock_key()
returns bigint
language sql immutable parallel safe
as $$ select 7342018001::bigint $$;

comment on function monitoring.usage_rollup_lock_key() is
  'Advisory lock key held (transaction-scoped) while the hourly rollups change: by refresh_usage_rollups and reprice.';

-- Adds every committed, queued event to the rollups. The caller must hold the rollup lock
-- (refresh_usage_rollups, reprice); correct without it, but runs would queue up behind each
-- other's row locks.
create function monitoring.drain_usage_rollup_queue()
returns jsonb
language plpgsql
set work_mem = '64MB'
as $$
declare
  v_started timestamptz := clock_timestamp();
  v_events bigint;
  v_max_id bigint;
  v_hourly bigint;
  v_tools bigint;
  v_ms numeric;
begin
  with q as (
    delete from monitoring.usage_rollup_queue returning *
  ), by_bucket as (
    select e.hour, e.provider, e.model, e.app, e.environment, e.prompt_variant, e.status, e.error_type,
           e.latency_bucket as bucket,
           max(e.event_id) as max_event_id,
           count(*) as requests,
           count(*) filter (where e.status = 'error') as errors,
           sum(e.tool_calls) as tool_calls,
           sum(e.tool_failures) as tool_failures,
           sum(e.input_tokens) as input_tokens,
           sum(e.cache_read_tokens) as cache_read_tokens,
           sum(e.cache_write_tokens) as cache_write_tokens,
           sum(e.cache_write_1h_tokens) as cache_write_1h_tokens,
           sum(e.output_tokens) as output_tokens,
           sum(e.reasoning_tokens) as reasoning_tokens,
           coalesce(sum(e.system_prompt_tokens), 0) as system_prompt_tokens,
           count(e.system_prompt_tokens) as system_prompt_requests,
           coalesce(sum(e.cost_usd), 0) as cost_usd,
           count(*) filter (where e.cost_usd is null) as unpriced_requests,
           coalesce(sum(e.input_tokens) filter (where e.cost_usd is null), 0) as unpriced_input_tokens,
           coalesce(sum(e.output_tokens) filter (where e.cost_usd is null), 0) as unpriced_output_tokens,
           coalesce(sum(e.latency_ms), 0) as latency_ms_sum,
           count(e.latency_ms) as latency_requests,
           count(*) filter (where e.token_source = 'provider') as token_source_provider,
           count(*) filter (where e.token_source = 'tokenizer') as token_source_tokenizer,
           count(*) filter (where e.token_source = 'heuristic') as token_source_heuristic
    from q e
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  ), g as (
    select b.hour, b.provider, b.model, b.app, b.environment, b.prompt_variant, b.status, b.error_type,
           max(b.max_event_id) as max_event_id,
           sum(b.requests) as requests, sum(b.errors) as errors,
           sum(b.tool_calls) as tool_calls, sum(b.tool_failures) as tool_failures,
           sum(b.input_tokens) as input_tokens, sum(b.cache_read_tokens) as cache_read_tokens,
           sum(b.cache_write_tokens) as cache_write_tokens, sum(b.cache_write_1h_tokens) as cache_write_1h_tokens,
           sum(b.output_tokens) as output_tokens, sum(b.reasoning_tokens) as reasoning_tokens,
           sum(b.system_prompt_tokens) as system_prompt_tokens, sum(b.system_prompt_requests) as system_prompt_requests,
           sum(b.cost_usd) as cost_usd, sum(b.unpriced_requests) as unpriced_requests,
           sum(b.unpriced_input_tokens) as unpriced_input_tokens, sum(b.unpriced_output_tokens) as unpriced_output_tokens,
           sum(b.latency_ms_sum) as latency_ms_sum, sum(b.latency_requests) as latency_requests,
           monitoring.hist_build(b.bucket, b.latency_requests) as latency_hist,
           sum(b.token_source_provider) as token_source_provider,
           sum(b.token_source_tokenizer) as token_source_tokenizer,
           sum(b.token_source_heuristic) as token_source_heuristic
    from by_bucket b
    group by 1, 2, 3, 4, 5, 6, 7, 8
  ), up as (
    insert into monitoring.usage_hourly as h (
      hour, provider, model, app, environment, prompt_variant, status, error_type,
      requests, errors, tool_calls, tool_failures,
      input_tokens, cache_read_tokens, cache_write_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens,
      system_prompt_tokens, system_prompt_requests, cost_usd, unpriced_requests, unpriced_input_tokens,
      unpriced_output_tokens, latency_ms_sum, latency_requests, latency_hist,
      token_source_provider, token_source_tokenizer, token_source_heuristic, updated_at)
    select g.hour, g.provider, g.model, g.app, g.environment, g.prompt_variant, g.status, g.error_type,
           g.requests, g.errors, g.tool_calls, g.tool_failures,
           g.input_tokens, g.cache_read_tokens, g.cache_write_tokens, g.cache_write_1h_tokens, g.output_tokens,
           g.reasoning_tokens, g.system_prompt_tokens, g.system_prompt_requests, g.cost_usd, g.unpriced_requests,
           g.unpriced_input_tokens, g.unpriced_output_tokens, g.latency_ms_sum, g.latency_requests, g.latency_hist,
           g.token_source_provider, g.token_source_tokenizer, g.token_source_heuristic, now()
    from g
    -- in key order, so that an hour's rows sit together on disk (window reads are hour ranges)
    order by g.hour, g.provider, g.model, g.app, g.environment, g.prompt_variant, g.status, g.error_type
    on conflict (hour, provider, model, app, environment, prompt_variant, status, error_type) do update set
      requests = h.requests + excluded.requests,
      errors = h.errors + excluded.errors,
      tool_calls = h.tool_calls + excluded.tool_calls,
      tool_failures = h.tool_failures + excluded.tool_failures,
      input_tokens = h.input_tokens + excluded.input_tokens,
      cache_read_tokens = h.cache_read_tokens + excluded.cache_read_tokens,
      cache_write_tokens = h.cache_write_tokens + excluded.cache_write_tokens,
      cache_write_1h_tokens = h.cache_write_1h_tokens + excluded.cache_write_1h_tokens,
      output_tokens = h.output_tokens + excluded.output_tokens,
      reasoning_tokens = h.reasoning_tokens + excluded.reasoning_tokens,
      system_prompt_tokens = h.system_prompt_tokens + excluded.system_prompt_tokens,
      system_prompt_requests = h.system_prompt_requests + excluded.system_prompt_requests,
      cost_usd = h.cost_usd + excluded.cost_usd,
      unpriced_requests = h.unpriced_requests + excluded.unpriced_requests,
      unpriced_input_tokens = h.unpriced_input_tokens + excluded.unpriced_input_tokens,
      unpriced_output_tokens = h.unpriced_output_tokens + excluded.unpriced_output_tokens,
      latency_ms_sum = h.latency_ms_sum + excluded.latency_ms_sum,
      latency_requests = h.latency_requests + excluded.latency_requests,
      latency_hist = monitoring.hist_add(h.latency_hist, excluded.latency_hist),
      token_source_provider = h.token_source_provider + excluded.token_source_provider,
      token_source_tokenizer = h.token_source_tokenizer + excluded.token_source_tokenizer,
      token_source_heuristic = h.token_source_heuristic + excluded.token_source_heuristic,
      updated_at = now()
    returning 1
  ), t as (
    select e.hour, x.tool ->> 'name' as tool_name, e.app, e.environment, e.model, e.prompt_variant,
           count(*) as requests,
           sum((x.tool ->> 'calls')::bigint) as calls,
           sum(coalesce((x.tool ->> 'failures')::bigint, 0)) as failures
    from q e
    cross join lateral jsonb_array_elements(e.tools) x(tool)
    where e.tools is not null
    group by 1, 2, 3, 4, 5, 6
  ), upt as (
    insert into monitoring.tool_usage_hourly as th (
      hour, tool_name, app, environment, model, prompt_variant, requests, calls, failures, updated_at)
    select t.hour, t.tool_name, t.app, t.environment, t.model, t.prompt_variant, t.requests, t.calls, t.failures, now()
    from t
    order by t.hour, t.tool_name, t.app, t.environment, t.model, t.prompt_variant
    on conflict (hour, tool_name, app, environment, model, prompt_variant) do update set
      requests = th.requests + excluded.requests,
      calls = th.calls + excluded.calls,
      failures = th.failures + excluded.failures,
      updated_at = now()
    returning 1
  )
  -- (counted from the groups, so the queued rows are read only by the two aggregations)
  select coalesce((select sum(g.requests) from g), 0), (select max(g.max_event_id) from g),
         (select count(*) from up), (select count(*) from upt)
  into v_events, v_max_id, v_hourly, v_tools;

  v_ms := round(extract(epoch from clock_timestamp() - v_started)::numeric * 1000, 1);

  if v_events > 0 then
    update monitoring.usage_rollup_state
       set last_run_at = now(),
           last_events = v_events,
           last_max_event_id = v_max_id,
           last_duration_ms = v_ms,
           total_events = total_events + v_events
     where id;
  end if;

  return jsonb_build_object(
    'ran', true,
    'events', v_events,
    'hourly_rows', v_hourly,
    'tool_rows', v_tools,
    'max_event_id', v_max_id,
    'duration_ms', v_ms);
end
$$;

comment on function monitoring.drain_usage_rollup_queue() is
  'Internal: adds every committed queued event to usage_hourly and tool_usage_hourly and deletes its queue row, in one statement. Call refresh_usage_rollups instead.';

-- The job. Returns {"ran": false, "reason": ...} at once when another run holds the lock,
-- else {"ran": true, "events", "hourly_rows", "tool_rows", "max_event_id", "duration_ms"}.
create function monitoring.refresh_usage_rollups()
returns jsonb
language plpgsql
as $$
begin
  if not pg_try_advisory_xact_lock(monitoring.usage_rollup_lock_key()) then
    return jsonb_build_object('ran', false, 'reason', 'another rollup or reprice holds the lock');
  end if;
  return monitoring.drain_usage_rollup_queue();
end
$$;

comment on function monitoring.refresh_usage_rollups() is
  'Adds events stored since the last run to usage_hourly and tool_usage_hourly. Idempotent; try-locked (a concurrent call returns {"ran": false} at once). pg_cron job tokenwatch-rollup runs it every minute.';

-- ---------------------------------------------------------------------------------------
-- Security
-- ---------------------------------------------------------------------------------------

alter table monitoring.usage_hourly enable row level security;
alter table monitoring.tool_usage_hourly enable row level security;
alter table monitoring.usage_rollup_queue enable row level security;
alter table monitoring.usage_rollup_state enable row level security;
create policy usage_hourly_service_role on monitoring.usage_hourly
  for all to service_role using (true) with check (true);
create policy tool_usage_hourly_service_role on monitoring.tool_usage_hourly
  for all to service_role using (true) with check (true);
create policy usage_rollup_queue_service_role on monitoring.usage_rollup_queue
  for all to service_role using (true) with check (true);
create policy usage_rollup_state_service_role on monitoring.usage_rollup_state
  for all to service_role using (true) with check (true);

revoke all on table monitoring.usage_hourly, monitoring.tool_usage_hourly, monitoring.usage_rollup_queue,
  monitoring.usage_rollup_state from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.usage_hourly, monitoring.tool_usage_hourly,
  monitoring.usage_rollup_queue, monitoring.usage_rollup_state to service_role;

revoke all on function
  monitoring.latency_bucket_bounds(), monitoring.latency_bucket(integer),
  monitoring.hist_from_sparse(integer[], bigint[]), monitoring.hist_add(integer[], integer[]),
  monitoring.hist_put(integer[], integer, bigint), monitoring.hist_build(integer, bigint),
  monitoring.hist_accum(bigint[], integer[]), monitoring.hist_combine(bigint[], bigint[]),
  monitoring.hist_sum(integer[]), monitoring.hist_percentile(bigint[], float8),
  monitoring.usage_events_enqueue(), monitoring.usage_rollup_lock_key(),
  monitoring.drain_usage_rollup_queue(), monitoring.refresh_usage_rollups()
  from public, anon, authenticated;
grant execute on function
  monitoring.latency_bucket_bounds(), monitoring.latency_bucket(integer),
  monitoring.hist_from_sparse(integer[], bigint[]), monitoring.hist_add(integer[], integer[]),
  monitoring.hist_put(integer[], integer, bigint), monitoring.hist_build(integer, bigint),
  monitoring.hist_accum(bigint[], integer[]), monitoring.hist_combine(bigint[], bigint[]),
  monitoring.hist_sum(integer[]), monitoring.hist_percentile(bigint[], float8),
  monitoring.usage_events_enqueue(), monitoring.usage_rollup_lock_key(),
  monitoring.drain_usage_rollup_queue(), monitoring.refresh_usage_rollups()
  to service_role;

-- Every minute (pg_cron 1.4 takes cron syntax only). Scheduling by name replaces an
-- existing job of that name, so re-running this is harmless.
select cron.schedule('tokenwatch-rollup', '* * * * *', $$select monitoring.refresh_usage_rollups()$$);
