-- monitoring.usage_events: one row per LLM request (DESIGN.md "Data contract").
--
-- Token semantics (OpenTelemetry GenAI): input_tokens counts ALL input tokens, the cache
-- reads and writes included; output_tokens counts all output, reasoning included.
--
-- Sizing for hundreds of millions of rows: a plain (unpartitioned) table.
--   * Monthly range partitions on occurred_at would make retention a DROP, but every unique
--     index of a partitioned table must contain the partition key, so the idempotency key
--     would become (source, request_id, occurred_at). A retried request is often re-stamped
--     (client clock, proxy retry), so the retry would land as a second row, possibly in
--     another partition, and be counted twice. Keeping (source, request_id) truly unique is
--     worth more than cheap retention; old rows are removed with batched deletes instead, and
--     history questions are answered from monitoring.usage_hourly, not from this table.
--   * btree (occurred_at): the only time-range reads here are narrow (the partial hours at
--     the edges of a window, drill-downs of a day, reprice of a period). A btree stays exact
--     when rows arrive out of time order (imports of old traffic, late events), where a BRIN
--     index's block ranges would widen and degrade to large scans.
--   * btree (source, request_id): the idempotency key (insert ... on conflict do nothing).
--   * partial btree (conversation_id, occurred_at): conversation drill-down.
--   * integer token columns (a single request cannot carry 2^31 tokens); sums are bigint.
--
-- cost_usd is set by a BEFORE INSERT trigger from monitoring.event_cost, so every path that
-- stores events (ingest, importers, COPY) prices them the same way; any value the caller
-- sends is replaced. Events are append-only: monitoring.reprice is the one sanctioned update.

create table monitoring.usage_events (
  id bigint generated always as identity primary key,
  request_id text not null,
  source text not null default 'api',
  occurred_at timestamptz not null,
  provider text not null,
  model text not null,
  input_tokens integer not null default 0,
  cache_read_tokens integer not null default 0,
  cache_write_tokens integer not null default 0,
  cache_write_1h_tokens integer not null default 0,
  output_tokens integer not null default 0,
  reasoning_tokens integer not null default 0,
  system_prompt_tokens integer,
  tool_calls integer not null default 0,
  tool_failures integer not null default 0,
  status text not null default 'ok',
  error_type text,
  latency_ms integer,
  conversation_id text,
  user_id text,
  app text,
  environment text,
  prompt_variant text,
  token_source text not null default 'provider',
  cost_usd numeric,
  metadata jsonb not null default '{}'::jsonb,
  tools jsonb,
  system_prompt_hash text,
  ingested_at timestamptz not null default now(),

  constraint usage_events_source_request_id_key unique (source, request_id),
  constraint usage_events_request_id_not_blank check (btrim(request_id) <> '' and length(request_id) <= 512),
  constraint usage_events_source_not_blank check (btrim(source) <> ''),
  constraint usage_events_provider_not_blank check (btrim(provider) <> ''),
  constraint usage_events_model_not_blank check (btrim(model) <> ''),
  constraint usage_events_tokens_non_negative check (
    input_tokens >= 0 and cache_read_tokens >= 0 and cache_write_tokens >= 0
    and cache_write_1h_tokens >= 0 and output_tokens >= 0 and reasoning_tokens >= 0),
  constraint usage_events_cache_within_input check (cache_read_tokens + cache_write_tokens <= input_tokens),
  constraint usage_events_cache_1h_within_cache_write check (cache_write_1h_tokens <= cache_write_tokens),
  constraint usage_events_reasoning_within_output check (reasoning_tokens <= output_tokens),
  constraint usage_events_system_prompt_within_input check (
    system_prompt_tokens is null or system_prompt_tokens between 0 and input_tokens),
  constraint usage_events_tool_counts check (tool_calls >= 0 and tool_failures >= 0 and tool_failures <= tool_calls),
  constraint usage_events_status_known check (status in ('ok', 'error')),
  constraint usage_events_token_source_known check (token_source in ('provider', 'tokenizer', 'heuristic')),
  constraint usage_events_latency_non_negative check (latency_ms is null or latency_ms >= 0),
  constraint usage_events_cost_non_negative check (cost_usd is null or cost_usd >= 0),
  constraint usage_events_metadata_object check (jsonb_typeof(metadata) = 'object'),
  constraint usage_events_system_prompt_hash_sha256 check (
    system_prompt_hash is null or system_prompt_hash ~ '^[0-9a-f]{64}$')
);

-- Per-tool detail: null, or an array of {"name": text, "calls": int >= 0, "failures": int 0..calls}.
create function monitoring.tools_are_valid(p_tools jsonb)
returns boolean
language sql immutable parallel safe
as $$
  select p_tools is null
      or (jsonb_typeof(p_tools) = 'array'
          and not exists (
            select 1
            from jsonb_array_elements(p_tools) t(e)
            where jsonb_typeof(t.e) is distinct from 'object'
               or jsonb_typeof(t.e -> 'name') is distinct from 'string'
               or btrim(t.e ->> 'name') = ''
               or jsonb_typeof(t.e -> 'calls') is distinct from 'number'
               or (t.e ->> 'calls')::numeric <> trunc((t.e ->> 'calls')::numeric)
               or (t.e ->> 'calls')::numeric not between 0 and 2147483647
               or (t.e ? 'failures' and (
                     jsonb_typeof(t.e -> 'failures') is distinct from 'number'
                     or (t.e ->> 'failures')::numeric <> trunc((t.e ->> 'failures')::numeric)
                     or (t.e ->> 'failures')::numeric < 0
                     or (t.e ->> 'failures')::numeric > (t.e ->> 'calls')::numeric))))
$$;

comment on function monitoring.tools_are_valid(jsonb) is
  'true when usage_events.tools is null or an array of {"name": text, "calls": int >= 0, "failures": int between 0 and calls}.';

alter table monitoring.usage_events
  add constraint usage_events_tools_shape check (monitoring.tools_are_valid(tools));

create index usage_events_occurred_at_idx on monitoring.usage_events (occurred_at);
create index usage_events_conversation_idx on monitoring.usage_events (conversation_id, occurred_at)
  where conversation_id is not null;

comment on table monitoring.usage_events is
  'One row per LLM request. Token fields follow OpenTelemetry GenAI: input_tokens includes cache reads/writes, output_tokens includes reasoning. Append-only; cost_usd set at insert.';
comment on column monitoring.usage_events.id is 'Surrogate key, assigned at insert.';
comment on column monitoring.usage_events.request_id is 'Idempotency key from the caller; unique together with source.';
comment on column monitoring.usage_events.source is 'Who sent the event (app name, importer); default api.';
comment on column monitoring.usage_events.occurred_at is 'When the request was made.';
comment on column monitoring.usage_events.provider is 'LLM provider, e.g. openai, anthropic, google.';
comment on column monitoring.usage_events.model is 'Model name as the provider reports it, e.g. gpt-4o-2024-08-06.';
comment on column monitoring.usage_events.input_tokens is 'All input tokens, cache reads and cache writes included.';
comment on column monitoring.usage_events.cache_read_tokens is 'Part of input_tokens read from the prompt cache.';
comment on column monitoring.usage_events.cache_write_tokens is 'Part of input_tokens written to the prompt cache (all lifetimes).';
comment on column monitoring.usage_events.cache_write_1h_tokens is 'Part of cache_write_tokens written with a one-hour lifetime (Anthropic).';
comment on column monitoring.usage_events.output_tokens is 'All output tokens, reasoning included.';
comment on column monitoring.usage_events.reasoning_tokens is 'Part of output_tokens spent on reasoning.';
comment on column monitoring.usage_events.system_prompt_tokens is 'Part of input_tokens spent on the system prompt; NULL when unknown.';
comment on column monitoring.usage_events.tool_calls is 'Tool calls made while serving this request.';
comment on column monitoring.usage_events.tool_failures is 'Of tool_calls, how many failed.';
comment on column monitoring.usage_events.status is 'ok or error.';
comment on column monitoring.usage_events.error_type is 'Error class when status = error, e.g. rate_limit, timeout.';
comment on column monitoring.usage_events.latency_ms is 'End-to-end latency in milliseconds.';
comment on column monitoring.usage_events.conversation_id is 'Conversation this request belongs to.';
comment on column monitoring.usage_events.user_id is 'End user the request served.';
comment on column monitoring.usage_events.app is 'Application that made the request.';
comment on column monitoring.usage_events.environment is 'Deployment environment, e.g. production, staging.';
comment on column monitoring.usage_events.prompt_variant is 'Prompt design that served the request, e.g. mcp or traditional.';
comment on column monitoring.usage_events.token_source is 'Where the token counts come from: provider (reported), tokenizer (counted), heuristic (estimated).';
comment on column monitoring.usage_events.cost_usd is 'USD at the price in force at occurred_at (set at insert, changed only by monitoring.reprice); NULL when no price is known.';
comment on column monitoring.usage_events.metadata is 'Anything else the caller sent, as a JSON object.';
comment on column monitoring.usage_events.tools is 'Per-tool detail: null or [{"name": text, "calls": int, "failures": int}].';
comment on column monitoring.usage_events.system_prompt_hash is 'sha256 (hex) of the system prompt, when known.';
comment on column monitoring.usage_events.ingested_at is 'When the event was stored.';

-- Price every stored event, whatever path stored it.
create function monitoring.usage_events_set_cost()
returns trigger
language plpgsql
as $$
begin
  new.cost_usd := monitoring.event_cost(
    new.model, new.occurred_at, new.input_tokens, new.output_tokens,
    new.cache_read_tokens, new.cache_write_tokens, new.cache_write_1h_tokens);
  return new;
end
$$;

comment on function monitoring.usage_events_set_cost() is
  'BEFORE INSERT trigger on usage_events: sets cost_usd from monitoring.event_cost (NULL when unpriced).';

create trigger usage_events_set_cost
  before insert on monitoring.usage_events
  for each row execute function monitoring.usage_events_set_cost();

alter table monitoring.usage_events enable row level security;
create policy usage_events_service_role on monitoring.usage_events
  for all to service_role using (true) with check (true);

revoke all on table monitoring.usage_events from public, anon, authenticated;
grant select, insert, update, delete on table monitoring.usage_events to service_role;
revoke all on function monitoring.tools_are_valid(jsonb) from public, anon, authenticated;
revoke all on function monitoring.usage_events_set_cost() from public, anon, authenticated;
grant execute on function monitoring.tools_are_valid(jsonb) to service_role;
grant execute on function monitoring.usage_events_set_cost() to service_role;
